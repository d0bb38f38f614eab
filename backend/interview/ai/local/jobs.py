"""The speech jobs themselves (`SpeechEngines`, plain functions in the calling thread) and
`InProcessSpeechJobs`, which runs them on this process's speech threads.

`interview worker` runs the same `SpeechEngines` behind the queue (speech_queue/tasks.py), so a job
gives the same result wherever it runs.
"""

from __future__ import annotations

import asyncio

import numpy as np
import numpy.typing as npt

from interview.ai.base import SynthesizedSpeech
from interview.ai.local.stt import LocalWhisperSTT
from interview.ai.local.tts import PiperTTS
from interview.ai.speech_jobs import PreparedAudio
from interview.errors import PayloadTooLarge
from interview.settings import Settings
from interview.speech.decode import decode_audio
from interview.speech.levels import FrameLevels, frame_levels
from interview.speech.types import TranscriptionResult, VoiceMetrics, VoiceProfile
from interview.speech.vad import VoiceActivity
from interview.speech.voice_metrics import require_speech, voice_metrics
from interview.speech.workers import run_cpu, speech_pool_backlogged


class SpeechEngines:
    """Whisper and Piper of this process (each loaded once, on first use or by `load()`)."""

    def __init__(self, settings: Settings) -> None:
        self.stt = LocalWhisperSTT(settings)
        self.tts = PiperTTS(settings)

    def load(self) -> None:
        """Load both models now (a worker does this before it takes its first job)."""
        self.stt.model()
        self.tts.voice()

    @staticmethod
    def prepare(audio: bytes, max_seconds: float, timeout_seconds: float) -> PreparedAudio:
        decoded = decode_audio(audio, max_seconds=max_seconds, timeout_seconds=timeout_seconds)
        return PreparedAudio(decoded, require_speech(decoded), frame_levels(decoded.samples))

    @staticmethod
    def measure(
        levels: FrameLevels, transcription: TranscriptionResult, activity: VoiceActivity
    ) -> VoiceMetrics:
        return voice_metrics(levels, transcription, activity)

    def transcribe(
        self, samples: npt.NDArray[np.int16], context: str = "", offset_seconds: float = 0.0
    ) -> TranscriptionResult:
        return self.stt.transcribe_pcm(samples, context=context, offset_seconds=offset_seconds)

    def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        return self.tts.speak_now(text, voice)


class InProcessSpeechJobs:
    """SpeechJobs on this process's speech threads (SPEECH_QUEUE=process, the default)."""

    name = "in-process"

    def __init__(self, settings: Settings, engines: SpeechEngines | None = None) -> None:
        self._engines = engines or SpeechEngines(settings)

    async def prepare(self, audio: bytes, *, max_seconds: float, timeout_seconds: float) -> PreparedAudio:
        # Decoding stops itself at the timeout; the wait for the speech check is bounded by it too.
        try:
            async with asyncio.timeout(timeout_seconds):
                return await run_cpu(self._engines.prepare, audio, max_seconds, timeout_seconds)
        except TimeoutError:
            raise PayloadTooLarge(
                f"the answer took longer than {timeout_seconds:g} s to process; record it again, shorter"
            ) from None

    async def measure(
        self, levels: FrameLevels, transcription: TranscriptionResult, activity: VoiceActivity
    ) -> VoiceMetrics:
        return await run_cpu(self._engines.measure, levels, transcription, activity)

    async def transcribe(
        self, samples: npt.NDArray[np.int16], *, context: str = "", offset_seconds: float = 0.0
    ) -> TranscriptionResult:
        return await run_cpu(self._engines.transcribe, samples, context, offset_seconds)

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        return await run_cpu(self._engines.synthesize, text, voice)

    async def backlogged(self) -> bool:
        return speech_pool_backlogged()

    async def aclose(self) -> None:
        """Nothing to release (the speech threads are the process's)."""
