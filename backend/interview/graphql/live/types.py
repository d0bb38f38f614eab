"""The interview's events, as the subscriptions deliver them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from interview.graphql.enums import SessionStatus
from interview.graphql.interviews.types import Feedback, LiveMetrics, Question, SpeechAudio, Transcript
from interview.graphql.reports.types import Report


@strawberry.interface(description="Events of one session, in order, as they happen.")
class InterviewEvent:
    session_id: strawberry.ID
    at: datetime


@strawberry.type
class TranscriptReady(InterviewEvent):
    transcript: Transcript


@strawberry.type
class AnswerEvaluated(InterviewEvent):
    transcript_id: strawberry.ID
    feedback: Feedback


@strawberry.type(
    description="The interviewer's next words, streamed: text as it is generated, audio as it is synthesised."
)
class InterviewerSpeech(InterviewEvent):
    question_id: strawberry.ID
    chunk_index: int = strawberry.field(description="0, 1, 2... in order; the last one has final = true.")
    text_delta: str
    audio: SpeechAudio | None
    final: bool
    restarted: bool = strawberry.field(
        description=(
            "True when this chunk starts the question over (a provider failed mid-stream and another "
            "took over): drop the text and stop the audio of this question's earlier chunks."
        )
    )


@strawberry.type
class QuestionAsked(InterviewEvent):
    question: Question


@strawberry.type
class LiveMetricsUpdated(InterviewEvent):
    metrics: LiveMetrics


@strawberry.type
class SessionStatusChanged(InterviewEvent):
    status: SessionStatus


@strawberry.type
class ReportReady(InterviewEvent):
    report: Report


@strawberry.type
class TurnFailed(InterviewEvent):
    sequence_number: int
    code: str
    message: str


@strawberry.type(
    description=(
        "A short phrase the interviewer says once your answer is transcribed, while it is scored "
        "and the next question prepared (apart from InterviewerSpeech, whose numbering it leaves alone)."
    )
)
class InterviewerAcknowledged(InterviewEvent):
    text: str
    audio: SpeechAudio | None


@strawberry.type(
    description=(
        "The words recognised so far in the answer being streamed (appendAnswerAudio); each one "
        "replaces the last, and TranscriptReady replaces them all."
    )
)
class PartialTranscript(InterviewEvent):
    sequence_number: int
    text: str


EVENT_TYPES = (
    TranscriptReady,
    AnswerEvaluated,
    InterviewerSpeech,
    QuestionAsked,
    LiveMetricsUpdated,
    SessionStatusChanged,
    ReportReady,
    TurnFailed,
    InterviewerAcknowledged,
    PartialTranscript,
)
