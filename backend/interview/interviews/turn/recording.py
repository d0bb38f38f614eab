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
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

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
from interview.interviews.turn.live_voice import live_speech_pace, measure_live_voice
from interview.interviews.turn.run import AnswerOutcome, answer_question
from interview.interviews.turn.speculation import Speculation, reply_calls_the_cloud, speculate
from interview.speech.decode import decode_audio
from interview.speech.types import TranscriptionResult
from interview.speech.workers import run_cpu

if TYPE_CHECKING:
    from interview.services import Services

log = structlog.get_logger(__name__)


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
        await _pace_with_new_words(services, session_id, sequence_number)

    async def start_reply(received: ReceivedAudio, transcription: TranscriptionResult) -> Speculation:
        return await speculate(services, session, question, received, transcription)

    settings = services.settings
    speculative = None
    if settings.speculative_silence_ms > 0:
        speculative = SpeculativeStart(
            start_reply,
            # paused() also waits until the words before the pause are transcribed.
            pause_ms=settings.speculative_silence_ms,
            limit=1 if reply_calls_the_cloud(services.providers) else None,
            backlogged=services.providers.speech_jobs.backlogged,
        )
    return LiveAnswer(services.providers.live_transcription(), publish_partial, speculative)


async def _pace_with_new_words(services: Services, session_id: UUID, sequence_number: int) -> None:
    """The live pace again once the background transcription recognised more words.

    Without it, the last figure shown before the candidate stops would be the one measured on the
    last chunk, whose words were mostly still to transcribe. Nothing is written once finishAnswer
    took the answer: the final figure is on its way then.
    """
    key = (session_id, sequence_number)
    async with services.live_measuring.lock(key):
        live = services.live_answers.get(key)
        if live is None or live.broken or live.spoken is None:
            return
        pace = live_speech_pace(live.spoken, live.transcription.partial)
        rows: list[Row] = (
            await LiveMetricsTable.update(
                {LiveMetricsTable.current_speech_pace: pace, LiveMetricsTable.last_updated: datetime.now(UTC)}
            )
            .where(LiveMetricsTable.session == session_id)
            .returning(*LiveMetricsTable.all_columns())
        )
        # Published under the lock, so never after finishAnswer took the answer.
        await publish(services.broker, LiveMetricsUpdated(session_id=session_id, metrics=rows[0]))


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
        live.spoken = voice.spoken
        rows: list[Row] = (
            await LiveMetricsTable.update(
                {
                    LiveMetricsTable.current_volume: voice.volume,
                    LiveMetricsTable.current_speech_pace: live_speech_pace(
                        voice.spoken, live.transcription.partial
                    ),
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
            services,
            user_id,
            session_id,
            sequence_number,
            audio,
            recorded_live=True,
            live=heard,
            speculation=speculation,
        )
    except (BadUserInput, InvalidAudio, PayloadTooLarge):
        # The recording itself was refused (a failure that may pass keeps the take for "Try again").
        if await answer_row(key[0], sequence_number) is None:
            await _forget_refused_take(services, key[0])
        raise
    finally:
        if speculation is not None:
            speculation.discard()  # unless the turn adopted it
        if live is not None:
            await live.aclose()


async def _forget_refused_take(services: Services, session_id: UUID) -> None:
    """The take was refused (no speech, not audio...) and no answer stored: its pace, volume and
    silence describe nothing the candidate will be scored on, so they leave the live metrics (a
    reload would otherwise show them during the next take, which is sent whole)."""
    rows: list[Row] = (
        await LiveMetricsTable.update(
            {
                LiveMetricsTable.current_speech_pace: None,
                LiveMetricsTable.current_volume: None,
                LiveMetricsTable.silence_duration_ms: None,
                LiveMetricsTable.last_updated: datetime.now(UTC),
            }
        )
        .where(LiveMetricsTable.session == session_id)
        .returning(*LiveMetricsTable.all_columns())
    )
    if rows:
        await publish(services.broker, LiveMetricsUpdated(session_id=session_id, metrics=rows[0]))
