"""The candidate's own answers, played back: the audio stored for a USER transcript.

An answer's audio is the whole upload (audio_chunks kind UPLOAD, chunk 0) or, for an answer that
was recorded live, its recorder chunks (kind LIVE) joined in order (answers.answer_audio). It is
served by signed URL (interview.interviews.media, kind "answer").
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from interview.db.tables import AudioChunk, Transcript
from interview.interviews.media import Media
from interview.interviews.turn.answers import answer_audio

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
    audio = await answer_audio(session_id, sequence_number)
    if audio is None:
        return None
    return Media(session_id=session_id, data=audio.data, mime_type=audio.mime_type)


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
