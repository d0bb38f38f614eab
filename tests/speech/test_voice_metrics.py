"""Voice metrics: each formula on known inputs, and the whole measurement on a spoken answer whose
pauses, pace, fillers and loudness we set ourselves."""

from __future__ import annotations

import numpy as np
import pytest
from interview.errors import BadUserInput
from interview.speech.types import SAMPLE_RATE, TranscriptionResult
from interview.speech.vad import SpeechSegment
from interview.speech.voice_metrics import (
    clarity_score,
    count_words,
    measure_voice,
    pauses_ms,
    require_speech,
    speaking_time_ms,
    speech_pace,
    volume_level,
)

from tests.speech_fixtures import (
    pcm_audio,
    reference_answer,
    reference_audio,
    reference_transcript,
    scaled,
    short_phrase,
)

# --- the formulas ------------------------------------------------------------------------


def test_pauses_are_silences_of_half_a_second_between_speech() -> None:
    segments = [SpeechSegment(800, 2000), SpeechSegment(2400, 3000), SpeechSegment(3500, 5000),
                SpeechSegment(6700, 8000)]  # fmt: skip
    assert pauses_ms(segments) == [500, 1700]
    # 0.8 s before the first word and anything after the last are not pauses.
    assert speaking_time_ms(segments, pauses_ms(segments)) == 8000 - 800 - 2200


def test_pace_is_words_per_minute_of_speaking_time() -> None:
    assert speech_pace(70, 30_000) == 140.0
    assert speech_pace(0, 0) == 0.0


def test_word_count_includes_fillers_and_skips_punctuation() -> None:
    assert count_words("Umm, so I'd use a queue - like, Kafka... 2 partitions.") == 10


def test_volume_level_is_linear_in_decibels_from_minus_60_to_0() -> None:
    assert volume_level(-60.0) == 0.0
    assert volume_level(-30.0) == 0.5
    assert volume_level(0.0) == 1.0
    assert volume_level(-80.0) == 0.0
    assert volume_level(3.0) == 1.0


def _clarity(
    confidence: float | None = 0.95, fillers: float = 1, wpm: float = 140, pauses: float = 3
) -> float:
    return clarity_score(
        confidence=confidence, fillers_per_minute=fillers, words_per_minute=wpm, pauses_per_minute=pauses
    )


def test_clarity_is_ten_for_a_clear_fluent_answer_and_falls_with_each_fault() -> None:
    ideal = _clarity()
    assert ideal == 10.0
    many_fillers = _clarity(fillers=5)
    rushed = _clarity(wpm=200)
    mumbled = _clarity(confidence=0.6)
    halting = _clarity(pauses=15)
    assert many_fillers == pytest.approx(8.8)
    assert all(score < ideal for score in (many_fillers, rushed, mumbled, halting))
    assert _clarity(confidence=0.3, fillers=12, wpm=40, pauses=25) == 0.0


def test_clarity_without_a_confidence_uses_the_other_parts() -> None:
    assert _clarity(confidence=None) == 10.0
    assert _clarity(confidence=None, fillers=9) == 5.8


# --- is there speech at all ----------------------------------------------------------------


def test_silence_is_refused_with_a_message_to_try_again() -> None:
    with pytest.raises(BadUserInput, match="no speech detected") as raised:
        require_speech(pcm_audio(np.zeros(5 * SAMPLE_RATE, dtype=np.int16)))
    assert "try again" in raised.value.message
    assert raised.value.extensions["code"] == "BAD_USER_INPUT"


@pytest.mark.slow
def test_a_fifth_of_a_second_of_speech_is_not_an_answer() -> None:
    phrase = short_phrase()
    speech_start = int(np.flatnonzero(np.abs(phrase) > 1000)[0])
    blip = np.zeros(3 * SAMPLE_RATE, dtype=np.int16)
    fifth = SAMPLE_RATE // 5
    blip[SAMPLE_RATE : SAMPLE_RATE + fifth] = phrase[speech_start : speech_start + fifth]
    with pytest.raises(BadUserInput, match="no speech detected"):
        require_speech(pcm_audio(blip))


@pytest.mark.slow
def test_a_spoken_answer_passes() -> None:
    activity = require_speech(reference_audio())
    assert activity.speech_ms > 10_000


# --- the whole measurement on a known answer -----------------------------------------------


@pytest.mark.slow
def test_pace_pauses_latency_and_fillers_match_what_was_spoken() -> None:
    truth = reference_answer()
    metrics = measure_voice(reference_audio(), reference_transcript())

    assert metrics.pause_count == len(truth.pauses_ms) == 2
    assert abs(metrics.longest_pause_ms - max(truth.pauses_ms)) <= 120
    assert abs(metrics.response_latency_ms - truth.response_latency_ms) <= 100
    assert abs(metrics.speaking_time_ms - truth.speaking_ms) <= 0.1 * truth.speaking_ms
    assert metrics.speech_pace == pytest.approx(truth.words_per_minute, rel=0.10)
    assert abs(metrics.word_count - truth.word_count) <= 3
    # Whisper now and then drops one hesitation of Piper's; nothing else may appear.
    assert _is_subsequence(metrics.filler_words, truth.script.fillers)
    assert len(metrics.filler_words) >= len(truth.script.fillers) - 1
    assert metrics.filler_word_count == len(metrics.filler_words)
    assert not metrics.too_quiet and not metrics.clipping
    assert 5.0 <= metrics.clarity_score <= 10.0


@pytest.mark.slow
def test_twenty_decibels_quieter_moves_the_level_down_a_third() -> None:
    truth = reference_answer()
    transcript = reference_transcript()
    normal = measure_voice(pcm_audio(truth.samples), transcript)
    quieter = measure_voice(pcm_audio(scaled(truth.samples, -20)), transcript)

    assert normal.volume_dbfs - quieter.volume_dbfs == pytest.approx(20, abs=1.5)
    assert normal.volume_level - quieter.volume_level == pytest.approx(1 / 3, abs=0.03)
    assert quieter.pause_count == normal.pause_count


@pytest.mark.slow
def test_a_very_quiet_recording_is_flagged_too_quiet() -> None:
    truth = reference_answer()
    quiet = measure_voice(pcm_audio(scaled(truth.samples, -30)), reference_transcript())
    assert quiet.too_quiet
    assert quiet.volume_level < 0.3


@pytest.mark.slow
def test_an_overdriven_recording_is_flagged_clipping() -> None:
    truth = reference_answer()
    transcript = reference_transcript()
    assert not measure_voice(pcm_audio(truth.samples), transcript).clipping
    assert measure_voice(pcm_audio(scaled(truth.samples, 12)), transcript).clipping


def test_a_transcript_without_word_timings_still_yields_fillers() -> None:
    transcript = TranscriptionResult(
        text="Umm, I would, uh, use a queue.", words=[], language="en", confidence=None,
        duration_ms=3000, model="test",
    )  # fmt: skip
    speech = np.zeros(3 * SAMPLE_RATE, dtype=np.int16)
    metrics = measure_voice(pcm_audio(speech), transcript)
    assert metrics.filler_words == ["um", "uh"]
    assert metrics.word_count == 7
    assert metrics.speech_pace == 0.0  # no speech in the audio, so no speaking time


def _is_subsequence(found: list[str], expected: list[str]) -> bool:
    remaining = iter(expected)
    return all(any(item == candidate for candidate in remaining) for item in found)
