"""Offline speech-to-text while the answer is spoken, and of long files in parallel pieces.

Streamed: each utterance is transcribed as a speech job (ai/speech_jobs.py) as soon as the silence after it
closes it, with the text before it as Whisper's context, so at the finish only the audio after
the last closed utterance is left. Whole files: cut at silences into pieces of at most
STT_SEGMENT_SECONDS and transcribed as that many speech jobs at once (on all threads, or spread
over the workers behind the queue). The chunks' decoding and voice activity stay in this process:
the decoder keeps state from chunk to chunk, and costs about 3 ms per second of audio.

Both give the same TranscriptionResult as `LocalWhisperSTT.transcribe` of the whole file: the
text, and words whose timings count from the start of the answer.
"""

from __future__ import annotations

import asyncio

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
    """

    def __init__(self, stt: LocalWhisperSTT, settings: Settings) -> None:
        self._stt = stt
        self._audio = LiveAnswerAudio(
            utterance_silence_ms=settings.utterance_silence_ms,
            max_utterance_seconds=settings.stt_segment_seconds,
            early_close_seconds=settings.utterance_early_close_seconds or None,
        )
        self._results: list[TranscriptionResult] = []
        self._heard = 0
        self._closed: list[Utterance] = []
        """Utterances decoded and closed, not transcribed yet."""
        self._decoding = asyncio.Lock()
        self._lock = asyncio.Lock()
        self._finished: StreamedTranscript | None = None

    @property
    def partial(self) -> PartialTranscript:
        """The words recognised so far."""
        return PartialTranscript(
            text=_joined(self._results),
            heard_ms=self._heard * 1000 // SAMPLE_RATE,
            received_ms=self._audio.received_ms,
        )

    async def add_chunk(self, index: int, data: bytes) -> PartialTranscript | None:
        """Take recorder chunk `index` (any order); the new partial transcript if it has new words.

        Decodes only the new audio and transcribes the utterances it closed. InvalidAudio when
        the chunks do not decode.
        """
        await self.receive(index, data)
        return await self.transcribe_received()

    async def receive(self, index: int, data: bytes) -> ReceivedAudio:
        """Decode chunk `index` (only its new audio) and find the utterances it closed; the audio so far."""
        async with self._decoding:
            self._closed += await run_cpu(self._audio.add_chunk, index, data)
            return ReceivedAudio(self._audio.decoder.pcm.samples, self._audio.segmenter.activity())

    async def transcribe_received(self) -> PartialTranscript | None:
        """Transcribe the utterances closed so far; the new partial transcript, None if none closed."""
        async with self._lock:
            closed, self._closed = self._closed, []
            for utterance in closed:
                await self._transcribe(utterance)
            return self.partial if closed else None

    def transcript_so_far(self) -> TranscriptionResult | None:
        """The utterances transcribed so far as one transcript; None while a closed one waits."""
        if self._closed or self._lock.locked() or self._finished is not None:
            return None
        received = DecodedAudio(self._audio.decoder.pcm.samples, SAMPLE_RATE, "webm/opus", "audio/webm", b"")
        return combine(self._results, received, self._stt.name)

    async def finish(self) -> StreamedTranscript:
        """Transcribe what is left after the last closed utterance; the whole answer's transcript."""
        async with self._decoding, self._lock:
            if self._finished is None:
                finished: FinishedAudio = await run_cpu(self._audio.finish)
                remaining = [*self._closed, *finished.remaining]
                self._closed = []
                left = 0
                if remaining:
                    left = len(finished.audio.samples) - remaining[0].clip_start
                for utterance in remaining:
                    await self._transcribe(utterance)
                self._finished = StreamedTranscript(
                    audio=finished.audio,
                    activity=finished.activity,
                    transcription=combine(self._results, finished.audio, self._stt.name),
                    left_at_finish_ms=left * 1000 // SAMPLE_RATE,
                )
            return self._finished

    async def aclose(self) -> None:
        """Nothing to release (the model and the workers are the process's)."""

    async def _transcribe(self, utterance: Utterance) -> None:
        samples = self._audio.decoder.pcm.samples[utterance.clip_start : utterance.end]
        result = await self._stt.transcribe_clip(
            samples, context=_joined(self._results), offset_seconds=utterance.clip_start / SAMPLE_RATE
        )
        self._results.append(result)
        self._heard = utterance.end


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
                audio.samples[piece.clip_start : piece.end],
                offset_seconds=piece.clip_start / SAMPLE_RATE,
            )
            for piece in pieces
        )
    )
    return combine(list(results), audio, stt.name), activity


def combine(results: list[TranscriptionResult], audio: DecodedAudio, model: str) -> TranscriptionResult:
    """Transcripts of consecutive pieces of one answer as one transcript of the whole answer."""
    words = [word for result in results for word in result.words]
    return TranscriptionResult(
        text=_joined(results),
        words=words,
        language=next((result.language for result in results if result.language), None),
        confidence=mean_probability(words),
        duration_ms=audio.duration_ms,
        model=model,
    )


def _joined(results: list[TranscriptionResult]) -> str:
    return " ".join(result.text for result in results if result.text)
