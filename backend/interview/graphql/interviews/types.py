"""GraphQL types of an interview: personas, questions, transcripts, feedback, metrics, sessions."""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.types.nodes import SelectedField

from interview.ai.base import SynthesizedSpeech
from interview.db.rows import Row
from interview.graphql.context import Info
from interview.graphql.decorators import described_field
from interview.graphql.enums import (
    Difficulty,
    InterviewType,
    QuestionType,
    SessionStatus,
    Speaker,
    by_value,
)
from interview.graphql.interviews import video
from interview.graphql.later import later
from interview.graphql.media import media_url
from interview.interviews.stored import json_value

if TYPE_CHECKING:
    from interview.graphql.reports.types import Report

_question_type = by_value(QuestionType)
_difficulty = by_value(Difficulty)
_speaker = by_value(Speaker)
_interview_type = by_value(InterviewType)
_session_status = by_value(SessionStatus)


def _id(value: Any) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type
class Persona:
    id: strawberry.ID
    name: str
    title: str
    style: str = strawberry.field(description="How this interviewer behaves: warm, terse, probing...")
    description: str
    voice: str = strawberry.field(description="TTS voice used for this persona.")

    @classmethod
    def from_row(cls, row: Row) -> Persona:
        return cls(
            id=_id(row["id"]),
            name=row["name"],
            title=row["title"],
            style=row["style"],
            description=row["description"],
            voice=row["voice"],
        )


@strawberry.type
class SpeechAudio:
    mime_type: str = strawberry.field(description="audio/ogg, audio/webm, audio/mpeg or audio/wav")
    base64: str = strawberry.field(description="Base64 of the whole clip.")
    duration_ms: int
    url: str | None = strawberry.field(
        default=None,
        description=(
            "A signed URL serving the same clip (see the conventions); null for a clip that is not stored."
        ),
    )

    @classmethod
    def from_speech(cls, speech: SynthesizedSpeech | None, url: str | None = None) -> SpeechAudio | None:
        """`url`: the clip's signed URL when it is stored (interview.graphql.media.media_url)."""
        if speech is None:
            return None
        return cls(
            mime_type=speech.mime_type,
            base64=base64.b64encode(speech.audio).decode(),
            duration_ms=speech.duration_ms,
            url=url,
        )


@strawberry.type
class Question:
    id: strawberry.ID
    sequence_number: int
    question_text: str
    question_type: QuestionType
    difficulty: Difficulty
    is_follow_up: bool
    generated_by_model: str
    asked_at: datetime
    answered_at: datetime | None
    response_time_seconds: int | None
    answer_quality_score: float | None
    skipped: bool = strawberry.field(description="True when the candidate skipped this question.")
    row: strawberry.Private[Row]

    lead_in: str | None = strawberry.field(
        default=None,
        description=(
            "What the interviewer said before the question (a greeting, a transition, an "
            "acknowledgement), spoken but not part of questionText; null when nothing."
        ),
    )

    @described_field("The question as the interviewer spoke it, stored; null when speech synthesis failed.")
    async def audio(self, info: Info) -> SpeechAudio | None:
        loaders = info.context.loaders
        clip = await loaders.question_clip.load(self.row["id"])
        if clip is None:
            return None
        # The clip's bytes are read only for a query that asks for them (the SPA plays the URL).
        data = await loaders.question_clip_data.load(self.row["id"]) if _asks_for(info, "base64") else None
        return SpeechAudio(
            mime_type=clip["mime_type"],
            base64=base64.b64encode(data).decode() if data else "",
            duration_ms=clip["duration_ms"],
            url=media_url(info, "question", self.row["id"], self.row["session"]),
        )

    @classmethod
    def from_row(cls, row: Row) -> Question:
        return cls(
            id=_id(row["id"]),
            sequence_number=row["sequence_number"],
            question_text=row["question_text"],
            question_type=_question_type(row["question_type"]),
            difficulty=_difficulty(row["difficulty"]),
            is_follow_up=row["is_follow_up"],
            generated_by_model=row["generated_by_model"],
            asked_at=row["asked_at"],
            answered_at=row["answered_at"],
            response_time_seconds=row["response_time_seconds"],
            answer_quality_score=row["answer_quality_score"],
            skipped=row["skipped"],
            lead_in=row.get("lead_in") or None,
            row=row,
        )


def _asks_for(info: Info, name: str) -> bool:
    """Whether the selection of the field being resolved names field `name` (fragments included)."""
    pending: list[Any] = [selection for field in info.selected_fields for selection in field.selections]
    while pending:
        selection = pending.pop()
        if isinstance(selection, SelectedField) and selection.name == name:
            return True
        pending.extend(getattr(selection, "selections", ()))
    return False


@strawberry.type
class VoiceMetrics:
    speech_pace: float = strawberry.field(description="Words per minute over speaking time.")
    pause_count: int
    filler_word_count: int
    filler_words: list[str]
    volume_level: float = strawberry.field(description="0..1, loudness of speech.")
    clarity_score: float = strawberry.field(description="0..10")
    longest_pause_ms: int | None = None
    response_latency_ms: int | None = strawberry.field(
        default=None, description="Silence before the first word."
    )
    speaking_time_ms: int | None = None

    @classmethod
    def from_transcript_row(cls, row: Row) -> VoiceMetrics | None:
        if row["speaker"] != "USER" or row["speech_pace"] is None:
            return None
        return cls(
            speech_pace=row["speech_pace"],
            pause_count=row["pause_count"] or 0,
            filler_word_count=row["filler_word_count"] or 0,
            filler_words=_json_list(row["filler_words"]),  # JSONB: text from a plain select
            volume_level=row["volume_level"] or 0.0,
            clarity_score=row["clarity_score"] or 0.0,
            longest_pause_ms=row["longest_pause_ms"],
            response_latency_ms=row["response_latency_ms"],
            speaking_time_ms=row["speaking_time_ms"],
        )


@strawberry.type
class StarAnalysis:
    has_situation: bool
    has_task: bool
    has_action: bool
    has_result: bool


def _json_list(value: Any) -> list[str]:
    return [str(item) for item in (json_value(value) or [])]


@strawberry.type
class Feedback:
    id: strawberry.ID
    technical_score: float
    clarity_score: float
    confidence_score: float
    behavioral_score: float
    overall_score: float
    technical_feedback: str
    clarity_feedback: str
    confidence_feedback: str
    behavioral_feedback: str
    star: StarAnalysis
    speech_quality_score: float
    filler_words_detected: list[str]
    feedback_summary: str
    improvement_suggestions: list[str]
    evaluator_model: str

    @classmethod
    def from_row(cls, row: Row) -> Feedback:
        return cls(
            id=_id(row["id"]),
            technical_score=row["technical_score"],
            clarity_score=row["clarity_score"],
            confidence_score=row["confidence_score"],
            behavioral_score=row["behavioral_score"],
            overall_score=row["overall_score"],
            technical_feedback=row["technical_feedback"],
            clarity_feedback=row["clarity_feedback"],
            confidence_feedback=row["confidence_feedback"],
            behavioral_feedback=row["behavioral_feedback"],
            star=StarAnalysis(
                has_situation=row["has_situation"],
                has_task=row["has_task"],
                has_action=row["has_action"],
                has_result=row["has_result"],
            ),
            speech_quality_score=row["speech_quality_score"],
            filler_words_detected=_json_list(row["filler_words_detected"]),
            feedback_summary=row["feedback_summary"],
            improvement_suggestions=_json_list(row["improvement_suggestions"]),
            evaluator_model=row["evaluator_model"],
        )


ANONYMOUS_CANDIDATE = "Candidate"
"""How a shared report names the candidate."""


@strawberry.type
class Transcript:
    id: strawberry.ID
    sequence_number: int
    speaker: Speaker
    text: str
    language: str | None
    audio_duration_ms: int | None
    confidence_score: float | None = strawberry.field(description="STT confidence 0..1")

    @strawberry.field
    def speaker_name(self, info: Info) -> str:
        # Through a share link the candidate stays anonymous (graphql.reports: reportByShareToken).
        if self.row["speaker"] == "USER" and info.context.anonymous_candidate:
            return ANONYMOUS_CANDIDATE
        return str(self.row["speaker_name"])

    @strawberry.field
    def voice_metrics(self) -> VoiceMetrics | None:
        # Made when asked for: a page of reports reads best answers without their metrics.
        return VoiceMetrics.from_transcript_row(self.row)

    timestamp: datetime
    row: strawberry.Private[Row]

    @classmethod
    def from_row(cls, row: Row) -> Transcript:
        return cls(
            id=_id(row["id"]),
            sequence_number=row["sequence_number"],
            speaker=_speaker(row["speaker"]),
            text=row["text"],
            language=row["language"],
            audio_duration_ms=row["audio_duration_ms"],
            confidence_score=row["confidence_score"],
            timestamp=row["timestamp"],
            row=row,
        )

    @strawberry.field
    async def feedback(self, info: Info) -> Feedback | None:
        if self.row["speaker"] != "USER":
            return None
        row = await info.context.loaders.feedback_by_transcript.load(self.row["id"])
        return Feedback.from_row(row) if row else None

    @described_field(
        "The candidate's recorded answer (USER rows with stored audio; null otherwise, and through a "
        "share link, which shares the report but not the candidate's voice); a signed URL, see the "
        "conventions."
    )
    async def audio_url(self, info: Info) -> str | None:
        if self.row["speaker"] != "USER" or self.row["session"] in info.context.shared_sessions:
            return None
        turn = (self.row["session"], self.row["sequence_number"])
        if not await info.context.loaders.has_answer_audio.load(turn):
            return None
        return media_url(info, "answer", self.row["id"], self.row["session"])

    @described_field(
        "The camera recording of this answer (USER rows of interviews with video; through a share "
        "link only when the owner included video); a signed URL serving video/webm with byte ranges."
    )
    async def video_url(self, info: Info) -> str | None:
        return await video.video_url(info, self.row, "video")

    @described_field(
        "WebVTT captions of the video, timed from the recording's speech; a signed URL, null without a video."
    )
    async def captions_url(self, info: Info) -> str | None:
        return await video.video_url(info, self.row, "captions")

    @described_field(
        "Fillers, long pauses and the phrases the evaluator quoted, in time order; empty without a video."
    )
    async def timeline(self, info: Info) -> list[video.TimelineMarker]:
        return await video.timeline_markers(info, self.row)


@strawberry.type
class LiveMetrics:
    session_id: strawberry.ID
    current_question_number: int
    questions_completed: int
    rolling_technical_avg: float | None
    rolling_clarity_avg: float | None
    rolling_confidence_avg: float | None
    rolling_behavioral_avg: float | None
    current_speech_pace: float | None
    current_volume: float | None
    silence_duration_ms: int | None
    estimated_time_remaining: int | None
    last_updated: datetime

    @classmethod
    def from_row(cls, row: Row) -> LiveMetrics:
        return cls(
            session_id=_id(row["session"]),
            current_question_number=row["current_question_number"],
            questions_completed=row["questions_completed"],
            rolling_technical_avg=row["rolling_technical_avg"],
            rolling_clarity_avg=row["rolling_clarity_avg"],
            rolling_confidence_avg=row["rolling_confidence_avg"],
            rolling_behavioral_avg=row["rolling_behavioral_avg"],
            current_speech_pace=row["current_speech_pace"],
            current_volume=row["current_volume"],
            silence_duration_ms=row["silence_duration_ms"],
            estimated_time_remaining=row["estimated_time_remaining"],
            last_updated=row["last_updated"],
        )


VISIBLE_TRANSCRIPT_STATUSES = ("TRANSCRIBED", "COMPLETE")


@strawberry.type
class InterviewSession:
    id: strawberry.ID
    job_title: str
    interview_type: InterviewType
    difficulty: Difficulty
    status: SessionStatus
    start_time: datetime
    end_time: datetime | None
    video_enabled: bool
    audio_enabled: bool
    total_questions: int = strawberry.field(description="How many questions this interview asks.")
    total_responses: int
    current_difficulty: Difficulty = strawberry.field(description="Where the adaptive difficulty stands now.")
    row: strawberry.Private[Row]
    related: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)
    """Rows fetched beforehand for a page of reports: "persona"; absent, it loads through the DataLoader."""

    @classmethod
    def from_row(cls, row: Row, related: dict[str, Any] | None = None) -> InterviewSession:
        return cls(
            id=_id(row["id"]),
            job_title=row["job_title"],
            interview_type=_interview_type(row["interview_type"]),
            difficulty=_difficulty(row["difficulty"]),
            status=_session_status(row["status"]),
            start_time=row["start_time"],
            end_time=row["end_time"],
            video_enabled=row["video_enabled"],
            audio_enabled=row["audio_enabled"],
            total_questions=row["planned_questions"],
            total_responses=row["total_responses"],
            current_difficulty=_difficulty(row["current_difficulty"]),
            row=row,
            related=related or {},
        )

    @described_field("The job posting the questions were tailored to; null when none was given.")
    def job_description(self) -> str | None:
        return cast(str | None, self.row.get("job_description"))

    @strawberry.field
    def duration_seconds(self) -> int | None:
        """Seconds from start to end; while the interview runs, so far."""
        end = self.row["end_time"] or (
            datetime.now(UTC) if self.row["status"] in ("ACTIVE", "PAUSED") else None
        )
        if end is None:
            return None
        return max(0, int((end - self.row["start_time"]).total_seconds()))

    @strawberry.field
    def persona(self, info: Info) -> Persona:
        if "persona" in self.related:
            return Persona.from_row(self.related["persona"])
        return later(self._persona(info))

    async def _persona(self, info: Info) -> Persona:
        row = await info.context.loaders.persona.load(self.row["persona"])
        assert row is not None, "sessions reference personas with ON DELETE RESTRICT"
        return Persona.from_row(row)

    @strawberry.field
    async def questions(self, info: Info) -> list[Question]:
        rows = await info.context.loaders.questions_by_session.load(self.row["id"])
        return [Question.from_row(r) for r in rows]

    @strawberry.field
    async def transcripts(self, info: Info) -> list[Transcript]:
        rows = await info.context.loaders.transcripts_by_session.load(self.row["id"])
        return [Transcript.from_row(r) for r in rows if r["status"] in VISIBLE_TRANSCRIPT_STATUSES]

    @strawberry.field
    async def live_metrics(self, info: Info) -> LiveMetrics | None:
        row = await info.context.loaders.live_metrics_by_session.load(self.row["id"])
        return LiveMetrics.from_row(row) if row else None

    @strawberry.field
    async def report(
        self, info: Info
    ) -> Annotated[Report, strawberry.lazy("interview.graphql.reports.types")] | None:
        from interview.graphql.reports.types import Report

        row = await info.context.loaders.report_by_session.load(self.row["id"])
        return Report.from_row(row) if row else None


@strawberry.type
class InterviewerTurn:
    question: Question
    audio: SpeechAudio | None = strawberry.field(
        description="Null when speech synthesis failed; the question text still stands."
    )


def interviewer_turn(info: Info, question: Row, speech: SynthesizedSpeech | None) -> InterviewerTurn:
    """A question just asked (or asked again) and its clip, which is stored: with its signed URL."""
    url = None if speech is None else media_url(info, "question", question["id"], question["session"])
    audio = SpeechAudio.from_speech(speech, url=url)
    return InterviewerTurn(question=Question.from_row(question), audio=audio)


@strawberry.type
class Transcription:
    text: str
    confidence: float | None
    language: str | None
    duration_ms: int


@strawberry.type
class AnswerResult:
    transcript: Transcript
    transcription: Transcription
    voice_metrics: VoiceMetrics
    evaluation: Feedback
    interviewer_response: InterviewerTurn | None = strawberry.field(
        description="Null when the interview has reached its last question."
    )
    live_metrics: LiveMetrics


@strawberry.input
class StartInterviewInput:
    persona_id: strawberry.ID
    job_title: str
    interview_type: InterviewType
    difficulty: Difficulty
    video_enabled: bool = True
    audio_enabled: bool = True
    job_description: str | None = strawberry.field(
        default=None,
        description="Optional, at most 20,000 characters: a pasted job posting. Questions are then drawn "
        "from and tailored to it (its stack, duties and seniority).",
    )
