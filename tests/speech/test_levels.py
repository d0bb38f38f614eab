"""Frame levels: the loudness and clipping metrics read these instead of the PCM, and get the same
answer as they would from the samples."""

from __future__ import annotations

import numpy as np
from interview.speech.levels import CLIPPING_SAMPLE, frame_levels, summarise
from interview.speech.vad import FRAME_SAMPLES
from interview.speech.voice_metrics import is_clipping, speech_dbfs

from tests.speech_fixtures import pcm_audio


def _frames(*values: int) -> np.ndarray:
    """One 30 ms frame per value, each sample of it equal to the value; and a partial frame."""
    whole = np.concatenate([np.full(FRAME_SAMPLES, v, dtype=np.int16) for v in values])
    return np.concatenate([whole, np.full(FRAME_SAMPLES // 2, 32767, dtype=np.int16)])


def test_each_whole_frame_has_its_exact_energy_and_clipped_count() -> None:
    rng = np.random.default_rng(7)
    samples = rng.integers(-32768, 32768, 100 * FRAME_SAMPLES + 17, dtype=np.int16)
    levels = frame_levels(samples)

    frames = samples[: 100 * FRAME_SAMPLES].reshape(100, FRAME_SAMPLES).astype(np.int64)
    assert len(levels) == 100  # the partial frame is not one
    assert np.array_equal(levels.energy, (frames**2).sum(axis=1))  # exact, no float rounding
    assert np.array_equal(levels.clipped, (np.abs(frames) >= CLIPPING_SAMPLE).sum(axis=1))


def test_the_level_of_speech_counts_voiced_frames_only() -> None:
    levels = frame_levels(_frames(0, 3277, 3277, 32767))
    voiced = np.array([False, True, True, False])
    # 3277 is a tenth of full scale: -20 dBFS
    assert round(speech_dbfs(levels, voiced), 2) == -20.0
    assert speech_dbfs(levels, np.zeros(4, dtype=np.bool_)) == -120.0
    # A voice-activity mask a frame longer (it covers the partial frame) changes nothing.
    assert speech_dbfs(levels, np.array([False, True, True, False, True])) == speech_dbfs(levels, voiced)


def test_clipping_is_more_than_a_thousandth_of_speech_samples_at_full_scale() -> None:
    quiet = np.full(FRAME_SAMPLES, 1000, dtype=np.int16)
    one_frame = quiet.copy()
    one_frame[0] = -32768  # 1 of 4 x 480 samples: under 0.1%
    levels = frame_levels(np.concatenate([one_frame, quiet, quiet, quiet]))
    assert not is_clipping(levels, np.ones(4, dtype=np.bool_))
    one_frame[1] = CLIPPING_SAMPLE  # 2 of 1920: over
    levels = frame_levels(np.concatenate([one_frame, quiet, quiet, quiet]))
    assert is_clipping(levels, np.ones(4, dtype=np.bool_))
    assert not is_clipping(levels, np.array([False, True, True, True]))  # in a silent frame


def test_a_summary_keeps_what_the_turn_reads_and_not_the_pcm() -> None:
    audio = pcm_audio(_frames(100, 200))
    summary = summarise(audio)
    assert (summary.source, summary.mime_type, summary.container, summary.duration_ms) == (
        audio.source,
        audio.mime_type,
        audio.container,
        audio.duration_ms,
    )
    assert not any(isinstance(value, np.ndarray) and value.dtype == np.int16 and value.size >= FRAME_SAMPLES
                   for value in vars(summary).values())  # fmt: skip
    assert np.array_equal(summary.levels.energy, frame_levels(audio.samples).energy)
