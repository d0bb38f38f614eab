"""Speech-to-text while the answer is spoken: an OpenAI Realtime transcription session.

The session (`/v1/realtime?intent=transcription`, `session.type = "transcription"`) takes 24 kHz
PCM16 through `input_audio_buffer.append`. Server turn detection is off: we commit the buffer
ourselves (`input_audio_buffer.commit`) when our own segmenter closes an utterance and at the
finish, and each committed item is transcribed: `conversation.item.input_audio_transcription.delta`
events carry its text as it comes, `.completed` the final text. No word timings: the voice metrics'
timing comes from our VAD, as with gpt-transcribe.

If the session fails (refused, dropped mid-stream, an `error` event), the failure is a
ProviderError raised by `finish()`; the caller then transcribes the whole file through the
fallback chain (file transcription, then the local model).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import structlog
import websockets.exceptions
from openai.resources.realtime.realtime import AsyncRealtimeConnection

from interview.ai.base import ReceivedAudio, SpeechToText, StreamedTranscript
from interview.ai.errors import ProviderBadResponse, ProviderError, ProviderTimeout, ProviderUnavailable
from interview.ai.openai._client import PROVIDER, make_client, map_provider_errors
from interview.ai.openai.tts import REALTIME_RATE, realtime_event_error, realtime_handshake_error
from interview.ai.prompts.messages import transcription_prompt
from interview.settings import Settings
from interview.speech.encode import StreamResampler
from interview.speech.live_audio import LiveAnswerAudio
from interview.speech.types import SAMPLE_RATE, PartialTranscript, TranscriptionResult
from interview.speech.workers import run_cpu

log = structlog.get_logger(__name__)

_MIN_COMMIT_SAMPLES = REALTIME_RATE // 10
"""The API refuses to commit less than 100 ms of audio."""


@dataclass
class _Item:
    """One committed stretch of audio and its transcript so far."""

    text: str = ""
    completed: bool = False


@dataclass
class _Transcript:
    order: list[str] = field(default_factory=list)
    items: dict[str, _Item] = field(default_factory=dict)

    def item(self, item_id: str) -> _Item:
        return self.items.setdefault(item_id, _Item())

    @property
    def text(self) -> str:
        return " ".join(t for t in (self.items[i].text.strip() for i in self.order if i in self.items) if t)

    @property
    def complete(self) -> bool:
        return all(self.items.get(i, _Item()).completed for i in self.order)


class OpenAIRealtimeTranscriber:
    """A Realtime transcription session: `send` PCM, `commit` at utterance ends, read `deltas()`,
    then `finish()` for the whole text. Use as an async context manager."""

    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.openai_streaming_stt_model
        self._timeout = settings.provider_timeout_seconds
        self._connection: AsyncRealtimeConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._transcript = _Transcript()
        self._changed = asyncio.Condition()
        self._failure: ProviderError | None = None
        self._commits_sent = 0
        self._uncommitted = 0
        self._deltas: asyncio.Queue[str | None] = asyncio.Queue()
        self._resampler = StreamResampler(SAMPLE_RATE, REALTIME_RATE)

    async def __aenter__(self) -> OpenAIRealtimeTranscriber:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def start(self) -> None:
        """Open the session and configure it (transcription only, our own turn detection)."""
        with _realtime_errors(self.name):
            async with asyncio.timeout(self._timeout):
                self._connection = await self._client.realtime.connect(
                    extra_query={"intent": "transcription"}
                ).enter()
                await self._connection.session.update(
                    session={
                        "type": "transcription",
                        "audio": {
                            "input": {
                                "format": {"type": "audio/pcm", "rate": REALTIME_RATE},
                                "transcription": {"model": self.model, "prompt": transcription_prompt()},
                                "turn_detection": None,
                            }
                        },
                    }
                )
        self._reader = asyncio.create_task(self._read())

    async def send(self, samples: npt.NDArray[np.int16]) -> None:
        """Append 16 kHz mono PCM (resampled to the session's 24 kHz PCM16)."""
        await self._append(self._resampler.resample(samples))

    async def _append(self, resampled: npt.NDArray[np.int16]) -> None:
        pcm = resampled.astype("<i2", copy=False)
        self._raise_failure()
        if pcm.size == 0:
            return
        connection = self._require_connection()
        with _realtime_errors(self.name):
            await connection.input_audio_buffer.append(audio=base64.b64encode(pcm.tobytes()).decode())
        self._uncommitted += pcm.size

    async def commit(self) -> None:
        """Close the current stretch of audio: it becomes an item and is transcribed."""
        self._raise_failure()
        if self._uncommitted < _MIN_COMMIT_SAMPLES:
            return
        with _realtime_errors(self.name):
            await self._require_connection().input_audio_buffer.commit()
        self._uncommitted = 0
        self._commits_sent += 1

    async def deltas(self) -> AsyncIterator[str]:
        """Text as it is recognised, until the session ends (ProviderError if it fails)."""
        while (delta := await self._deltas.get()) is not None:
            yield delta
        self._raise_failure()

    @property
    def text(self) -> str:
        """Everything recognised so far, items in the order they were committed."""
        return self._transcript.text

    @property
    def settled(self) -> bool:
        """Every committed item is transcribed (and the session has not failed)."""
        return (
            self._failure is None
            and len(self._transcript.order) >= self._commits_sent
            and self._transcript.complete
        )

    async def finish(self, *, commit_rest: bool = True) -> str:
        """Commit what is left (unless it holds no speech) and wait until every item is
        transcribed; the whole text."""
        if commit_rest:
            await self._append(self._resampler.flush())
            await self.commit()
        try:
            async with asyncio.timeout(self._timeout), self._changed:
                await self._changed.wait_for(
                    lambda: (
                        self._failure is not None
                        or (len(self._transcript.order) >= self._commits_sent and self._transcript.complete)
                    )
                )
        except TimeoutError as error:
            raise ProviderTimeout(self.name, "realtime transcription did not finish in time") from error
        self._raise_failure()
        return self._transcript.text

    async def aclose(self) -> None:
        """Close the session and the HTTP client."""
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._connection is not None:
            with contextlib.suppress(Exception):  # the socket may already be gone
                await self._connection.close()
        await self._client.close()

    async def _read(self) -> None:
        connection = self._require_connection()
        try:
            with _realtime_errors(self.name):
                async for event in connection:
                    await self._handle(event.type, event.model_dump())
            raise ProviderUnavailable(self.name, "realtime transcription session closed")
        except ProviderError as error:
            async with self._changed:
                self._failure = error
                self._changed.notify_all()
        finally:
            self._deltas.put_nowait(None)

    async def _handle(self, kind: str, event: dict[str, Any]) -> None:
        if kind == "error":
            raise realtime_event_error(self.name, event.get("error") or {})
        async with self._changed:
            if kind == "input_audio_buffer.committed":
                self._transcript.order.append(event["item_id"])
            elif kind == "conversation.item.input_audio_transcription.delta":
                delta = event.get("delta") or ""
                self._transcript.item(event["item_id"]).text += delta
                self._deltas.put_nowait(delta)
            elif kind == "conversation.item.input_audio_transcription.completed":
                item = self._transcript.item(event["item_id"])
                item.text, item.completed = event.get("transcript") or "", True
            elif kind == "conversation.item.input_audio_transcription.failed":
                message = (event.get("error") or {}).get("message", "transcription failed")
                raise ProviderBadResponse(self.name, f"realtime transcription: {message}")
            self._changed.notify_all()

    def _require_connection(self) -> AsyncRealtimeConnection:
        if self._connection is None:
            raise RuntimeError("start() the session first")
        return self._connection

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure


class OpenAILiveTranscription:
    """One answer's recorder chunks decoded as they arrive and streamed into a Realtime
    transcription session, committed at each utterance end (the `LiveTranscription` interface).

    A failing session never fails a chunk: decoding goes on, the partial text stops growing, and
    `finish()` transcribes the whole answer with `fallback` (the STT fallback chain: file
    transcription, then the local model). Without a fallback, `finish()` raises the ProviderError.
    """

    def __init__(self, settings: Settings, fallback: SpeechToText | None = None) -> None:
        self._audio = LiveAnswerAudio(
            utterance_silence_ms=settings.utterance_silence_ms,
            max_utterance_seconds=settings.stt_segment_seconds,
        )
        self._session = OpenAIRealtimeTranscriber(settings)
        self._fallback = fallback
        self._failure: ProviderError | None = None
        self._sent = 0
        self._closed = False
        """An utterance closed since the last commit."""
        self._decoding = asyncio.Lock()
        self._lock = asyncio.Lock()
        self._started = False
        self._finishing = asyncio.Lock()
        self._finished: StreamedTranscript | None = None

    @property
    def failure(self) -> ProviderError | None:
        """Why the session stopped, if it did."""
        return self._failure

    @property
    def partial(self) -> PartialTranscript:
        return PartialTranscript(
            text=self._session.text, heard_ms=self._audio.received_ms, received_ms=self._audio.received_ms
        )

    async def add_chunk(self, index: int, data: bytes) -> PartialTranscript | None:
        """Decode chunk `index`, send the new audio, commit at utterance ends; the text so far."""
        await self.receive(index, data)
        return await self.transcribe_received()

    async def receive(self, index: int, data: bytes) -> ReceivedAudio:
        """Decode chunk `index` (only its new audio) and note whether it closed an utterance."""
        async with self._decoding:
            if await run_cpu(self._audio.add_chunk, index, data):
                self._closed = True
            return ReceivedAudio(self._audio.decoder.pcm.samples, self._audio.segmenter.activity())

    async def transcribe_received(self) -> PartialTranscript | None:
        """Send the audio received since the last call, committing at an utterance end; the text so far."""
        async with self._lock:
            samples = self._audio.decoder.pcm.samples
            commit, self._closed = self._closed, False
            await self._stream(samples[self._sent :], commit=commit)
            self._sent = len(samples)
            return self.partial

    def transcript_so_far(self) -> TranscriptionResult | None:
        """The committed items' text once all are transcribed; None before, or once the session
        failed (the finish then transcribes the file elsewhere)."""
        if self._failure is not None or self._closed or self._lock.locked() or not self._session.settled:
            return None
        return TranscriptionResult(
            text=self._session.text,
            words=[],
            language=None,
            confidence=None,
            duration_ms=self._audio.received_ms,
            model=self._session.model,
        )

    async def finish(self) -> StreamedTranscript:
        """Send the rest and wait for the session's last transcripts (or use the fallback); the
        same result when called again (the PCM is released after the first)."""
        async with self._finishing:
            if self._finished is None:
                self._finished = await self._finish()
            return self._finished

    async def _finish(self) -> StreamedTranscript:
        async with self._decoding, self._lock:
            finished = await run_cpu(self._audio.finish)
            # An utterance received but not yet streamed is still to send, as is the open one.
            speech_left = bool(finished.remaining) or self._closed
            text = ""
            if self._failure is None:
                try:
                    await self._start()
                    if speech_left:
                        await self._session.send(finished.audio.samples[self._sent :])
                    # Silence after the last closed utterance is not worth a transcription.
                    text = await self._session.finish(commit_rest=speech_left)
                except ProviderError as error:
                    self._failure = error
            self._sent = len(finished.audio.samples)
        if self._failure is not None:
            if self._fallback is None:
                raise self._failure
            log.warning("realtime transcription failed; transcribing the file", error=str(self._failure))
            transcription = await self._fallback.transcribe(finished.audio)
        else:
            transcription = TranscriptionResult(
                text=text,
                words=[],
                language=None,
                confidence=None,
                duration_ms=finished.audio.duration_ms,
                model=self._session.model,
            )
        self._audio.release()
        return StreamedTranscript(
            summary=finished.summary,
            activity=finished.activity,
            transcription=transcription,
            left_at_finish_ms=0,
        )

    async def aclose(self) -> None:
        await self._session.aclose()

    async def _start(self) -> None:
        if not self._started:
            self._started = True
            await self._session.start()

    async def _stream(self, samples: npt.NDArray[np.int16], *, commit: bool) -> None:
        if self._failure is not None:
            return
        try:
            await self._start()
            await self._session.send(samples)
            if commit:
                await self._session.commit()
        except ProviderError as error:
            self._failure = error
            log.warning("realtime transcription failed mid-answer", error=str(error))


@contextlib.contextmanager
def _realtime_errors(provider: str) -> Iterator[None]:
    """The websocket's failures as ProviderErrors, beside the SDK's own (`map_provider_errors`)."""
    try:
        with map_provider_errors(provider):
            yield
    except websockets.exceptions.InvalidStatus as error:
        raise realtime_handshake_error(provider, error) from error
    except (websockets.exceptions.WebSocketException, OSError) as error:
        raise ProviderUnavailable(provider, f"realtime connection failed: {error}") from error
