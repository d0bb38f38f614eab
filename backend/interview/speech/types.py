"""The audio dataclasses every layer shares: decoded PCM, word timings, a transcription, how an
answer was spoken and how a persona sounds.

They live here, below `ai/`, so that speech code never imports the AI roles; `ai/` imports these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000


# --- audio -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedAudio:
    """An upload decoded to 16 kHz mono int16 PCM, with what it was judged to be."""

    samples: npt.NDArray[np.int16]
    sample_rate: int
    container: str
    """The container/codec found in the bytes, e.g. "webm/opus", "wav", "mp3"."""
    mime_type: str
    """The mime type matching `container` (never the client's declaration)."""
    source: bytes = field(repr=False)
    """The bytes as received, for providers that want the original file."""

    @property
    def duration_ms(self) -> int:
        return round(len(self.samples) * 1000 / self.sample_rate)


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    """Seconds from the start of the clip."""
    end: float
    probability: float | None = None


@dataclass(frozen=True)
class TranscriptionResult:
    text: str
    words: list[Word]
    """Word timings when the provider gives them; may be empty (e.g. gpt-transcribe)."""
    language: str | None
    confidence: float | None
    """0..1; mean word probability or the provider's own figure."""
    duration_ms: int
    model: str


@dataclass(frozen=True)
class VoiceMetrics:
    """How an answer was spoken; formulas in interview.speech.voice_metrics."""

    speech_pace: float
    pause_count: int
    longest_pause_ms: int
    response_latency_ms: int
    speaking_time_ms: int
    word_count: int
    filler_word_count: int
    filler_words: list[str]
    volume_level: float
    volume_dbfs: float
    too_quiet: bool
    clipping: bool
    clarity_score: float


@dataclass(frozen=True)
class VoiceProfile:
    """How a persona sounds: the local voice's speed and pitch, and a cloud voice name."""

    name: str
    speed: float = 1.0
    """Speaking-rate multiplier, 1.0 = the voice's natural pace."""
    pitch: float = 1.0
    """Pitch multiplier, 1.0 = natural."""
    openai_voice: str = "alloy"


@dataclass(frozen=True)
class PartialTranscript:
    """The words recognised so far while an answer is still being spoken."""

    text: str
    heard_ms: int
    """How much of the answer the text covers, from its start."""
    received_ms: int
    """How much audio has been received and decoded."""
