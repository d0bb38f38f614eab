"""The CPU-heavy speech work of a turn, as a handful of jobs with one interface.

Decoding an answer and checking it holds speech, measuring how it was spoken, Whisper on a clip
and Piper on a sentence: the API processes ask for these through `SpeechJobs` and do not care
where they run. `ai.local.jobs.InProcessSpeechJobs` runs them on this process's speech threads
(no REDIS_URL: `make run` is one process); `speech_queue.client.QueuedSpeechJobs` sends them to
`interview worker` processes through a Redis stream, so the API processes load no speech model.

Every job is a pure function of its inputs: running one twice gives the same result, which is
what lets the queue redeliver a job whose worker died.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from interview.ai.base import SynthesizedSpeech
from interview.speech.levels import FrameLevels
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceMetrics, VoiceProfile
from interview.speech.vad import VoiceActivity


@dataclass(frozen=True)
class PreparedAudio:
    """An upload decoded, with its voice activity (refused before this if it holds no speech) and
    the levels its voice metrics read."""

    decoded: DecodedAudio
    activity: VoiceActivity
    levels: FrameLevels


@runtime_checkable
class SpeechJobs(Protocol):
    """Where speech work runs (this process, or the workers behind a queue)."""

    name: str

    async def prepare(self, audio: bytes, *, max_seconds: float, timeout_seconds: float) -> PreparedAudio:
        """Decode `audio` and check it holds speech (INVALID_AUDIO, BAD_USER_INPUT, PAYLOAD_TOO_LARGE)."""
        ...

    async def measure(
        self, levels: FrameLevels, transcription: TranscriptionResult, activity: VoiceActivity
    ) -> VoiceMetrics:
        """Every voice metric of one answer (from its frame levels: the PCM is not needed)."""
        ...

    async def transcribe(
        self, samples: npt.NDArray[np.int16], *, context: str = "", offset_seconds: float = 0.0
    ) -> TranscriptionResult:
        """Local Whisper on 16 kHz PCM (an utterance, a piece of a file, or a whole file)."""
        ...

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        """Piper's voice speaking `text` as `voice`, encoded to ogg/opus."""
        ...

    async def backlogged(self) -> bool:
        """Are jobs waiting for a free worker? Work that may be thrown away (a speculative reply)
        is not started then: it would wait behind, and delay, work that counts."""
        ...

    async def aclose(self) -> None: ...
