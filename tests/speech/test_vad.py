"""Voice activity: smoothing rules on known frame patterns, and detection on real speech."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from interview.speech.types import SAMPLE_RATE
from interview.speech.vad import FRAME_MS, SpeechSegment, detect_voice, smooth_voiced_frames

from tests.speech_fixtures import reference_answer, scaled


def _frames(pattern: str) -> np.ndarray:
    """'#' voiced, '.' silent, one character per 30 ms frame."""
    return np.array([char == "#" for char in pattern], dtype=np.bool_)


def test_a_consonant_gap_inside_a_word_is_bridged() -> None:
    segments = smooth_voiced_frames(_frames("..#####......#####..").copy())
    # 6 frames = 180 ms of silence: under the 300 ms hangover, so one segment.
    assert segments == [SpeechSegment(2 * FRAME_MS, 18 * FRAME_MS)]


def test_a_long_silence_splits_speech() -> None:
    segments = smooth_voiced_frames(_frames("#####" + "." * 20 + "#####"))
    assert segments == [SpeechSegment(0, 5 * FRAME_MS), SpeechSegment(25 * FRAME_MS, 30 * FRAME_MS)]


def test_a_lone_click_inside_a_pause_is_not_speech() -> None:
    segments = smooth_voiced_frames(_frames("#####" + "." * 15 + "#" + "." * 15 + "#####"))
    assert len(segments) == 2
    assert segments[1].start_ms - segments[0].end_ms == 31 * FRAME_MS


def test_digital_silence_and_faint_hiss_have_no_speech() -> None:
    silence = np.zeros(3 * SAMPLE_RATE, dtype=np.int16)
    hiss = np.random.default_rng(3).normal(0, 20, 3 * SAMPLE_RATE).astype(np.int16)  # about -64 dBFS
    assert detect_voice(silence).segments == []
    assert detect_voice(hiss).segments == []


@pytest.mark.slow
def test_speech_segments_match_the_inserted_silences() -> None:
    answer = reference_answer()
    segments = detect_voice(answer.samples).segments
    long_gaps = _pauses(segments)
    assert len(long_gaps) == len(answer.pauses_ms)
    for measured, inserted in zip(long_gaps, answer.pauses_ms, strict=True):
        assert abs(measured - inserted) <= 120
    assert abs(segments[0].start_ms - answer.response_latency_ms) <= 90


@pytest.mark.slow
def test_quiet_speech_is_still_found() -> None:
    answer = reference_answer()
    loud = detect_voice(answer.samples)
    quiet = detect_voice(scaled(answer.samples, -20))
    assert _pauses(quiet.segments) == pytest.approx(_pauses(loud.segments), abs=150)
    assert len(_pauses(quiet.segments)) == len(answer.pauses_ms)
    assert abs(quiet.speech_ms - loud.speech_ms) < 0.1 * loud.speech_ms


def _pauses(segments: list[SpeechSegment]) -> list[int]:
    gaps = [later.start_ms - earlier.end_ms for earlier, later in itertools.pairwise(segments)]
    return [gap for gap in gaps if gap >= 500]
