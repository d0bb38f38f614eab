"""Audio bombs are refused before or while decoding, and long audio is measured without float64 copies."""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pytest
from interview.errors import InvalidAudio, PayloadTooLarge
from interview.interviews.turn.live_voice import syllable_nuclei_ms
from interview.speech.decode import decode_audio
from interview.speech.encode import encode_pcm
from interview.speech.levels import frame_levels
from interview.speech.live_decode import LiveDecoder
from interview.speech.types import SAMPLE_RATE
from interview.speech.vad import detect_voice
from interview.speech.voice_metrics import is_clipping, speech_dbfs

from tests.speech.audio_bombs import BOMB, slow_wav


def _noise(seconds: float) -> np.ndarray:
    rng = np.random.default_rng(7)
    return (rng.standard_normal(int(seconds * SAMPLE_RATE)) * 3000).astype(np.int16)


def test_a_declared_duration_over_the_cap_is_refused_before_decoding() -> None:
    started = time.process_time()
    with pytest.raises(PayloadTooLarge, match="longer than 5 minutes"):
        decode_audio(BOMB)
    assert time.process_time() - started < 0.05


def test_a_duration_the_bytes_cannot_hold_is_refused() -> None:
    # 150 bytes declaring 106 s: under the cap, but 1.4 bytes a second is no recording
    with pytest.raises(InvalidAudio, match="no real recording is that small"):
        decode_audio(slow_wav(106))


def test_a_small_wav_at_an_honest_rate_still_decodes() -> None:
    assert decode_audio(slow_wav(8_000, rate=8_000)).duration_ms == 1000


def test_decoding_stops_at_the_cap() -> None:
    audio = encode_pcm(_noise(12), SAMPLE_RATE, "webm", live=True)  # no declared duration
    assert decode_audio(audio).duration_ms >= 11_900
    with pytest.raises(PayloadTooLarge, match="longer than 5 s"):
        decode_audio(audio, max_seconds=5)


def test_the_live_decoder_stops_at_its_max_samples() -> None:
    audio = encode_pcm(_noise(12), SAMPLE_RATE, "webm", live=True)
    decoder = LiveDecoder(max_samples=5 * SAMPLE_RATE)
    with pytest.raises(PayloadTooLarge):
        for index, start in enumerate(range(0, len(audio), 4096)):
            decoder.add_chunk(index, audio[start : start + 4096])
        decoder.finish()


def test_the_live_decoder_refuses_a_bomb_in_its_first_chunk() -> None:
    with pytest.raises(InvalidAudio, match="no real recording is that small"):
        decoder = LiveDecoder()
        decoder.add_chunk(0, slow_wav(106))
        decoder.finish()


def _peak_bytes(fn: object, *args: object) -> int:
    tracemalloc.start()
    try:
        fn(*args)  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_levels_of_long_audio_take_no_float64_copy() -> None:
    samples = _noise(120)
    voiced = np.ones(len(samples) // 480, dtype=np.bool_)
    # a float64 or int64 copy alone would be 4x the int16 samples
    assert _peak_bytes(frame_levels, samples) < 1.5 * samples.nbytes
    levels = frame_levels(samples)
    assert _peak_bytes(speech_dbfs, levels, voiced) < 0.1 * samples.nbytes
    assert _peak_bytes(is_clipping, levels, voiced) < 0.1 * samples.nbytes
    activity = detect_voice(samples)
    assert _peak_bytes(syllable_nuclei_ms, samples, activity) < 2.5 * samples.nbytes
