"""The candidate's own answers, played back: the audio stored for a USER transcript.

An answer's audio is the whole upload (audio_chunks kind UPLOAD, chunk 0) or, for an answer that
was recorded live and never assembled, its recorder chunks (kind LIVE) joined in order. It is
served by signed URL (interview.interviews.media, kind "answer").
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from interview.db.tables import AudioChunk, Transcript
from interview.interviews.media import Media
from interview.interviews.turn.answers import LIVE, UPLOAD

Turn = tuple[UUID, int]
"""(session id, sequence number): how audio_chunks name the answer they belong to."""


async def answer_media(transcript_id: UUID) -> Media | None:
    """The recording of one answer (a USER transcript), or None when there is none."""
    answer = (
        await Transcript.select(Transcript.session, Transcript.sequence_number)
        .where((Transcript.id == transcript_id) & (Transcript.speaker == "USER"))
        .first()
    )
    if answer is None:
        return None
    return await _audio_of(answer["session"], answer["sequence_number"])


async def _audio_of(session_id: UUID, sequence_number: int) -> Media | None:
    chunks = (
        await AudioChunk.select(
            AudioChunk.kind, AudioChunk.chunk_index, AudioChunk.data, AudioChunk.mime_type
        )
        .where((AudioChunk.session == session_id) & (AudioChunk.sequence_number == sequence_number))
        .order_by(AudioChunk.chunk_index)
    )
    upload = [c for c in chunks if c["kind"] == UPLOAD]
    chosen = upload[:1] if upload else [c for c in chunks if c["kind"] == LIVE]
    if not chosen:
        return None
    return Media(
        session_id=session_id,
        data=b"".join(bytes(c["data"]) for c in chosen),
        mime_type=chosen[0]["mime_type"],
    )


async def turns_with_audio(turns: Sequence[Turn]) -> list[bool]:
    """For each turn, whether any audio is stored for it (batched for a DataLoader)."""
    session_ids = list({session_id for session_id, _ in turns})
    if not session_ids:
        return []
    rows = (
        await AudioChunk.select(AudioChunk.session, AudioChunk.sequence_number)
        .where(AudioChunk.session.is_in(session_ids))
        .distinct()
    )
    stored = {(row["session"], row["sequence_number"]) for row in rows}
    return [turn in stored for turn in turns]
