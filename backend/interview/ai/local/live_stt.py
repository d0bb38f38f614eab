"""Offline speech-to-text while the answer is spoken, and of long files in parallel pieces.

Streamed: each utterance is transcribed on the speech workers as soon as the silence after it
closes it, with the text before it as Whisper's context, so at the finish only the audio after
the last closed utterance is left. Whole files: cut at silences into pieces of at most
STT_SEGMENT_SECONDS and transcribed on all speech workers at once.

Both give the same TranscriptionResult as `LocalWhisperSTT.transcribe` of the whole file: the
text, and words whose timings count from the start of the answer.
"""

from __future__ import annotations

import asyncio

from interview.ai.base import StreamedTranscript
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
        )
        self._results: list[TranscriptionResult] = []
        self._heard = 0
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
        async with self._lock:
            closed = await run_cpu(self._audio.add_chunk, index, data)
            for utterance in closed:
                await self._transcribe(utterance)
            return self.partial if closed else None

    async def finish(self) -> StreamedTranscript:
        """Transcribe what is left after the last closed utterance; the whole answer's transcript."""
        async with self._lock:
            if self._finished is None:
                finished: FinishedAudio = await run_cpu(self._audio.finish)
                left = 0
                if finished.remaining:
                    left = len(finished.audio.samples) - finished.remaining[0].clip_start
                for utterance in finished.remaining:
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
        result = await run_cpu(
            self._stt.transcribe_pcm,
            samples,
            context=_joined(self._results),
            offset_seconds=utterance.clip_start / SAMPLE_RATE,
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
            run_cpu(
                stt.transcribe_pcm,
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
