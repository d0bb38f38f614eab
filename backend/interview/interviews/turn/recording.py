"""An answer recorded live: MediaRecorder chunks stored as they arrive, heard and measured on the way.

The browser's MediaRecorder (webm/opus, a `timeslice` of about a second) emits chunk 0 with the
container header and the first audio, then continuations that only make sense after it. Each
chunk is stored first (audio_chunks, kind LIVE), then handed to the answer's live transcription
in this process (live_answers.py), which decodes only the chunk's new audio (what became
contiguous from chunk 0); the meters are measured on it, the session's live metrics updated and
LiveMetricsUpdated published, and the utterances the chunk closed are transcribed in the
background (PartialTranscript). Chunks may arrive out of order (a later one waits for the gap to
fill) or twice (the same bytes again are a no-op; different bytes under a used index are a
CONFLICT). A process that did not see some stored chunks (a restart, another process got them)
feeds them first: the stored chunks are enough to redo the work.

`answer_from_recording` (finishAnswer) runs the ordinary answer turn on the chunks in order,
with the live transcription finished (only the audio after its last closed utterance is left to
transcribe) when this process heard every chunk, else from the whole recording.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import numpy as np
import numpy.typing as npt
import structlog

from interview.ai.base import ReceivedAudio
from interview.db.rows import Row
from interview.db.tables import AudioChunk
from interview.db.tables import LiveMetrics as LiveMetricsTable
from interview.errors import BadUserInput, Conflict, InvalidAudio, PayloadTooLarge
from interview.interviews.events import LiveMetricsUpdated, PartialTranscript, publish
from interview.interviews.lifecycle import owned_session, parse_id, require_active
from interview.interviews.live_metrics import current_live_metrics
from interview.interviews.turn.answers import LIVE, answer_row, awaited_question, wrong_turn
from interview.interviews.turn.live_answers import LiveAnswer, SpeculativeStart
from interview.interviews.turn.run import AnswerOutcome, answer_question
from interview.interviews.turn.speculation import Speculation, reply_calls_the_cloud, speculate
from interview.speech.decode import decode_audio
from interview.speech.types import TranscriptionResult
from interview.speech.vad import FRAME_MS, FRAME_SAMPLES, VoiceActivity, detect_voice, frame_view
from interview.speech.voice_metrics import pauses_ms, speaking_time_ms, speech_dbfs, volume_level
from interview.speech.workers import run_cpu

if TYPE_CHECKING:
    from interview.services import Services

log = structlog.get_logger(__name__)


RECENT_SPEECH_MS = 1000
"""The meter shows the loudness of the last second of speech, like a VU meter's integration time."""

MIN_PACE_SPEAKING_MS = 2000
"""Under 2 s of speech there are too few syllables for a pace worth showing."""

DETECTED_NUCLEI_PER_WORD = 1.3
"""Syllable nuclei the detector finds per spoken word (calibration, see `estimate_speech_pace`)."""

_NUCLEUS_HOP = 160
"""10 ms analysis frames for the intensity contour."""
_NUCLEUS_SMOOTHING_FRAMES = 5
_NUCLEUS_DIP_DB = 2.0
_NUCLEUS_MIN_GAP_MS = 100


@dataclass(frozen=True)
class LiveVoice:
    """What the meters show while the candidate speaks."""

    volume: float | None
    """0..1 (the contract's volumeLevel) of the last ~1 s of speech; None before any speech."""
    speech_pace: float | None
    """Estimated words per minute of speaking time so far; None with under 2 s of speech."""
    silence_ms: int
    """Silence since the last speech (all of it if nobody has spoken yet)."""


# -- formulas -------------------------------------------------------------------------------


def recent_volume(samples: npt.NDArray[np.int16], activity: VoiceActivity) -> float | None:
    """The contract's volumeLevel (-60 dBFS -> 0, 0 dBFS -> 1) of the last second of speech.

    Only voiced frames count, as for the answer's volumeLevel, so the meter does not sink while
    the candidate takes a breath; silence after speech shows in `silence_ms` instead.
    """
    frame_count = len(frame_view(samples))
    voiced_indices = np.flatnonzero(activity.voiced[:frame_count])[-(RECENT_SPEECH_MS // FRAME_MS) :]
    if voiced_indices.size == 0:
        return None
    recent = np.zeros(frame_count, dtype=np.bool_)
    recent[voiced_indices] = True
    return round(volume_level(speech_dbfs(samples, recent)), 3)


def trailing_silence_ms(activity: VoiceActivity, duration_ms: int) -> int:
    """Milliseconds from the end of the last speech to the end of what was received."""
    if not activity.segments:
        return max(0, duration_ms)
    return max(0, duration_ms - activity.segments[-1].end_ms)


def count_syllable_nuclei(samples: npt.NDArray[np.int16], activity: VoiceActivity) -> int:
    """Syllable nuclei: peaks of the intensity contour inside speech (after de Jong & Wempe, 2009).

    Every syllable has one vowel, and vowels are the loudest part of speech, so each syllable
    shows as a peak of intensity. The contour is the 10 ms energy in dB smoothed over 50 ms; a
    peak counts when it lies inside a VAD speech segment, is above the median speech level minus
    2 dB, rises at least 2 dB above the dip before it, and is at least 100 ms after the previous
    peak (no one says more than ~10 syllables a second).
    """
    count = len(samples) // _NUCLEUS_HOP
    if count < 3 or not activity.segments:
        return 0
    frames = samples[: count * _NUCLEUS_HOP].reshape(count, _NUCLEUS_HOP)  # a view, no copy
    power = np.mean(np.square(frames, dtype=np.float32), axis=1, dtype=np.float64)
    energy_db = 10 * np.log10(np.maximum(power, 1e-10) / 32768**2)
    kernel = np.ones(_NUCLEUS_SMOOTHING_FRAMES) / _NUCLEUS_SMOOTHING_FRAMES
    contour = np.convolve(energy_db, kernel, mode="same")
    in_speech = np.zeros(count, dtype=np.bool_)
    for segment in activity.segments:
        in_speech[segment.start_ms // 10 : segment.end_ms // 10] = True
    if not in_speech.any():
        return 0
    floor = float(np.median(contour[in_speech])) - 2.0
    min_gap = _NUCLEUS_MIN_GAP_MS // 10
    peaks: list[int] = []
    dip = float(contour[0])
    for i in range(1, count - 1):
        level = float(contour[i])
        dip = min(dip, level)
        is_peak = level >= contour[i - 1] and level > contour[i + 1]
        if not (is_peak and in_speech[i] and level > floor and level - dip >= _NUCLEUS_DIP_DB):
            continue
        if peaks and i - peaks[-1] < min_gap:
            if level > contour[peaks[-1]]:
                peaks[-1] = i
        else:
            peaks.append(i)
        dip = level
    return len(peaks)


def estimate_speech_pace(samples: npt.NDArray[np.int16], activity: VoiceActivity) -> float | None:
    """Words per minute of speaking time so far, estimated from syllables, without speech-to-text.

    An estimate, and an honest one: syllable nuclei per minute of speaking time (the contract's
    speaking time: first to last speech minus pauses), divided by 1.3 detected nuclei per word.
    The 1.3 was calibrated on Piper speech of known text: the detector finds ~85% of the
    syllables (some unstressed ones merge with a neighbour), and everyday English averages ~1.5
    syllables per word. On everyday answers the estimate falls within about ±15% of the true
    pace; on jargon of long words ("linearizability") it reads high, on short plain words low.
    The exact figure comes with the transcript when the answer is finished.
    """
    pauses = pauses_ms(activity.segments)
    speaking = speaking_time_ms(activity.segments, pauses)
    if speaking < MIN_PACE_SPEAKING_MS:
        return None
    words = count_syllable_nuclei(samples, activity) / DETECTED_NUCLEI_PER_WORD
    return round(words * 60_000 / speaking, 1)


def measure_live_voice(samples: npt.NDArray[np.int16], activity: VoiceActivity | None = None) -> LiveVoice:
    """The meters for the audio received so far (CPU work: run it through `run_cpu`); pass the
    voice activity when it is known (the live decoder's segmenter keeps it up to date)."""
    activity = activity if activity is not None else detect_voice(samples)
    duration_ms = len(samples) // FRAME_SAMPLES * FRAME_MS
    return LiveVoice(
        volume=recent_volume(samples, activity),
        speech_pace=estimate_speech_pace(samples, activity),
        silence_ms=trailing_silence_ms(activity, duration_ms),
    )


# -- chunks ---------------------------------------------------------------------------------


def contiguous_prefix(indices: Sequence[int]) -> int:
    """How many chunks 0, 1, 2... are all present (indices sorted ascending)."""
    expected = 0
    for index in indices:
        if index != expected:
            break
        expected += 1
    return expected


async def _chunk_rows(session_id: UUID, sequence_number: int, *columns: Any) -> list[Row]:
    rows: list[Row] = (
        await AudioChunk.select(*columns)
        .where(
            (AudioChunk.session == session_id)
            & (AudioChunk.sequence_number == sequence_number)
            & (AudioChunk.kind == LIVE)
        )
        .order_by(AudioChunk.chunk_index)
    )
    return rows


async def recording(session_id: UUID, sequence_number: int) -> tuple[bytes, int]:
    """The live recording of one answer, chunks joined in order, and how many chunks it has.

    BadUserInput when nothing was recorded or a chunk in the middle never arrived.
    """
    rows = await _chunk_rows(session_id, sequence_number, AudioChunk.chunk_index, AudioChunk.data)
    if not rows:
        raise BadUserInput(
            f"No audio was recorded for question {sequence_number}: send it with appendAnswerAudio first."
        )
    indices = [row["chunk_index"] for row in rows]
    present = contiguous_prefix(indices)
    if present < len(rows):
        raise BadUserInput(
            f"Chunk {present} of the recording never arrived; send it again, then finish the answer.",
            missingChunk=present,
        )
    return b"".join(bytes(row["data"]) for row in rows), len(rows)


async def _chunks(session_id: UUID, sequence_number: int, indices: Sequence[int]) -> list[Row]:
    if not indices:
        return []
    rows: list[Row] = (
        await AudioChunk.select(AudioChunk.chunk_index, AudioChunk.data)
        .where(
            (AudioChunk.session == session_id)
            & (AudioChunk.sequence_number == sequence_number)
            & (AudioChunk.kind == LIVE)
            & AudioChunk.chunk_index.is_in(list(indices))
        )
        .order_by(AudioChunk.chunk_index)
    )
    return rows


async def _store_chunk(session_id: UUID, sequence_number: int, chunk_index: int, data: bytes) -> bool:
    """Store a chunk; False when this very chunk was stored before (CONFLICT if other bytes were)."""
    digest = hashlib.sha256(data).hexdigest()
    inserted = (
        await AudioChunk.insert(
            AudioChunk(
                session=session_id,
                sequence_number=sequence_number,
                chunk_index=chunk_index,
                kind=LIVE,
                data=data,
                mime_type="audio/webm",
                size_bytes=len(data),
                sha256=digest,
            )
        )
        .on_conflict(
            action="DO NOTHING",
            target=(AudioChunk.session, AudioChunk.sequence_number, AudioChunk.kind, AudioChunk.chunk_index),
        )
        .returning(AudioChunk.id)
    )
    if inserted:
        return True
    existing = (
        await AudioChunk.select(AudioChunk.sha256)
        .where(
            (AudioChunk.session == session_id)
            & (AudioChunk.sequence_number == sequence_number)
            & (AudioChunk.kind == LIVE)
            & (AudioChunk.chunk_index == chunk_index)
        )
        .first()
    )
    if existing is not None and existing["sha256"] != digest:
        raise Conflict(
            f"Chunk {chunk_index} of question {sequence_number} was already received with other bytes.",
            chunkIndex=chunk_index,
        )
    return False


async def _check_room(session_id: UUID, sequence_number: int, extra: int, max_bytes: int) -> list[int]:
    """PAYLOAD_TOO_LARGE past the limit; the indices of the chunks stored so far."""
    rows = await _chunk_rows(session_id, sequence_number, AudioChunk.chunk_index, AudioChunk.size_bytes)
    if sum(row["size_bytes"] for row in rows) + extra > max_bytes:
        raise PayloadTooLarge(
            f"the recording of this answer is over the limit of {max_bytes:,} bytes; stop and finish it"
        )
    return [row["chunk_index"] for row in rows]


def _live_answer(services: Services, session: Row, question: Row) -> LiveAnswer:
    session_id, sequence_number = session["id"], question["sequence_number"]

    async def publish_partial(text: str) -> None:
        await publish(
            services.broker,
            PartialTranscript(session_id=session_id, sequence_number=sequence_number, text=text),
        )

    async def start_reply(received: ReceivedAudio, transcription: TranscriptionResult) -> Speculation:
        return await speculate(services, session, question, received, transcription)

    settings = services.settings
    speculative = None
    if settings.speculative_silence_ms > 0:
        speculative = SpeculativeStart(
            start_reply,
            pause_ms=max(settings.speculative_silence_ms, settings.utterance_silence_ms),
            limit=1 if reply_calls_the_cloud(services.providers) else None,
        )
    return LiveAnswer(services.providers.live_transcription(), publish_partial, speculative)


async def _hear_and_measure(
    services: Services,
    session: Row,
    question: Row,
    chunk_index: int,
    data: bytes,
    stored: list[int],
) -> Row:
    session_id, sequence_number = session["id"], question["sequence_number"]
    key = (session_id, sequence_number)
    # One chunk at a time per answer in this process: the decoder takes them one by one, and the
    # last measurement to write saw the most audio.
    async with services.live_measuring.lock(key):
        live = await services.live_answers.open(key, lambda: _live_answer(services, session, question))
        if live.broken:
            return await current_live_metrics(session_id)
        try:
            for row in await _chunks(session_id, sequence_number, [i for i in stored if i not in live.fed]):
                await live.receive(row["chunk_index"], bytes(row["data"]))
            received = await live.receive(chunk_index, data)
        except InvalidAudio as error:
            # A continuation that does not decode leaves the meters as they were; finishing the
            # answer will judge the whole recording.
            log.warning("live chunk did not decode", sequence_number=sequence_number, error=error.message)
            return await current_live_metrics(session_id)
        live.hear()
        voice = await run_cpu(measure_live_voice, received.samples, received.activity)
        rows: list[Row] = (
            await LiveMetricsTable.update(
                {
                    LiveMetricsTable.current_volume: voice.volume,
                    LiveMetricsTable.current_speech_pace: voice.speech_pace,
                    LiveMetricsTable.silence_duration_ms: voice.silence_ms,
                    LiveMetricsTable.last_updated: datetime.now(UTC),
                }
            )
            .where(LiveMetricsTable.session == session_id)
            .returning(*LiveMetricsTable.all_columns())
        )
    metrics = rows[0]
    await publish(services.broker, LiveMetricsUpdated(session_id=session_id, metrics=metrics))
    return metrics


async def append_chunk(
    services: Services,
    user_id: UUID,
    session_id: str,
    sequence_number: int,
    chunk_index: int,
    data: bytes,
) -> Row:
    """Store one recorder chunk of the answer to question `sequence_number`; the live metrics after it.

    Same checks as the answer turn: NOT_FOUND for a session that is not the caller's, CONFLICT
    when the session is not ACTIVE or question `sequence_number` is not the one awaited.
    """
    settings = services.settings
    if not 0 <= chunk_index < settings.live_max_chunks:
        raise BadUserInput(
            f"chunkIndex must be between 0 and {settings.live_max_chunks - 1}.", field="chunkIndex"
        )
    if not data:
        raise InvalidAudio(f"chunk {chunk_index} is empty (received 0 bytes)")
    session = await owned_session(user_id, session_id)
    require_active(session)
    awaited = await awaited_question(session["id"])
    if awaited is None or awaited["sequence_number"] != sequence_number:
        raise wrong_turn(awaited, sequence_number)
    # Decoding starts only after the checks, within the user's share of the speech threads.
    with services.speech_jobs.take(user_id, settings.speech_jobs_per_user):
        if chunk_index == 0:
            # chunk 0 carries the header: refuse what is not audio, or declares a bomb's duration
            await run_cpu(decode_audio, data, max_seconds=settings.max_answer_seconds)
        stored = await _check_room(session["id"], sequence_number, len(data), settings.max_upload_bytes)
        if not await _store_chunk(session["id"], sequence_number, chunk_index, data):
            return await current_live_metrics(session["id"])
        return await _hear_and_measure(services, session, awaited, chunk_index, data, stored)


async def finish_recording(user_id: UUID, session_id: str, sequence_number: int) -> tuple[bytes, int]:
    """The assembled recording to hand to the answer turn and its number of chunks, after the
    turn's own checks.

    An answer already received (a replayed finish) needs no audio: the turn returns its first
    result, so b"" (and 0) is passed then.
    """
    session = await owned_session(user_id, session_id)
    if await answer_row(session["id"], sequence_number) is not None:
        return b"", 0
    require_active(session)
    awaited = await awaited_question(session["id"])
    if awaited is None or awaited["sequence_number"] != sequence_number:
        raise wrong_turn(awaited, sequence_number)
    return await recording(session["id"], sequence_number)


async def answer_from_recording(
    services: Services, user_id: UUID, session_id: str, sequence_number: int
) -> AnswerOutcome:
    """finishAnswer: the live chunks of question `sequence_number`, in order, through the answer turn."""
    audio, chunk_count = await finish_recording(user_id, session_id, sequence_number)
    key = (parse_id(session_id), sequence_number)
    async with services.live_measuring.lock(key):  # the last chunk's decoding is done
        live = services.live_answers.take(key)
    speculation = None
    try:
        heard = None
        if audio and live is not None and not live.broken and live.fed == set(range(chunk_count)):
            heard = live.transcription
            live.finishing()
            await live.settled()  # a reply being started on the last pause is there to take
            speculation = live.take_speculation()
        return await answer_question(
            services, user_id, session_id, sequence_number, audio, live=heard, speculation=speculation
        )
    finally:
        if speculation is not None:
            speculation.discard()  # unless the turn adopted it
        if live is not None:
            await live.aclose()
