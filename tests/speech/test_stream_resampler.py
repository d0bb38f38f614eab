"""Resampling a stream piece by piece equals resampling it whole."""

from __future__ import annotations

import numpy as np
from interview.speech.encode import StreamResampler, resample_pcm


def test_pieces_resampled_in_turn_equal_the_whole() -> None:
    samples = (np.sin(np.arange(48_000) / 7) * 8000).astype(np.int16)
    resampler = StreamResampler(16_000, 24_000)
    pieces = [resampler.resample(samples[i : i + 5_000]) for i in range(0, len(samples), 5_000)]
    pieces.append(resampler.flush())

    assert np.array_equal(np.concatenate(pieces), resample_pcm(samples, 16_000, 24_000))
