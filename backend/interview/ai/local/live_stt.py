"""Offline speech-to-text while the answer is spoken, and of long files in parallel pieces.

Streamed: each utterance is transcribed as a speech job (ai/speech_jobs.py) as soon as the candidate
has been silent for TRAIL_MS after it (before the longer silence that closes it), with the text
before it as Whisper's context, so at the finish only the audio after the last transcribed
utterance is left. Whole files: cut at silences into pieces of at most
STT_SEGMENT_SECONDS and transcribed as that many speech jobs at once (on all threads, or spread
over the workers behind the queue). The chunks' decoding and voice activity stay in this process:
the decoder keeps state from chunk to chunk, and costs about 3 ms per second of audio.

Both give the same TranscriptionResult as `LocalWhisperSTT.transcribe` of the whole file: the
text, and words whose timings count from the start of the answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from interview.ai.base import ReceivedAudio, StreamedTranscript
from interview.ai.local.stt import LocalWhisperSTT, mean_probability
from interview.settings import Settings
from interview.speech.live_audio import FinishedAudio, LiveAnswerAudio
from interview.speech.types import SAMPLE_RATE, DecodedAudio, PartialTranscript, TranscriptionResult
from interview.speech.utterances import Utterance, split_at_silences
from interview.speech.vad import VoiceActivity
from interview.speech.workers import run_cpu


class LocalLiveTranscription:
    """One answer transcribed as its recorder chunks arrive (see the module docstring).

    A pure function of the chunks: after a crash, a new instance fed the stored chunks redoes the
    same work and reaches the same transcript.

    Ahead of the close: once the candidate has been silent for TRAIL_MS, the open utterance's
    clip is final unless they speak again (speech/utterances.py), so it is transcribed then, with
    the same context its close would give it: the same input, so the same transcript, whenever the
    chunks arrived. Its words show in the partial transcript at once; if the utterance closes with
    that clip, that is its transcript and no second transcription runs; if the candidate goes on,
    it stays in the partial text until the next one.
    """

    def __init__(self, stt: LocalWhisperSTT, settings: Settings) -> None:
        self._stt = stt
        self._audio = LiveAnswerAudio(
            utterance_silence_ms=settings.utterance_silence_ms,
            max_utterance_seconds=settings.stt_segment_seconds,
        )
        self._results: list[TranscriptionResult] = []
        self._heard = 0
        self._closed: list[Utterance] = []
        """Utterances decoded and closed, not transcribed yet."""
        self._pending: Utterance | None = None
        """The open utterance once its clip is complete (as of the last chunk decoded)."""
        self._ahead: _Ahead | None = None
        """The last utterance transcribed ahead of its close."""
        self._decoding = asyncio.Lock()
        self._lock = asyncio.Lock()
        self._finished: StreamedTranscript | None = None

    @property
    def partial(self) -> PartialTranscript:
        """The words recognised so far."""
        results, heard = self._results, self._heard
        if self._ahead is not None and self._ahead.index == len(results):
            results, heard = [*results, self._ahead.result], max(heard, self._ahead.clip[1])
        return PartialTranscript(
            text=_joined(results),
            heard_ms=heard * 1000 // SAMPLE_RATE,
            received_ms=self._audio.received_ms,
        )

    async def add_chunk(self, index: int, data: bytes) -> PartialTranscript | None:
        """Take recorder chunk `index` (any order); the new partial transcript if it has new words.

        Decodes only the new audio and transcribes the utterances it closed (and the open one, if
        the candidate is silent). InvalidAudio when the chunks do not decode.
        """
        await self.receive(index, data)
        return await self.transcribe_received()

    async def receive(self, index: int, data: bytes) -> ReceivedAudio:
        """Decode chunk `index` (only its new audio) and find the utterances it closed; the audio so far."""
        async with self._decoding:
            closed, self._pending = await run_cpu(self._take_chunk, index, data)
            self._closed += closed
            return ReceivedAudio(self._audio.decoder.pcm.samples, self._audio.segmenter.activity())

    async def transcribe_received(self) -> PartialTranscript | None:
        """Transcribe the utterances closed so far, then the open one if its clip is complete; the
        new partial transcript, None if no new words were transcribed."""
        async with self._lock:
            closed, self._closed = self._closed, []
            heard = [await self._transcribe(utterance) for utterance in closed]
            ahead = await self._transcribe_ahead()
            return self.partial if any(heard) or ahead else None

    def transcript_so_far(self) -> TranscriptionResult | None:
        """The transcription `finish()` would give if only silence followed what was received;
        None while some of it is still being transcribed."""
        if self._closed or self._lock.locked() or self._finished is not None:
            return None
        results = self._results
        if self._pending is not None:
            if not self._is_ahead(self._pending):
                return None
            assert self._ahead is not None
            results = [*results, self._ahead.result]
        return combine(results, self._audio.received_ms, self._stt.name)

    async def finish(self) -> StreamedTranscript:
        """Transcribe what is left after the last closed utterance; the whole answer's transcript.

        The PCM is let go before those last transcriptions: they get copies of their clips, and
        the turn reads the summary.
        """
        async with self._decoding, self._lock:
            if self._finished is None:
                finished: FinishedAudio = await run_cpu(self._audio.finish)
                remaining = [*self._closed, *finished.remaining]
                self._closed, self._pending = [], None
                clips = [
                    (utterance, None if self._is_ahead(utterance, i) else self._clip(utterance))
                    for i, utterance in enumerate(remaining)
                ]
                summary, activity = finished.summary, finished.activity
                del finished  # with the decoder's buffer, the last reference to the answer's PCM
                self._audio.release()
                left = next((u.clip_start for u, clip in clips if clip is not None), None)
                for utterance, clip in clips:
                    await self._transcribe(utterance, clip)
                self._finished = StreamedTranscript(
                    summary=summary,
                    activity=activity,
                    transcription=combine(self._results, summary.duration_ms, self._stt.name),
                    left_at_finish_ms=0 if left is None else summary.duration_ms - left * 1000 // SAMPLE_RATE,
                )
            return self._finished

    async def aclose(self) -> None:
        """Nothing to release (the model and the workers are the process's)."""

    def _take_chunk(self, index: int, data: bytes) -> tuple[list[Utterance], Utterance | None]:
        return self._audio.add_chunk(index, data), self._audio.pending()

    def _is_ahead(self, utterance: Utterance, after: int = 0) -> bool:
        """Was `utterance` (the next to transcribe, or the one `after` more after it) transcribed
        ahead of its close?"""
        ahead = self._ahead
        next_index = len(self._results) + after
        return ahead is not None and ahead.index == next_index and ahead.clip == utterance.clip

    async def _transcribe_ahead(self) -> bool:
        """Transcribe the open utterance if its clip is complete and not transcribed yet."""
        pending = self._pending
        if pending is None or self._is_ahead(pending):
            return False
        self._ahead = _Ahead(len(self._results), pending.clip, await self._transcribe_clip(pending))
        return True

    async def _transcribe(self, utterance: Utterance, clip: npt.NDArray[np.int16] | None = None) -> bool:
        """Add the next utterance's transcript (of `clip` if given, its samples); False when it was
        transcribed ahead (no new words)."""
        ahead = self._ahead if self._is_ahead(utterance) else None
        result = ahead.result if ahead is not None else await self._transcribe_clip(utterance, clip)
        self._results.append(result)
        self._heard = utterance.end
        return ahead is None

    def _clip(self, utterance: Utterance) -> npt.NDArray[np.int16]:
        """A copy, not a view: a job waiting in the queue keeps its clip alive, and a view would
        keep the answer's whole growing buffer with it (each older one too, once it has grown)."""
        start, end = utterance.clip
        return self._audio.decoder.pcm.samples[start:end].copy()

    async def _transcribe_clip(
        self, utterance: Utterance, clip: npt.NDArray[np.int16] | None = None
    ) -> TranscriptionResult:
        return await self._stt.transcribe_clip(
            clip if clip is not None else self._clip(utterance),
            context=_joined(self._results),
            offset_seconds=utterance.clip_start / SAMPLE_RATE,
        )


@dataclass(frozen=True)
class _Ahead:
    """The `index`th utterance, transcribed ahead of its close on the samples `clip`."""

    index: int
    clip: tuple[int, int]
    result: TranscriptionResult


async def transcribe_in_parallel(
    stt: LocalWhisperSTT, audio: DecodedAudio, settings: Settings
) -> tuple[TranscriptionResult, VoiceActivity]:
    """A whole file cut at silences and transcribed on all speech workers; with its voice activity.

    The pieces cannot see each other's text (they run at once), so each gets the filler prompt
    alone; a piece holds several utterances up to STT_SEGMENT_SECONDS, which keeps context within it.
    """
    pieces, activity = await run_cpu(
        split_at_silences,
        audio.samples,
        silence_ms=settings.utterance_silence_ms,
        max_seconds=settings.stt_segment_seconds,
    )
    results = await asyncio.gather(
        *(
            stt.transcribe_clip(
                audio.samples[piece.clip_start : piece.clip_end],
                offset_seconds=piece.clip_start / SAMPLE_RATE,
            )
            for piece in pieces
        )
    )
    return combine(list(results), audio.duration_ms, stt.name), activity


def combine(results: list[TranscriptionResult], duration_ms: int, model: str) -> TranscriptionResult:
    """Transcripts of consecutive pieces of one answer as one transcript of the whole answer."""
    words = [word for result in results for word in result.words]
    return TranscriptionResult(
        text=_joined(results),
        words=words,
        language=next((result.language for result in results if result.language), None),
        confidence=mean_probability(words),
        duration_ms=duration_ms,
        model=model,
    )


def _joined(results: list[TranscriptionResult]) -> str:
    return " ".join(result.text for result in results if result.text)
