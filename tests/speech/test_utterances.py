"""Utterances found as audio arrives: the same voice activity as a whole-file pass, cut at silences."""

from __future__ import annotations

import numpy as np
from interview.speech.samples import speak_script
from interview.speech.types import SAMPLE_RATE
from interview.speech.utterances import TRAIL_MS, Utterance, UtteranceSegmenter, split_at_silences
from interview.speech.vad import FRAME_SAMPLES, detect_voice

from tests.speech_fixtures import SENTENCES_APART, piper, reference_answer, sentences_apart


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


def test_the_open_utterance_is_pending_once_a_short_silence_follows_its_speech() -> None:
    """Sentences 0.45 s apart (too short to close an utterance at 0.6 s), then 1 s of silence:
    the open utterance is pending early in each pause, and the last one has the clip it closes with."""
    answer = speak_script(piper(), sentences_apart(trailing_seconds=1.0))
    samples = answer.samples
    segmenter = UtteranceSegmenter(silence_ms=600)
    closed: list[Utterance] = []
    pending: dict[int, Utterance] = {}
    """The first pending utterance seen for each last speech."""
    step = SAMPLE_RATE // 20
    for end in range(step, len(samples) + step, step):
        closed.extend(segmenter.push(samples[:end]))
        now = segmenter.pending()
        if now is not None:
            pending.setdefault(now.speech_end, now)
            assert now.clip_end == now.speech_end + TRAIL_MS * SAMPLE_RATE // 1000 <= now.end

    assert len(closed) == 1 and closed[0].start == 0  # only the last silence closed it
    last = list(pending.values())[-1]
    assert last.clip == closed[0].clip  # what it closes with: transcribed ahead, it is kept
    assert all(u.clip_start == closed[0].clip_start for u in pending.values())
    # It was pending at each sentence's end, 0.15-0.2 s into the pause (Piper's comma breaks may
    # make it pending mid-sentence too).
    for sentence_end_ms in answer.sentence_ends_ms:
        at_end = [
            u for u in pending.values() if abs(u.speech_end * 1000 // SAMPLE_RATE - sentence_end_ms) <= 60
        ]
        assert len(at_end) == 1, (sentence_end_ms, pending)
        assert (at_end[0].end * 1000 // SAMPLE_RATE - sentence_end_ms) <= TRAIL_MS + 110
    assert segmenter.finish(len(samples)) is None  # nothing open after the close


def test_pauses_between_sentences_inside_an_utterance_are_reported_in_order() -> None:
    """Sentences 0.45 s apart (too short to close at 0.6 s), one with comma breaks (under 0.35 s):
    the two pauses between sentences are reported, each before the close, the commas not."""
    with_commas = "I added the index, and, uh, the latency dropped from two seconds to fifty milliseconds."
    sentences = [SENTENCES_APART[0], with_commas, SENTENCES_APART[2]]
    answer = speak_script(piper(), sentences_apart(trailing_seconds=1.0, sentences=sentences))
    samples = answer.samples
    segmenter = UtteranceSegmenter(silence_ms=600, sentence_gap_ms=350)
    closed: list[Utterance] = []
    gaps: list[Utterance] = []
    for end in range(SAMPLE_RATE, len(samples) + SAMPLE_RATE, SAMPLE_RATE):
        closed.extend(segmenter.push(samples[:end]))
        gaps.extend(segmenter.take_gaps())

    assert len(closed) == 1
    ends_ms = [gap.speech_end * 1000 // SAMPLE_RATE for gap in gaps]
    assert len(gaps) == 2, ends_ms
    for gap, sentence_end_ms in zip(gaps, answer.sentence_ends_ms[:2], strict=True):
        assert gap.start == closed[0].start and gap.speech_start == closed[0].speech_start
        assert abs(gap.speech_end * 1000 // SAMPLE_RATE - sentence_end_ms) <= 60
        assert 0.35 <= (gap.end - gap.speech_end) / SAMPLE_RATE <= 0.5  # `end`: the speech resumes
        assert gap.end < closed[0].speech_end
    assert segmenter.take_gaps() == []  # each is reported once


def test_without_a_sentence_gap_no_pauses_are_kept() -> None:
    segmenter = UtteranceSegmenter(silence_ms=600)
    segmenter.push(np.tile(reference_answer().samples, 2))
    assert segmenter.take_gaps() == []
