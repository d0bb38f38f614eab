"""Camera recordings of answers: received in chunks while the candidate speaks, published whole.

The SPA's MediaRecorder makes one continuous webm stream per answer and sends its timeslice
chunks (0, 1, 2...) as they come (interview.video_http). Each chunk is stored under a staging key
that no URL names. Finishing checks the whole recording (a webm with a video track, within the
size and duration caps), remuxes it so it can be seeked, and only then writes it under its final
key (atomically) and marks its row COMPLETE: a crash at any point leaves no visible partial
video, and deleting the session removes whatever a crash left behind (every key of a session
starts with its id).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import av
import av.error
import numpy as np
import numpy.typing as npt

from interview.db.tables import AnswerVideo, Question, Transcript
from interview.db.transactions import in_transaction
from interview.errors import BadUserInput, Conflict, NotFound, PayloadTooLarge
from interview.interviews.lifecycle import owned_session
from interview.media_storage.base import MediaStorage
from interview.speech.types import SAMPLE_RATE
from interview.speech.vad import detect_voice
from interview.speech.workers import run_cpu

RECORDING = "RECORDING"
COMPLETE = "COMPLETE"
MIME_TYPE = "video/webm"
_RECORDING_GRACE_SECONDS = 30
"""Chunks may arrive this long after the duration cap (a slow upload of the last seconds)."""
_MAX_CHUNK_INDEX = 100_000


@dataclass(frozen=True)
class VideoLimits:
    max_bytes: int
    max_seconds: int


@dataclass(frozen=True)
class RecordedVideo:
    """A published recording."""

    id: UUID
    size_bytes: int
    duration_ms: int


def session_prefix(session_id: UUID) -> str:
    """Every stored object of a session starts with this (deleting it removes them all)."""
    return f"{session_id}/"


def _staging_prefix(session_id: UUID, sequence_number: int) -> str:
    return f"{session_id}/staging/{sequence_number}/"


def _chunk_key(session_id: UUID, sequence_number: int, chunk_index: int) -> str:
    return f"{_staging_prefix(session_id, sequence_number)}{chunk_index:06d}.part"


def _final_key(session_id: UUID, sequence_number: int, video_id: UUID) -> str:
    return f"{session_id}/video/{sequence_number}-{video_id}.webm"


async def _recordable(user_id: UUID, session_id: str, sequence_number: int) -> dict[str, Any]:
    """The session, if this answer's video may be recorded now."""
    session = await owned_session(user_id, session_id)
    if not session["video_enabled"]:
        raise Conflict("This interview was started without video.")
    if session["status"] not in ("ACTIVE", "PAUSED"):
        raise Conflict(f"The interview is {session['status'].lower()}: no more recordings.")
    asked = await Question.exists().where(
        (Question.session == session["id"]) & (Question.sequence_number == sequence_number)
    )
    if not asked:
        raise NotFound(f"Question {sequence_number} has not been asked.")
    return session


async def receive_chunk(
    storage: MediaStorage,
    limits: VideoLimits,
    user_id: UUID,
    session_id: str,
    sequence_number: int,
    chunk_index: int,
    data: bytes,
) -> int:
    """Store one recorder chunk of an answer's video; returns the bytes received so far.

    A chunk sent again replaces the first (the recorder's bytes are the same; a retried upload
    must not fail). Over the size cap, or long past the duration cap, is PAYLOAD_TOO_LARGE. Chunk 0
    of a published recording whose answer was refused (no speech: the candidate records the
    question again) starts a new take that replaces it; once the answer is taken, it is CONFLICT.
    """
    if not 0 <= chunk_index <= _MAX_CHUNK_INDEX:
        raise BadUserInput("chunkIndex must be 0 or more.", field="chunkIndex")
    if not data:
        raise BadUserInput("The chunk is empty.", field="chunk")
    session = await _recordable(user_id, session_id, sequence_number)
    sid: UUID = session["id"]
    await AnswerVideo.insert(AnswerVideo(session=sid, sequence_number=sequence_number)).on_conflict(
        action="DO NOTHING", target=(AnswerVideo.session, AnswerVideo.sequence_number)
    )

    async def write() -> tuple[int, str | None]:
        """The recording's size with this chunk, and the storage key of a take it replaced."""
        replaced_key: str | None = None
        video = await _locked(sid, sequence_number)
        if video["status"] == COMPLETE:
            if chunk_index != 0 or await _answer_accepted(sid, sequence_number):
                raise Conflict(f"The video of answer {sequence_number} is already complete.")
            replaced_key = video["storage_key"]
            video = await _new_take(video)
        sizes = _sizes(video)
        sizes[chunk_index] = len(data)
        total = sum(sizes.values())
        if total > limits.max_bytes:
            raise PayloadTooLarge(_too_large(limits.max_bytes), limitBytes=limits.max_bytes)
        elapsed = (datetime.now(UTC) - video["started_at"]).total_seconds()
        if elapsed > limits.max_seconds + _RECORDING_GRACE_SECONDS:
            raise PayloadTooLarge(_too_long(limits.max_seconds), limitSeconds=limits.max_seconds)
        await storage.write(_chunk_key(sid, sequence_number, chunk_index), data)
        await AnswerVideo.update({AnswerVideo.chunk_sizes: json.dumps(sizes)}).where(
            AnswerVideo.id == video["id"]
        )
        return total, replaced_key

    total, replaced_key = await in_transaction(write)
    if replaced_key:  # after the commit: the row no longer names it
        await storage.delete_prefix(replaced_key)
    return total


async def _answer_accepted(session_id: UUID, sequence_number: int) -> bool:
    """Whether the candidate's answer to this question was taken (stored and not failed)."""
    return await Transcript.exists().where(
        (Transcript.session == session_id)
        & (Transcript.sequence_number == sequence_number)
        & (Transcript.speaker == "USER")
        & (Transcript.status != "FAILED")
    )


async def _new_take(video: dict[str, Any]) -> dict[str, Any]:
    """Reset a published recording whose answer was refused (no speech, "Record again"): the
    candidate's next take of the same question replaces it."""
    fresh = {
        "status": RECORDING,
        "chunk_sizes": "{}",
        "storage_key": None,
        "size_bytes": 0,
        "duration_ms": None,
        "speech": None,
        "started_at": datetime.now(UTC),
        "completed_at": None,
    }
    await AnswerVideo.update({getattr(AnswerVideo, name): value for name, value in fresh.items()}).where(
        AnswerVideo.id == video["id"]
    )
    return {**video, **fresh}


async def finish_video(
    storage: MediaStorage, limits: VideoLimits, user_id: UUID, session_id: str, sequence_number: int
) -> RecordedVideo:
    """Check, assemble and publish an answer's recording; finishing again returns the same video.

    A recording that fails its checks is dropped whole (its row and chunks), so the candidate
    can record the answer again.
    """
    session = await owned_session(user_id, session_id)
    sid: UUID = session["id"]
    staging = _staging_prefix(sid, sequence_number)

    async def publish() -> tuple[RecordedVideo, bool]:
        """The video, and whether this call published it (False: it was complete already)."""
        video = await _locked(sid, sequence_number)
        if video["status"] == COMPLETE:
            return RecordedVideo(video["id"], video["size_bytes"], video["duration_ms"] or 0), False
        return await _publish(storage, limits, video, staging), True

    try:
        recorded, published = await in_transaction(publish)
    except (BadUserInput, PayloadTooLarge):
        await AnswerVideo.delete().where(
            (AnswerVideo.session == sid)
            & (AnswerVideo.sequence_number == sequence_number)
            & (AnswerVideo.status == RECORDING)
        )
        await storage.delete_prefix(staging)
        raise
    if published:  # after the commit: the chunks are no longer needed
        await storage.delete_prefix(staging)
    return recorded


async def _publish(
    storage: MediaStorage, limits: VideoLimits, video: dict[str, Any], staging: str
) -> RecordedVideo:
    """Check the received chunks as one recording and publish it (inside the row's lock).

    The recording goes through temporary files, never whole into memory: chunks are appended to
    a file as they are read, remuxed file to file, and the result is stored from its file (a
    150 MiB recording used to sit in memory twice).
    """
    sid: UUID = video["session"]
    sequence_number: int = video["sequence_number"]
    sizes = _sizes(video)
    missing = [index for index in range(max(sizes) + 1) if index not in sizes] if sizes else [0]
    if missing:
        raise Conflict(
            f"Chunk {missing[0]} of the video of answer {sequence_number} never arrived.",
            missingChunk=missing[0],
        )
    if sum(sizes.values()) > limits.max_bytes:
        raise PayloadTooLarge(_too_large(limits.max_bytes), limitBytes=limits.max_bytes)
    with tempfile.TemporaryDirectory(prefix="answer-video-") as folder:
        received, remuxed = Path(folder) / "received.webm", Path(folder) / "remuxed.webm"
        with received.open("wb") as out:
            for index in sorted(sizes):
                async for piece in storage.read(_chunk_key(sid, sequence_number, index)):
                    await asyncio.to_thread(out.write, piece)
        probe = await run_cpu(_probe, received, remuxed)
        if probe.duration_ms > limits.max_seconds * 1000:
            raise PayloadTooLarge(_too_long(limits.max_seconds), limitSeconds=limits.max_seconds)
        final = _final_key(sid, sequence_number, video["id"])
        await storage.write_file(final, remuxed)  # atomic: the key appears whole or not at all
        size = remuxed.stat().st_size
    await AnswerVideo.update(
        {
            AnswerVideo.status: COMPLETE,
            AnswerVideo.storage_key: final,
            AnswerVideo.size_bytes: size,
            AnswerVideo.duration_ms: probe.duration_ms,
            AnswerVideo.speech: json.dumps(probe.speech),
            AnswerVideo.completed_at: datetime.now(UTC),
        }
    ).where(AnswerVideo.id == video["id"])
    return RecordedVideo(video["id"], size, probe.duration_ms)


async def delete_videos(storage: MediaStorage, session_ids: list[UUID]) -> None:
    """Remove every stored object of these (already deleted) sessions."""
    for session_id in session_ids:
        await storage.delete_prefix(session_prefix(session_id))


@dataclass(frozen=True)
class _Probe:
    duration_ms: int
    speech: list[list[int]]


def _probe(source: Path, target: Path) -> _Probe:
    """Remux the recording at `source` into `target` (packets copied, nothing re-encoded) so that it
    can be seeked, and measure it on the way: its length (from its packets, not a header
    MediaRecorder never fills) and the speech stretches of its sound track, for the timeline.
    MediaRecorder writes no duration and no cues, and without cues a browser can seek only in what
    it has already downloaded. BAD_USER_INPUT if the file is no webm video."""
    end_seconds = 0.0
    sound: list[npt.NDArray[np.int16]] = []
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    try:
        with (
            av.open(str(source), mode="r", metadata_errors="ignore") as recording,
            av.open(str(target), mode="w", format="webm") as remuxed,
        ):
            if "webm" not in recording.format.name or not recording.streams.video:
                raise BadUserInput("The recording is not a webm video.", field="chunk")
            copies = {
                stream.index: remuxed.add_stream_from_template(stream)
                for stream in recording.streams
                if stream.type in ("video", "audio")
            }
            for packet in recording.demux():
                copy = copies.get(packet.stream.index)
                if packet.dts is None or packet.pts is None or packet.time_base is None or copy is None:
                    continue  # the demuxer's flush packets carry nothing
                end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                end_seconds = max(end_seconds, end)
                if packet.stream.type == "audio":
                    sound.extend(_mono(resampler, packet))
                packet.stream = copy
                remuxed.mux(packet)
            sound.extend(_int16(frame) for frame in resampler.resample(None))
    except av.error.FFmpegError as error:
        raise BadUserInput(
            f"The recording could not be read as a webm video ({error}).", field="chunk"
        ) from error
    samples = np.concatenate(sound) if sound else np.zeros(0, dtype=np.int16)
    # A camera without a microphone: a video with no speech to mark.
    speech = [[s.start_ms, s.end_ms] for s in detect_voice(samples).segments] if len(samples) else []
    return _Probe(duration_ms=round(end_seconds * 1000), speech=speech)


def _mono(resampler: av.AudioResampler, packet: av.Packet[Any]) -> list[npt.NDArray[np.int16]]:
    """The packet's sound as 16 kHz mono int16 pieces (a damaged packet is left out)."""
    try:
        frames = packet.decode()
    except av.error.FFmpegError:
        return []
    pieces: list[npt.NDArray[np.int16]] = []
    for frame in frames:
        if isinstance(frame, av.AudioFrame):
            pieces.extend(_int16(piece) for piece in resampler.resample(frame))
    return pieces


def _int16(frame: av.AudioFrame) -> npt.NDArray[np.int16]:
    """A resampled frame's samples (the resampler makes s16 mono) as one flat array."""
    return frame.to_ndarray().reshape(-1).astype(np.int16, copy=False)


async def _locked(session_id: UUID, sequence_number: int) -> dict[str, Any]:
    row = (
        await AnswerVideo.select()
        .where((AnswerVideo.session == session_id) & (AnswerVideo.sequence_number == sequence_number))
        .lock_rows("UPDATE")
        .first()
    )
    if row is None:
        raise NotFound(f"No video is being recorded for answer {sequence_number}.")
    return row


def _sizes(video: dict[str, Any]) -> dict[int, int]:
    raw = video["chunk_sizes"]
    value = json.loads(raw) if isinstance(raw, str) else raw or {}
    return {int(index): int(size) for index, size in value.items()}


def _too_large(limit: int) -> str:
    return f"The video of one answer may be at most {limit / 1024 / 1024:.0f} MiB; keep answers shorter."


def _too_long(limit: int) -> str:
    return f"The video of one answer may be at most {limit // 60} min {limit % 60:02d} s long."
