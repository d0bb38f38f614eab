"""Encoders: what they write decodes back to the same sound, and clips join into one."""

from __future__ import annotations

import numpy as np
import pytest
from interview.speech.decode import decode_audio
from interview.speech.encode import encode_pcm, join_clips, mime_type_of, resample_pcm
from interview.speech.types import SAMPLE_RATE

from tests.speech_fixtures import short_phrase

pytestmark = pytest.mark.slow  # speaks its material with Piper


def test_mime_types_name_the_containers() -> None:
    assert [mime_type_of(f) for f in ("ogg", "webm", "wav", "mp3", "m4a")] == [
        "audio/ogg", "audio/webm", "audio/wav", "audio/mpeg", "audio/mp4",
    ]  # fmt: skip


def test_resampling_keeps_the_duration() -> None:
    tone = (np.sin(2 * np.pi * 200 * np.arange(22_050) / 22_050) * 8000).astype(np.int16)
    at_16k = resample_pcm(tone, 22_050, SAMPLE_RATE)
    assert abs(len(at_16k) - SAMPLE_RATE) <= 16


def test_clips_join_into_one_ogg_as_long_as_both() -> None:
    phrase = short_phrase()
    first = encode_pcm(phrase, SAMPLE_RATE, "ogg")
    second = encode_pcm(phrase[: len(phrase) // 2], SAMPLE_RATE, "mp3")
    joined, duration_ms = join_clips([first, second])
    audio = decode_audio(joined)
    expected_ms = 1.5 * len(phrase) * 1000 / SAMPLE_RATE
    assert audio.container == "ogg/opus"
    assert abs(duration_ms - expected_ms) < 120
    assert abs(audio.duration_ms - duration_ms) < 60
