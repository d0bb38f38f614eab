"""Answers as stored: which question is awaited, the answer row with its audio, and its states.

A USER transcript row IS the answer. It is written with its audio before any AI call (status
RECEIVED), then moves to TRANSCRIBED and COMPLETE, or FAILED with an error code; a FAILED answer
keeps its audio so the turn can run again from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from interview.db.rows import Row
from interview.db.tables import AudioChunk, Question, Transcript, User
from interview.db.transactions import in_transaction
from interview.errors import Conflict
from interview.speech.levels import AudioSummary
from interview.speech.types import TranscriptionResult, VoiceMetrics

UNFINISHED = ("RECEIVED", "TRANSCRIBED")

UPLOAD = "UPLOAD"
"""audio_chunks kind of an answer's whole upload (chunk 0), the audio its turn runs from."""
LIVE = "LIVE"
"""audio_chunks kind of the recorder chunks of an answer recorded live (recording.py)."""


async def answer_row(session_id: UUID, sequence_number: int) -> Row | None:
    """The answer to question `sequence_number`, if one was received."""
    row: Row | None = (
        await Transcript.select()
        .where(
            (Transcript.session == session_id)
            & (Transcript.sequence_number == sequence_number)
            & (Transcript.speaker == "USER")
        )
        .output(load_json=True)
        .first()
    )
    return row


async def answer_by_id(answer_id: UUID) -> Row:
    row = await answer_if_kept(answer_id)
    assert row is not None, "answers are only deleted with their session, or before they were decoded"
    return row


async def answer_if_kept(answer_id: UUID) -> Row | None:
    """The answer, or None when it was removed (its session deleted, or `discard_undecoded`)."""
    row: Row | None = (
        await Transcript.select().where(Transcript.id == answer_id).output(load_json=True).first()
    )
    return row


async def latest_question(session_id: UUID) -> Row | None:
    row: Row | None = (
        await Question.select()
        .where(Question.session == session_id)
        .order_by(Question.sequence_number, ascending=False)
        .first()
    )
    return row


def awaits(latest: Row | None, sequence_number: int, answered: bool) -> bool:
    """Whether question `sequence_number` awaits an answer: it is the latest, not skipped, unanswered."""
    return (
        latest is not None
        and latest["sequence_number"] == sequence_number
        and not latest["skipped"]
        and not answered
    )


async def awaited_question(session_id: UUID) -> Row | None:
    """The latest question when it is still open (not skipped, no answer received); else None."""
    latest = await latest_question(session_id)
    if latest is None:
        return None
    number = latest["sequence_number"]
    return latest if awaits(latest, number, await answer_row(session_id, number) is not None) else None


async def speaker_name(user_id: UUID) -> str:
    """How the candidate is named in their transcripts."""
    user = await User.select(User.display_name).where(User.id == user_id).first()
    return str(user["display_name"]) if user else "Candidate"


def wrong_turn(expected: Row | None, sequence_number: int) -> Conflict:
    """CONFLICT for an answer to a question that is not awaited, naming the one that is."""
    if expected is None:
        return Conflict(
            f"Question {sequence_number} is not awaiting an answer, and no other question is.",
            expected=None,
        )
    number = expected["sequence_number"]
    return Conflict(
        f"Question {number} is awaiting an answer, not question {sequence_number}.", expected=number
    )


async def locked_question(question_id: UUID) -> Row | None:
    """The question's `skipped`, its row locked until the transaction ends (answer and skip exclude
    each other)."""
    row: Row | None = (
        await Question.select(Question.skipped).where(Question.id == question_id).lock_rows("UPDATE").first()
    )
    return row


UNDECODED = "application/octet-stream"
"""mime_type of an upload kept before it could be decoded (no speech worker answered in time)."""


async def store_answer(
    session: Row, question: Row, speaker: str, audio: AudioSummary, *, recorded_live: bool = False
) -> Row:
    """Write the audio and the answer row (RECEIVED) in one transaction.

    The question row is locked first, so an answer and a skip of the same question cannot both
    succeed; raises asyncpg.UniqueViolationError when another call stored this answer first.
    `recorded_live`: the audio is the answer's recorder chunks joined (finishAnswer), stored
    already as they came (kind LIVE), so its bytes are not written a second time.
    """
    source = None if recorded_live else audio.source
    return await _store_upload(session, question, speaker, source, audio.mime_type, audio.duration_ms)


async def keep_undecoded(
    session: Row, question: Row, speaker: str, upload: bytes, *, recorded_live: bool = False
) -> Row:
    """Store an upload that could not be decoded yet (no speech worker), as `store_answer` does,
    its type and length unknown until a retry decodes it (`record_decoded`)."""
    return await _store_upload(session, question, speaker, None if recorded_live else upload, UNDECODED, None)


async def _store_upload(
    session: Row, question: Row, speaker: str, source: bytes | None, mime_type: str, duration_ms: int | None
) -> Row:
    """The answer row, and the upload `source` (None: the answer's LIVE chunks are its audio)."""

    async def write() -> UUID:
        current = await locked_question(question["id"])
        if current is None or current["skipped"]:
            raise Conflict(f"Question {question['sequence_number']} was skipped.", expected=None)
        if source is not None:
            await AudioChunk(
                session=session["id"],
                sequence_number=question["sequence_number"],
                chunk_index=0,
                kind=UPLOAD,
                data=source,
                mime_type=mime_type,
                size_bytes=len(source),
                sha256=hashlib.sha256(source).hexdigest(),
                duration_ms=duration_ms,
            ).save()
        row = Transcript(
            session=session["id"],
            question=question["id"],
            sequence_number=question["sequence_number"],
            speaker="USER",
            speaker_name=speaker,
            status="RECEIVED",
            audio_duration_ms=duration_ms,
        )
        await row.save()
        return row.id

    return await answer_by_id(await in_transaction(write))


def undecoded(answer: Row) -> bool:
    """Whether the answer's upload was kept before it was ever decoded (`keep_undecoded`)."""
    return answer["audio_duration_ms"] is None


async def record_decoded(answer: Row, audio: AudioSummary) -> None:
    """What decoding an upload kept undecoded found: its type and length."""

    async def write() -> None:
        await AudioChunk.update(
            {AudioChunk.mime_type: audio.mime_type, AudioChunk.duration_ms: audio.duration_ms}
        ).where(_upload_of(answer))
        await Transcript.update({Transcript.audio_duration_ms: audio.duration_ms}).where(
            Transcript.id == answer["id"]
        )

    await in_transaction(write)


async def discard_undecoded(answer: Row) -> None:
    """Remove an upload kept undecoded that decoding then rejected: the question awaits an answer
    again, as it does after any rejected audio."""

    async def write() -> None:
        await Transcript.delete().where((Transcript.id == answer["id"]) & (Transcript.status != "COMPLETE"))
        await AudioChunk.delete().where(_upload_of(answer))

    await in_transaction(write)


def _upload_of(answer: Row) -> Any:
    return (
        (AudioChunk.session == answer["session"])
        & (AudioChunk.sequence_number == answer["sequence_number"])
        & (AudioChunk.kind == UPLOAD)
        & (AudioChunk.chunk_index == 0)
    )


@dataclass(frozen=True)
class AnswerAudio:
    data: bytes
    mime_type: str


async def answer_audio(session_id: UUID, sequence_number: int) -> AnswerAudio | None:
    """An answer's audio as received: the whole upload (kind UPLOAD), else its recorder chunks
    (kind LIVE) joined in order; None when neither is stored."""
    chunks = (
        await AudioChunk.select(AudioChunk.kind, AudioChunk.data, AudioChunk.mime_type)
        .where(
            (AudioChunk.session == session_id)
            & (AudioChunk.sequence_number == sequence_number)
            & AudioChunk.kind.is_in([UPLOAD, LIVE])
        )
        .order_by(AudioChunk.chunk_index)
    )
    upload = [chunk for chunk in chunks if chunk["kind"] == UPLOAD]
    chosen = upload[:1] or [chunk for chunk in chunks if chunk["kind"] == LIVE]
    if not chosen:
        return None
    return AnswerAudio(b"".join(bytes(chunk["data"]) for chunk in chosen), chosen[0]["mime_type"])


async def stored_audio(answer: Row) -> bytes:
    """The answer's audio as received (the turn runs from it, also after a crash or a failure)."""
    audio = await answer_audio(answer["session"], answer["sequence_number"])
    assert audio is not None, "an answer row is written with its audio, or after its recorder chunks"
    return audio.data


async def mark_transcribed(answer_id: UUID, transcription: TranscriptionResult, metrics: VoiceMetrics) -> Row:
    await Transcript.update(
        {
            Transcript.text: transcription.text,
            Transcript.language: transcription.language,
            Transcript.confidence_score: transcription.confidence,
            Transcript.stt_model: transcription.model,
            Transcript.word_timings: json.dumps(word_timings(transcription)) if transcription.words else None,
            Transcript.speech_pace: metrics.speech_pace,
            Transcript.pause_count: metrics.pause_count,
            Transcript.longest_pause_ms: metrics.longest_pause_ms,
            Transcript.response_latency_ms: metrics.response_latency_ms,
            Transcript.speaking_time_ms: metrics.speaking_time_ms,
            Transcript.word_count: metrics.word_count,
            Transcript.filler_word_count: metrics.filler_word_count,
            Transcript.filler_words: json.dumps(metrics.filler_words),
            Transcript.volume_level: metrics.volume_level,
            Transcript.volume_dbfs: metrics.volume_dbfs,
            Transcript.clarity_score: metrics.clarity_score,
            Transcript.status: "TRANSCRIBED",
            Transcript.error_code: None,
        }
    ).where(Transcript.id == answer_id)
    return await answer_by_id(answer_id)


def word_timings(transcription: TranscriptionResult) -> list[tuple[str, int, int]]:
    """The recognised words with their times in ms, as stored in `transcripts.word_timings`."""
    return [
        (word.text.strip(), round(word.start * 1000), round(word.end * 1000))
        for word in transcription.words
        if word.text.strip()
    ]


async def start_attempt(answer_id: UUID) -> None:
    """Count a run of the answer's turn, committed before it starts (a crash cannot undo it)."""
    await Transcript.update({Transcript.turn_attempts: Transcript.turn_attempts + 1}).where(
        Transcript.id == answer_id
    )


async def mark_failed(answer_id: UUID, code: str, message: str, *, ended: bool = True) -> bool:
    """The turn failed; the answer and its audio stay, so the same submit can run it again.

    `ended`: the run ended with this failure rather than killing its process, so the count of
    attempts starts again (a provider outage must not use up the attempts meant for crashes).
    False (and nothing changed) when the answer was already COMPLETE.
    """
    values: dict[Any, Any] = {
        Transcript.status: "FAILED",
        Transcript.error_code: code[:32],
        Transcript.result_json: json.dumps({"error": {"code": code, "message": message}}),
    }
    if ended:
        values[Transcript.turn_attempts] = 0
    updated = (
        await Transcript.update(values)
        .where((Transcript.id == answer_id) & (Transcript.status != "COMPLETE"))
        .returning(Transcript.id)
    )
    return bool(updated)
