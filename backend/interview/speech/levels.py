"""What the loudness and clipping metrics read of an answer's PCM: two numbers per 30 ms frame.

Per voice-activity frame, the sum of its squared samples (exact, in int64) and how many of its
samples are at full scale. That is all `speech_dbfs` and `is_clipping` need, at 10 bytes per frame
instead of 960: 10 KB for a 30 s answer instead of 960 KB. A streamed answer's turn keeps these and
lets the PCM go once its last clip is sent to speech-to-text, so a turn that waits for the speech
workers (under a backlog, minutes) holds no audio but the upload itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from interview.speech.types import DecodedAudio
from interview.speech.vad import frame_view

CLIPPING_SAMPLE = 32_440
"""|sample| at or above -0.09 dBFS counts as clipped (lossy codecs ring just below full scale)."""


@dataclass(frozen=True)
class FrameLevels:
    """Per whole 30 ms frame (`vad.frame_view`): the sum of squared samples and the clipped count."""

    energy: npt.NDArray[np.int64]
    clipped: npt.NDArray[np.int16]

    def __post_init__(self) -> None:
        if len(self.energy) != len(self.clipped):
            raise ValueError("one energy and one clipped count per frame")

    def __len__(self) -> int:
        return len(self.energy)


def frame_levels(samples: npt.NDArray[np.int16]) -> FrameLevels:
    """The levels of every whole frame of `samples` (about 1 ms of CPU per 30 s of audio; einsum
    squares into int64 through a small buffer, so no int64 copy of the answer is made)."""
    frames = frame_view(samples)
    energy = np.einsum("ij,ij->i", frames, frames, dtype=np.int64)
    at_full_scale = (frames >= CLIPPING_SAMPLE) | (frames <= -CLIPPING_SAMPLE)
    clipped = np.count_nonzero(at_full_scale, axis=1).astype(np.int16)
    return FrameLevels(energy, clipped)


@dataclass(frozen=True)
class AudioSummary:
    """What a turn keeps of an answer's audio once it is decoded: the upload as received, what it
    is, how long it lasts, and its frame levels; not its PCM."""

    source: bytes = field(repr=False)
    container: str
    mime_type: str
    duration_ms: int
    levels: FrameLevels = field(repr=False)


def summarise(audio: DecodedAudio, levels: FrameLevels | None = None) -> AudioSummary:
    """`audio` without its PCM (its levels measured unless given)."""
    return AudioSummary(
        source=audio.source,
        container=audio.container,
        mime_type=audio.mime_type,
        duration_ms=audio.duration_ms,
        levels=levels if levels is not None else frame_levels(audio.samples),
    )
