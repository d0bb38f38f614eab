"""Utterances found as audio arrives: the same voice activity as a whole-file pass, cut at silences."""

from __future__ import annotations

import numpy as np
from interview.speech.samples import AnswerScript, speak_script
from interview.speech.types import SAMPLE_RATE
from interview.speech.utterances import Utterance, UtteranceSegmenter, split_at_silences
from interview.speech.vad import FRAME_SAMPLES, detect_voice

from tests.speech_fixtures import piper, reference_answer


def test_frames_judged_in_pieces_equal_a_whole_file_pass() -> None:
    samples = reference_answer().samples
    segmenter = UtteranceSegmenter(silence_ms=600)
    for end in range(7_777, len(samples) + 7_777, 7_777):  # pieces that end mid-frame
        segmenter.push(samples[:end])
    expected = detect_voice(samples)

    activity = segmenter.activity()
    assert np.array_equal(activity.voiced, expected.voiced)
    assert activity.segments == expected.segments


def test_utterances_close_at_silences_at_least_as_long_as_the_setting() -> None:
    """The reference answer has pauses of 1.6 s and 0.9 s and joins of 0.2 s and 0.15 s."""
    answer = reference_answer()
    samples = answer.samples
    segmenter = UtteranceSegmenter(silence_ms=600)
    closed = []
    for end in range(SAMPLE_RATE, len(samples) + SAMPLE_RATE, SAMPLE_RATE):
        closed.extend(segmenter.push(samples[:end]))
    last = segmenter.finish(len(samples))

    # Two pauses close two utterances while the answer streams in; the third closes only if the
    # 0.6 s after the last word reaches the setting (webrtcvad's decisions trail speech by a frame
    # or two, and Piper's timing varies a little from run to run), else it is left for the finish.
    utterances = [*closed, last] if last is not None else closed
    assert len(utterances) == 3
    assert closed[1].end < len(samples) - SAMPLE_RATE
    assert utterances[0].start == 0
    assert [u.start for u in utterances[1:]] == [u.end for u in utterances[:-1]]
    assert utterances[-1].end <= len(samples)
    assert abs(closed[0].speech_start / SAMPLE_RATE - answer.response_latency_ms / 1000) < 0.1
    assert all(u.start <= u.clip_start <= u.speech_start < u.end for u in utterances)
    # The pause of 1.6 s lies inside the second utterance's lead: the cut comes 0.6 s into it.
    first_pause_end = closed[1].speech_start / SAMPLE_RATE
    assert 1.4 < first_pause_end - (closed[0].end / SAMPLE_RATE - 0.6) < 1.8


def test_an_answer_cut_off_mid_speech_leaves_its_last_utterance_open() -> None:
    samples = reference_answer().samples
    cut = len(samples) - SAMPLE_RATE  # in the last sentence
    segmenter = UtteranceSegmenter(silence_ms=600)
    closed = segmenter.push(samples[:cut])
    last = segmenter.finish(cut)

    assert last is not None and last.end == cut and last.start == closed[-1].end


def test_a_long_stretch_without_pauses_is_cut_at_the_limit() -> None:
    samples = np.tile(reference_answer().samples, 3)  # pauses only 0.9 s and 1.6 s
    segmenter = UtteranceSegmenter(silence_ms=3000, max_seconds=8)
    closed = segmenter.push(samples)
    assert len(closed) >= 4
    assert all(u.end - u.clip_start <= 8 * SAMPLE_RATE for u in closed)
    # Every cut falls in a silence (a gap between words), not inside a word, and past half the limit.
    voiced = segmenter.activity().voiced
    assert not any(voiced[u.end // FRAME_SAMPLES - 1] and voiced[u.end // FRAME_SAMPLES] for u in closed)
    assert all(u.end - u.clip_start >= 3.5 * SAMPLE_RATE for u in closed)


def test_split_at_silences_packs_utterances_into_pieces_under_the_limit() -> None:
    samples = np.tile(reference_answer().samples, 4)
    pieces, activity = split_at_silences(samples, silence_ms=600, max_seconds=12)

    assert len(pieces) >= 4
    assert all(p.end - p.clip_start <= 12 * SAMPLE_RATE for p in pieces)
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    assert activity.segments == detect_voice(samples).segments


def test_a_long_utterance_closes_early_at_the_short_pause_between_sentences() -> None:
    """Sentences 0.45 s apart: too short for `silence_ms`, long enough for a sentence break."""
    script = AnswerScript(
        sentences=[
            "I would start by measuring where the time actually goes in the request.",
            "The slow part was the database query that scanned the whole orders table.",
            "So we added an index on the customer and the date.",
        ],
        silences_after=[0.45, 0.45],
        leading_seconds=0.5,
        trailing_seconds=0.2,
    )
    answer = speak_script(piper(), script)
    samples = answer.samples

    def utterances(early_close_seconds: float | None) -> list[Utterance]:
        segmenter = UtteranceSegmenter(silence_ms=600, early_close_seconds=early_close_seconds)
        closed: list[Utterance] = []
        for end in range(SAMPLE_RATE, len(samples) + SAMPLE_RATE, SAMPLE_RATE):  # 1 s chunks
            closed.extend(segmenter.push(samples[:end]))
        return closed

    assert utterances(None) == []  # no pause reaches 0.6 s: nothing closes before the finish
    early = utterances(3.0)
    assert len(early) == 2, early  # one per sentence break, each after over 3 s of speech
    assert all(u.end - u.speech_start >= 3 * SAMPLE_RATE for u in early)
    # Each cut lies in the inserted silence (exact zeros) after a sentence, 0.33 s or so into it.
    for utterance in early:
        assert not samples[utterance.end - int(0.25 * SAMPLE_RATE) : utterance.end].any(), utterance
        assert samples[utterance.end : utterance.end + int(0.4 * SAMPLE_RATE)].any(), utterance
