"""The candidate's own answers, played back: the audio stored for a USER transcript.

An answer's audio is the whole upload (audio_chunks kind UPLOAD, chunk 0) or, for an answer that
was recorded live and never assembled, its recorder chunks (kind LIVE) joined in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from interview.db.tables import AudioChunk, InterviewSession, Transcript
from interview.errors import NotFound
from interview.interviews.lifecycle import parse_id
from interview.interviews.turn.answers import LIVE, UPLOAD

Turn = tuple[UUID, int]
"""(session id, sequence number): how audio_chunks name the answer they belong to."""


@dataclass(frozen=True)
class AnswerAudio:
    data: bytes
    mime_type: str


def answer_audio_path(transcript_id: str) -> str:
    """The owner's playback URL path (served by interview.reports_http; needs the bearer token)."""
    return f"/answers/{transcript_id}/audio"


async def owned_answer_audio(user_id: UUID, transcript_id: str) -> AnswerAudio:
    """The audio of one of the user's answers; NotFound for anything else, whatever the reason."""
    missing = NotFound(f"No answer audio with id {transcript_id!r}.")
    try:
        answer_id = parse_id(transcript_id, "answer")
    except NotFound:
        raise missing from None
    answer = (
        await Transcript.select(Transcript.session, Transcript.sequence_number)
        .where((Transcript.id == answer_id) & (Transcript.speaker == "USER"))
        .first()
    )
    if answer is None or not await InterviewSession.exists().where(
        (InterviewSession.id == answer["session"]) & (InterviewSession.user == user_id)
    ):
        raise missing
    audio = await _audio_of(answer["session"], answer["sequence_number"])
    if audio is None:
        raise missing
    return audio


async def _audio_of(session_id: UUID, sequence_number: int) -> AnswerAudio | None:
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
    return AnswerAudio(data=b"".join(bytes(c["data"]) for c in chosen), mime_type=chosen[0]["mime_type"])


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
