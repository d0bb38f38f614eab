"""Where the candidate is speaking: webrtcvad on 30 ms frames, smoothed into speech segments."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import webrtcvad

from interview.speech.types import SAMPLE_RATE

FRAME_MS = 30
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000

VAD_AGGRESSIVENESS = 2
"""0..3; 2 rejects steady background noise yet keeps soft consonants at the edges of words."""

SILENCE_FLOOR_DBFS = -65.0
"""Frames quieter than this are silence whatever webrtcvad says. Set low: webrtcvad already
rejects steady noise, and a higher floor cut the soft ends of words in quiet recordings (speech
at -40 dBFS), turning 300 ms gaps into false 500 ms pauses."""

HANGOVER_MS = 300
"""Gaps shorter than this inside speech are bridged (see `smooth_voiced_frames`)."""

MIN_BURST_MS = 100
"""Voiced runs shorter than this, isolated by long silence, are clicks or breaths, not speech."""


@dataclass(frozen=True)
class SpeechSegment:
    """A stretch of speech, in milliseconds from the start of the clip."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class VoiceActivity:
    """The frames judged voiced (raw, for loudness) and the smoothed speech segments (for timing)."""

    voiced: npt.NDArray[np.bool_]
    segments: list[SpeechSegment]

    @property
    def speech_ms(self) -> int:
        return sum(segment.duration_ms for segment in self.segments)


def frame_view(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """The whole 30 ms frames of a clip as rows (a trailing partial frame is dropped)."""
    count = len(samples) // FRAME_SAMPLES
    return samples[: count * FRAME_SAMPLES].reshape(count, FRAME_SAMPLES)


def frame_dbfs(frames: npt.NDArray[np.int16]) -> npt.NDArray[np.float64]:
    """RMS level of each frame in dBFS (full scale = 32768; digital silence = -120)."""
    rms = np.sqrt(np.mean(np.square(frames, dtype=np.float32), axis=1, dtype=np.float64))
    return np.asarray(20 * np.log10(np.maximum(rms, 1e-6 * 32768) / 32768), dtype=np.float64)


class FrameClassifier:
    """Judges 30 ms frames voiced or not, in order, keeping webrtcvad's state between calls.

    webrtcvad adapts to the background as it goes, so frames given in several calls are judged
    exactly as the same frames given in one: a growing recording can be judged as it arrives.
    """

    def __init__(self) -> None:
        self._vad = webrtcvad.Vad(VAD_AGGRESSIVENESS)

    def classify(self, frames: npt.NDArray[np.int16]) -> npt.NDArray[np.bool_]:
        """One decision per row of `frames` (whole 30 ms frames, see `frame_view`)."""
        if len(frames) == 0:
            return np.zeros(0, dtype=np.bool_)
        loud_enough = frame_dbfs(frames) > SILENCE_FLOOR_DBFS
        return np.fromiter(
            (
                bool(loud) and self._vad.is_speech(frame.tobytes(), SAMPLE_RATE)
                for frame, loud in zip(frames, loud_enough, strict=True)
            ),
            dtype=np.bool_,
            count=len(frames),
        )


def detect_voice(samples: npt.NDArray[np.int16]) -> VoiceActivity:
    """Voice activity of 16 kHz mono int16 audio."""
    voiced = FrameClassifier().classify(frame_view(samples))
    return VoiceActivity(voiced=voiced, segments=smooth_voiced_frames(voiced))


def smooth_voiced_frames(voiced: npt.NDArray[np.bool_]) -> list[SpeechSegment]:
    """Turn per-frame decisions into speech segments, with a hangover and a minimum burst.

    Hangover: speech is held through gaps shorter than HANGOVER_MS (300 ms). Stop closures
    (the silence before "p", "t", "k") and the breaks between words last 50–250 ms; they are
    part of speaking, and a pause only starts at 500 ms anyway, so bridging them loses nothing.
    Minimum burst: a stretch with under MIN_BURST_MS of voiced frames (three frames or fewer),
    standing alone between silences, is a click, a breath, a keyboard tap or webrtcvad's first frames
    while it adapts to the background; dropping it keeps one long silence from being split into
    two shorter ones. Spoken words last longer.
    """
    runs = _voiced_runs(voiced)
    hangover_frames = HANGOVER_MS // FRAME_MS
    merged: list[list[int]] = []
    for start, end in runs:
        if merged and start - merged[-1][1] < hangover_frames:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    min_voiced_frames = -(-MIN_BURST_MS // FRAME_MS)
    return [
        SpeechSegment(start_ms=start * FRAME_MS, end_ms=end * FRAME_MS)
        for start, end in merged
        if int(np.count_nonzero(voiced[start:end])) >= min_voiced_frames
    ]


def _voiced_runs(voiced: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, end) frame indices of each run of voiced frames."""
    padded = np.concatenate(([False], voiced, [False])).astype(np.int8)
    edges = np.diff(padded)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return [(int(start), int(end)) for start, end in zip(starts, ends, strict=True)]
