"""live_speech_pace: the final pace's definition on what was received, syllables only for the
speech not transcribed yet."""

from __future__ import annotations

import pytest
from interview.interviews.turn.live_voice import (
    DETECTED_NUCLEI_PER_WORD,
    SpokenSoFar,
    live_speech_pace,
)
from interview.speech.types import PartialTranscript
from interview.speech.vad import SpeechSegment
from interview.speech.voice_metrics import count_words, pauses_ms, speaking_time_ms, speech_pace

# 0.5-4.5 s and 5.5-9.5 s of speech: one 1 s pause, 8 s of speaking time.
SEGMENTS = (SpeechSegment(500, 4500), SpeechSegment(5500, 9500))
SPEAKING_MS = 8000
FIRST = "um I would start by measuring where the time goes"  # 10 words, fillers count
SECOND = "then I would add an index"


def _nuclei(first: int, second: int) -> tuple[int, ...]:
    """`first` nuclei spread over the first segment, `second` over the second."""
    return tuple(600 + i * 3800 // first for i in range(first)) + tuple(
        5600 + i * 3800 // second for i in range(second)
    )


def _heard(text: str, heard_ms: int) -> PartialTranscript:
    return PartialTranscript(text=text, heard_ms=heard_ms, received_ms=9600)


def test_when_every_word_is_transcribed_it_is_the_final_pace() -> None:
    spoken = SpokenSoFar(SEGMENTS, _nuclei(17, 9))
    text = f"{FIRST}. {SECOND}."
    final = speech_pace(count_words(text), speaking_time_ms(SEGMENTS, pauses_ms(SEGMENTS)))
    assert live_speech_pace(spoken, _heard(text, 9600)) == round(final, 1) == 120.0


def test_before_any_word_syllables_stand_for_words() -> None:
    spoken = SpokenSoFar(SEGMENTS, _nuclei(13, 13))
    expected = 26 / DETECTED_NUCLEI_PER_WORD * 60_000 / SPEAKING_MS
    assert live_speech_pace(spoken, None) == pytest.approx(expected, abs=0.05)
    assert live_speech_pace(spoken, _heard("", 0)) == live_speech_pace(spoken, None)


def test_the_tail_is_estimated_at_this_answers_own_syllables_per_word() -> None:
    # 10 words heard over 15 nuclei: 1.5 nuclei a word; the 9 nuclei after are 6 words.
    spoken = SpokenSoFar(SEGMENTS, _nuclei(15, 9))
    assert live_speech_pace(spoken, _heard(FIRST, 5000)) == pytest.approx((10 + 6) * 60_000 / SPEAKING_MS)


def test_a_few_words_do_not_calibrate_and_odd_ratios_are_bounded() -> None:
    spoken = SpokenSoFar(SEGMENTS, _nuclei(15, 13))
    # 5 words: too few to judge this voice by, so the tail uses the default ratio.
    few = live_speech_pace(spoken, _heard("I would start by measuring", 5000))
    assert few == pytest.approx((5 + 13 / DETECTED_NUCLEI_PER_WORD) * 60_000 / SPEAKING_MS, abs=0.05)
    # 10 words over 60 nuclei (6 a word) is implausible: bounded to 2 a word.
    noisy = SpokenSoFar(SEGMENTS, _nuclei(60, 13))
    assert live_speech_pace(noisy, _heard(FIRST, 5000)) == pytest.approx(
        (10 + 13 / 2) * 60_000 / SPEAKING_MS, abs=0.05
    )


def test_no_pace_under_two_seconds_of_speech() -> None:
    short = (SpeechSegment(500, 2400),)
    assert live_speech_pace(SpokenSoFar(short, (700, 900, 1300)), None) is None
    assert live_speech_pace(SpokenSoFar((), ()), _heard("hello", 1000)) is None
