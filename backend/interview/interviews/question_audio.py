"""The interviewer's voice, kept: each question's clip is synthesised once, when it is asked, and stored.

Everything that gives a question's audio again reads it from `question_audio`: `initialQuestion`
asked again, a replayed submit, `Question.audio` (a reload of the live page) and its signed URL
(interview.interviews.media, kind "question"). A question without a row has no audio: its
synthesis failed, and it is not tried again (each try would cost seconds of CPU).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg
import structlog

from interview.ai.base import SynthesizedSpeech
from interview.db.outage import connection_lost, outlasting_outage
from interview.db.rows import Row
from interview.db.tables import QuestionAudio
from interview.interviews.media import Media

log = structlog.get_logger(__name__)

_ABOUT = (
    QuestionAudio.id,
    QuestionAudio.session,
    QuestionAudio.question,
    QuestionAudio.mime_type,
    QuestionAudio.duration_ms,
    QuestionAudio.tts_model,
)
"""Every column but the clip itself: what a page that only links to the audio reads."""


async def save_question_audio(session_id: UUID, question_id: UUID, speech: SynthesizedSpeech) -> None:
    """Store a question's clip (in the caller's transaction, if any); a clip already stored stays."""
    await QuestionAudio.insert(
        QuestionAudio(
            session=session_id,
            question=question_id,
            data=speech.audio,
            mime_type=speech.mime_type,
            duration_ms=speech.duration_ms,
            size_bytes=len(speech.audio),
            tts_model=speech.model,
        )
    ).on_conflict(action="DO NOTHING", target=QuestionAudio.question)


async def keep_question_audio(session_id: UUID, question_id: UUID, speech: SynthesizedSpeech | None) -> None:
    """Store the clip of a question committed before its speech was complete (a turn, a skip).

    Nothing to store without a clip; nothing to do when the question is gone meanwhile (its
    interview was deleted). A database that is away is waited for (db/outage.py); one that stays
    away leaves the question without audio, as a failed synthesis does: the turn that asked it
    stands either way.
    """
    if speech is None:
        return
    try:
        await outlasting_outage(
            lambda: save_question_audio(session_id, question_id, speech), "a question's clip"
        )
    except asyncpg.ForeignKeyViolationError:
        log.info("question deleted before its audio was stored", question_id=str(question_id))
    except Exception as error:
        if not connection_lost(error):
            raise
        log.error("question audio not stored: the database stayed away", question_id=str(question_id))


async def question_speech(question_id: UUID) -> SynthesizedSpeech | None:
    """The stored clip of a question, or None when it has none."""
    row = (
        await QuestionAudio.select(
            QuestionAudio.data, QuestionAudio.mime_type, QuestionAudio.duration_ms, QuestionAudio.tts_model
        )
        .where(QuestionAudio.question == question_id)
        .first()
    )
    if row is None:
        return None
    return SynthesizedSpeech(
        audio=bytes(row["data"]),
        mime_type=row["mime_type"],
        duration_ms=row["duration_ms"],
        model=row["tts_model"],
    )


async def question_media(question_id: UUID) -> Media | None:
    """A question's clip as served by its signed URL (media kind "question")."""
    row = (
        await QuestionAudio.select(QuestionAudio.session, QuestionAudio.data, QuestionAudio.mime_type)
        .where(QuestionAudio.question == question_id)
        .first()
    )
    if row is None:
        return None
    return Media(session_id=row["session"], data=bytes(row["data"]), mime_type=row["mime_type"])


async def question_clips(question_ids: Sequence[UUID]) -> list[Row | None]:
    """For each question, what is stored of its clip but the bytes, or None (batched for a DataLoader)."""
    rows = await QuestionAudio.select(*_ABOUT).where(QuestionAudio.question.is_in(list(question_ids)))
    by_question = {row["question"]: row for row in rows}
    return [by_question.get(question_id) for question_id in question_ids]


async def question_clip_bytes(question_ids: Sequence[UUID]) -> list[bytes | None]:
    """For each question, its clip's bytes, or None (batched for a DataLoader)."""
    rows = await QuestionAudio.select(QuestionAudio.question, QuestionAudio.data).where(
        QuestionAudio.question.is_in(list(question_ids))
    )
    by_question = {row["question"]: bytes(row["data"]) for row in rows}
    return [by_question.get(question_id) for question_id in question_ids]
