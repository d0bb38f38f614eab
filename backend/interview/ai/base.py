"""The four AI roles (and the report writer) as small interfaces over neutral dataclasses.

Vendor folders (openai/, anthropic/, local/) implement these; nothing outside them imports a
vendor SDK. Every result names the model and prompt version that produced it, so they can be
stored beside it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from interview.speech.levels import AudioSummary
from interview.speech.types import (
    DecodedAudio,
    PartialTranscript,
    TranscriptionResult,
    VoiceMetrics,
    VoiceProfile,
)
from interview.speech.vad import VoiceActivity

InterviewType = Literal["TECHNICAL", "BEHAVIORAL", "SYSTEM_DESIGN"]
Difficulty = Literal["EASY", "MEDIUM", "HARD"]
QuestionType = Literal["TECHNICAL", "BEHAVIORAL", "FOLLOW_UP", "CLARIFICATION"]
Speaker = Literal["USER", "AI"]


@dataclass(frozen=True)
class SynthesizedSpeech:
    audio: bytes
    mime_type: str
    duration_ms: int
    model: str


# --- a streamed answer -------------------------------------------------------------------


@dataclass(frozen=True)
class StreamedTranscript:
    """A finished streamed answer: its audio (without the PCM), voice activity and transcript."""

    summary: AudioSummary
    activity: VoiceActivity
    """Equal to `detect_voice` of the decoded answer: pass it to `voice_metrics`."""
    transcription: TranscriptionResult
    left_at_finish_ms: int
    """Audio that was still to transcribe when the answer finished."""


@dataclass(frozen=True)
class ReceivedAudio:
    """A streamed answer's audio decoded so far (contiguous from chunk 0) and its voice activity."""

    samples: npt.NDArray[np.int16]
    activity: VoiceActivity
    """Equal to `detect_voice(samples)` (whole frames judged so far)."""


@runtime_checkable
class LiveTranscription(Protocol):
    """One answer transcribed while its recorder chunks arrive (local or cloud).

    `add_chunk` is `receive` (decode only the new audio: quick) then `transcribe_received`
    (transcribe the utterances it closed: slow); callers that must answer quickly call them apart.
    """

    @property
    def partial(self) -> PartialTranscript: ...

    async def add_chunk(self, index: int, data: bytes) -> PartialTranscript | None: ...

    async def receive(self, index: int, data: bytes) -> ReceivedAudio: ...

    async def transcribe_received(self) -> PartialTranscript | None: ...

    def transcript_so_far(self) -> TranscriptionResult | None:
        """The transcription `finish()` would give if only silence followed what was received;
        None while some speech received is still being transcribed, or when it cannot be known
        before the finish (the stream failed)."""
        ...

    async def finish(self) -> StreamedTranscript: ...

    async def aclose(self) -> None: ...


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationRequest:
    job_title: str
    interview_type: InterviewType
    difficulty: Difficulty
    question_text: str
    question_type: QuestionType
    answer_text: str
    voice_metrics: VoiceMetrics | None
    job_description: str | None = None
    """The posting the candidate practises for: feedback speaks to its stack, duties and seniority."""


@dataclass(frozen=True)
class StarFlags:
    has_situation: bool
    has_task: bool
    has_action: bool
    has_result: bool


@dataclass(frozen=True)
class Evaluation:
    """Scores 0..10 with feedback per category; `overall` is computed by `overall_score`."""

    technical: float
    clarity: float
    confidence: float
    behavioral: float
    overall: float
    technical_feedback: str
    clarity_feedback: str
    confidence_feedback: str
    behavioral_feedback: str
    star: StarFlags
    summary: str
    suggestions: list[str]
    speech_quality: float
    filler_words: list[str]
    model: str
    prompt_version: str
    missed_points: list[str] = field(default_factory=list)
    """What a strong answer covers that this one did not (e.g. the question's key points), in the
    evaluator's words; the interviewer follows up on them. Empty when not known (a stored row)."""


Category = Literal["technical", "clarity", "confidence", "behavioral"]

SCORED_CATEGORIES: dict[InterviewType, tuple[Category, ...]] = {
    "TECHNICAL": ("technical", "clarity", "confidence"),
    "SYSTEM_DESIGN": ("technical", "clarity", "confidence"),
    "BEHAVIORAL": ("behavioral", "clarity", "confidence"),
}
"""The categories that count for each interview type, and so are averaged and shown.

A technical or system design answer is judged on its content (technical) and on its delivery
(clarity, confidence); the STAR structure of the behavioral score is not what it is asked for.
A behavioral answer is judged on its story (behavioral: STAR, ownership, result) and on its
delivery; it asks for no technical knowledge, so a technical score would only drag it down.
Every answer still gets all four scores (the contract's Feedback has them); the ones that do not
count are neither averaged nor weighted into the overall score.
"""

_CATEGORY_WEIGHTS: dict[Category, float] = {
    "technical": 0.5,
    "behavioral": 0.5,
    "clarity": 0.25,
    "confidence": 0.25,
}
"""Content weighs as much as delivery: the type's content category half, clarity and confidence
a quarter each."""


def counts_for(interview_type: InterviewType, category: Category) -> bool:
    """Whether `category` is scored for an interview of this type (see SCORED_CATEGORIES)."""
    return category in SCORED_CATEGORIES[interview_type]


def overall_score(
    interview_type: InterviewType, technical: float, clarity: float, confidence: float, behavioral: float
) -> float:
    """Weighted mean of the categories that count for the interview type (SCORED_CATEGORIES)."""
    scores: dict[Category, float] = {
        "technical": technical,
        "clarity": clarity,
        "confidence": confidence,
        "behavioral": behavioral,
    }
    counted = SCORED_CATEGORIES[interview_type]
    weight = sum(_CATEGORY_WEIGHTS[c] for c in counted)
    value = sum(_CATEGORY_WEIGHTS[c] * scores[c] for c in counted) / weight
    return round(min(10.0, max(0.0, value)), 1)


# --- the interviewer --------------------------------------------------------------------


@dataclass(frozen=True)
class PersonaProfile:
    name: str
    title: str
    style: str
    description: str
    voice: VoiceProfile


@dataclass(frozen=True)
class ConversationTurn:
    speaker: Speaker
    sequence_number: int
    text: str


@dataclass(frozen=True)
class InterviewContext:
    """What the interviewer knows when it asks question `question_number`."""

    persona: PersonaProfile
    job_title: str
    interview_type: InterviewType
    difficulty: Difficulty
    """The current difficulty (it moves with the scores)."""
    question_number: int
    total_questions: int
    conversation: list[ConversationTurn]
    last_evaluation: Evaluation | None
    """The evaluation of the answer that ends `conversation` (the last USER turn), so a follow-up
    asks for what THAT answer lacked; None when there is no answer or it was skipped."""
    asked_bank_ids: list[str] = field(default_factory=list)
    """Question-bank ids already asked in this session (the local interviewer avoids repeats)."""
    last_answer_skipped: bool = False
    session_seed: str | None = None
    """A stable string per session (e.g. its id): the local interviewer seeds its choices with it,
    so one session replays the same way while different sessions get different questions."""
    job_description: str | None = None
    """The job posting the candidate pasted, if any: questions are drawn from and tailored to it."""


@dataclass(frozen=True)
class NextQuestion:
    text: str
    """Everything the interviewer says (spoken): the lead-in, then the question."""
    question_type: QuestionType
    difficulty: Difficulty
    is_follow_up: bool
    model: str
    prompt_version: str
    bank_id: str | None = None
    lead_in: str = ""
    """The greeting, transition or acknowledgement `text` starts with, before the question proper."""

    @property
    def question(self) -> str:
        """The question without its lead-in: what is shown big, stored and quoted on the report."""
        return split_lead_in(self.text, self.lead_in)[1]


def split_lead_in(text: str, lead_in: str) -> tuple[str, str]:
    """(lead-in, question) of a spoken text; all question when `text` does not start with `lead_in`."""
    lead = lead_in.strip()
    body = text.strip()
    if lead and body.startswith(lead) and body[len(lead) :].strip():
        return lead, body[len(lead) :].strip()
    return "", body


@dataclass(frozen=True)
class TextDelta:
    """A piece of the question's text as it is generated."""

    text: str


# --- the report writer ------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerSummary:
    sequence_number: int
    question_text: str
    answer_text: str
    evaluation: Evaluation | None
    voice_metrics: VoiceMetrics | None
    skipped: bool


@dataclass(frozen=True)
class ReportInput:
    job_title: str
    interview_type: InterviewType
    difficulty: Difficulty
    persona_name: str
    answers: list[AnswerSummary]
    averages: dict[str, float | None]
    """technical, clarity, confidence, behavioral, overall, speech_pace, fillers_per_minute..."""


@dataclass(frozen=True)
class ReportNarrative:
    strengths: list[str]
    weaknesses: list[str]
    key_highlights: list[str]
    immediate_improvements: list[str]
    practice_areas: list[str]
    resources: list[dict[str, str]]
    """Each {"title", "url" (may be empty), "why"}."""
    model: str
    prompt_version: str


# --- the interfaces ---------------------------------------------------------------------


@runtime_checkable
class SpeechToText(Protocol):
    name: str

    async def transcribe(self, audio: DecodedAudio) -> TranscriptionResult: ...


@runtime_checkable
class TextToSpeech(Protocol):
    name: str

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech: ...


@runtime_checkable
class Evaluator(Protocol):
    name: str

    async def evaluate(self, request: EvaluationRequest) -> Evaluation: ...


@runtime_checkable
class Interviewer(Protocol):
    name: str

    def stream_question(self, context: InterviewContext) -> AsyncIterator[TextDelta | NextQuestion]:
        """Yield text deltas as the question is generated, then exactly one NextQuestion."""
        ...


@runtime_checkable
class ReportWriter(Protocol):
    name: str

    async def write(self, report: ReportInput) -> ReportNarrative: ...


async def ask(interviewer: Interviewer, context: InterviewContext) -> NextQuestion:
    """The whole next question, for callers that do not stream."""
    final: NextQuestion | None = None
    async for item in interviewer.stream_question(context):
        if isinstance(item, NextQuestion):
            final = item
    if final is None:
        raise RuntimeError(f"{interviewer.name} ended its stream without a question")
    return final
