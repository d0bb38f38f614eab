"""Asking questions: the interviewer's context, storing what it asked, and giving it a voice."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import structlog

from interview.ai.base import (
    ConversationTurn,
    Evaluation,
    InterviewContext,
    Interviewer,
    NextQuestion,
    SynthesizedSpeech,
    TextToSpeech,
    ask,
    split_lead_in,
)
from interview.db.rows import Row
from interview.db.tables import LiveMetrics, Persona, Question, Transcript
from interview.db.transactions import in_transaction
from interview.errors import AppError, ProviderUnavailable
from interview.interviews.personas import persona_profile
from interview.interviews.question_audio import save_question_audio
from interview.speech.types import VoiceProfile

log = structlog.get_logger(__name__)


async def persona_of(session: dict[str, Any]) -> dict[str, Any]:
    row = await Persona.select().where(Persona.id == session["persona"]).first()
    assert row is not None, "sessions reference personas with ON DELETE RESTRICT"
    return row


async def interview_context(
    session: dict[str, Any],
    persona: dict[str, Any],
    question_number: int,
    last_evaluation: Evaluation | None = None,
    last_answer_skipped: bool = False,
) -> InterviewContext:
    """Everything the interviewer may know before asking question `question_number`."""
    transcripts = (
        await Transcript.select(Transcript.speaker, Transcript.sequence_number, Transcript.text)
        .where((Transcript.session == session["id"]) & (Transcript.status == "COMPLETE"))
        .order_by(Transcript.sequence_number)
        .order_by(Transcript.timestamp)
    )
    asked = await Question.select(Question.bank_id).where(
        (Question.session == session["id"]) & Question.bank_id.is_not_null()
    )
    return InterviewContext(
        persona=persona_profile(persona),
        job_title=session["job_title"],
        interview_type=session["interview_type"],
        difficulty=session["current_difficulty"],
        question_number=question_number,
        total_questions=session["planned_questions"],
        conversation=[ConversationTurn(t["speaker"], t["sequence_number"], t["text"]) for t in transcripts],
        last_evaluation=last_evaluation,
        asked_bank_ids=[q["bank_id"] for q in asked],
        last_answer_skipped=last_answer_skipped,
        session_seed=str(session["id"]),
        job_description=session.get("job_description"),
    )


async def question_by_number(session_id: UUID, sequence_number: int) -> dict[str, Any] | None:
    return (
        await Question.select()
        .where((Question.session == session_id) & (Question.sequence_number == sequence_number))
        .first()
    )


async def store_question(
    session: dict[str, Any],
    persona: dict[str, Any],
    sequence_number: int,
    question: NextQuestion,
    question_id: UUID | None = None,
    audio: SynthesizedSpeech | None = None,
) -> dict[str, Any]:
    """Store the question and the interviewer's transcript of it together (and its clip, if given).

    When another call stored question `sequence_number` first, that one is returned. Pass
    `question_id` when the id was announced before storing (streamed InterviewerSpeech events).
    """
    row = Question(
        session=session["id"],
        sequence_number=sequence_number,
        question_text=question.question,
        lead_in=split_lead_in(question.text, question.lead_in)[0],
        question_type=question.question_type,
        difficulty=question.difficulty,
        is_follow_up=question.is_follow_up,
        generated_by_model=question.model,
        prompt_version=question.prompt_version,
        bank_id=question.bank_id,
    )
    if question_id is not None:
        row.id = question_id

    async def write() -> None:
        await row.save()
        await Transcript(
            session=session["id"],
            question=row.id,
            sequence_number=sequence_number,
            speaker="AI",
            speaker_name=persona["name"],
            text=question.text,
            status="COMPLETE",
        ).save()
        if audio is not None:
            await save_question_audio(session["id"], row.id, audio)
        await LiveMetrics.update(
            {LiveMetrics.current_question_number: sequence_number, LiveMetrics.last_updated: row.asked_at}
        ).where(LiveMetrics.session == session["id"])

    try:
        await in_transaction(write)
    except Exception as error:
        existing = await question_by_number(session["id"], sequence_number)
        if existing is None:
            raise
        log.info(
            "question already stored by a concurrent call", sequence_number=sequence_number, error=str(error)
        )
        return existing
    stored = await question_by_number(session["id"], sequence_number)
    assert stored is not None
    return stored


def spoken_text(question: Row) -> str:
    """What the interviewer says for a stored question: its lead-in (a greeting, say), then the question."""
    return f"{question['lead_in']} {question['question_text']}".strip()


async def generate_question(interviewer: Interviewer, context: InterviewContext) -> NextQuestion:
    try:
        return await ask(interviewer, context)
    except AppError:
        raise
    except Exception as error:
        log.error("interviewer failed", error=str(error))
        raise ProviderUnavailable(
            "The interviewer could not prepare a question; try again in a moment."
        ) from error


async def speak(tts: TextToSpeech, voice: VoiceProfile, text: str) -> SynthesizedSpeech | None:
    """The question's audio, or None when synthesis failed (the question text still stands)."""
    try:
        return await tts.synthesize(text, voice)
    except Exception as error:
        log.warning("speech synthesis failed; returning the question without audio", error=str(error))
        return None
