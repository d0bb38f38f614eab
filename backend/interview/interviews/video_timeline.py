"""What the report shows over an answer's video: captions and a timeline of moments to review.

Word timings: the local speech-to-text gives them, and the answer turn stores them with the
transcript (`transcripts.word_timings`, from the start of the answer, which is when the camera's
recorder starts too); those are used as they are. Cloud speech-to-text gives none (gpt-transcribe),
so then the transcript's words are laid over the speech stretches the recording's own sound track
showed (voice activity, measured once when the video was published): each stretch gets words in
order, each word a share of its stretch proportional to its length in letters (spoken duration
follows syllables, and letters are the cheapest proxy for them). Pauses are then exact (they come
from the audio) and words land within a fraction of a second, which is what captions and seeking
need.

Markers:
- LONG_PAUSE: a silence of at least 2 s between two stretches of speech (pauses over 2-3 s read
  as trouble; 0.5-1.5 s are normal thinking, see FACTS "Speaking norms").
- FILLER: every filler the contract's rules find in the transcript (interview.speech.fillers).
- QUOTE: a phrase the evaluator quoted from the answer ('...' or "..." in its feedback), where
  the transcript says it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from interview.speech.fillers import find_fillers_in_text

LONG_PAUSE_MS = 2000
_CUE_MAX_WORDS = 8
_CUE_MAX_MS = 4000
_QUOTED = re.compile(r"(?<!\w)'([^'\n]+?)'(?!\w)|\"([^\"\n]+?)\"|“([^”\n]+?)”|‘([^’\n]+?)’")
_NORMAL = re.compile(r"[^\w']+")

MarkerKind = Literal["FILLER", "LONG_PAUSE", "QUOTE"]


@dataclass(frozen=True)
class TimedWord:
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Marker:
    kind: MarkerKind
    start_ms: int
    end_ms: int
    label: str


def speech_stretches(value: Any) -> list[tuple[int, int]]:
    """The stored `answer_videos.speech` JSON as (start ms, end ms) pairs."""
    return [(int(start), int(end)) for start, end in value or [] if end > start]


def answer_words(text: str, word_timings: Any, speech: Sequence[tuple[int, int]]) -> list[TimedWord]:
    """The answer's words with their times: the recognised timings when they were stored and match
    the transcript word for word, else laid over the speech stretches (`timed_words`)."""
    words = text.split()
    stored = [(str(word), int(start), int(end)) for word, start, end in word_timings or []]
    if stored and len(stored) == len(words):
        timed: list[TimedWord] = []
        for word, (_, start, end) in zip(words, stored, strict=True):
            start = max(start, timed[-1].end_ms if timed else 0)  # never overlapping, never backwards
            timed.append(TimedWord(word, start, max(end, start + 1)))
        return timed
    return timed_words(text, speech)


def timed_words(text: str, speech: Sequence[tuple[int, int]]) -> list[TimedWord]:
    """The transcript's words over the speech stretches (see the module docstring)."""
    words = text.split()
    if not words or not speech:
        return []
    weights = [len(_NORMAL.sub("", word)) + 1 for word in words]
    ms_per_weight = sum(end - start for start, end in speech) / sum(weights)
    timed: list[TimedWord] = []
    spoken_before = 0.0  # speech time (pauses left out) before the current word
    for word, weight in zip(words, weights, strict=True):
        length = weight * ms_per_weight
        # The stretch holding the word's middle: a word never straddles a pause.
        stretch_start, stretch_end, offset = _locate(speech, spoken_before + length / 2)
        start = max(stretch_start, stretch_start + offset - length / 2)
        if timed and timed[-1].end_ms > start:  # rounding must not let words overlap
            start = min(float(timed[-1].end_ms), stretch_end - 1.0)
        end = min(stretch_end, start + length)
        timed.append(TimedWord(word, round(start), max(round(end), round(start) + 1)))
        spoken_before += length
    return timed


def _locate(speech: Sequence[tuple[int, int]], spoken_ms: float) -> tuple[int, int, float]:
    """The stretch in which `spoken_ms` of speech time falls, and how far into it."""
    for start, end in speech:
        if spoken_ms <= end - start:
            return start, end, spoken_ms
        spoken_ms -= end - start
    start, end = speech[-1]
    return start, end, float(end - start)


def timeline(
    text: str, words: Sequence[TimedWord], speech: Sequence[tuple[int, int]], evaluator_texts: Sequence[str]
) -> list[Marker]:
    """The markers of one answer (`words`: from `answer_words`), in time order."""
    markers = [
        Marker("LONG_PAUSE", before_end, after_start, f"{(after_start - before_end) / 1000:.1f} s pause")
        for (_, before_end), (after_start, _) in itertools.pairwise(speech)
        if after_start - before_end >= LONG_PAUSE_MS
    ]
    if words:
        for filler in find_fillers_in_text(text):
            last = min(filler.word_index + len(filler.form.split()) - 1, len(words) - 1)
            markers.append(
                Marker("FILLER", words[filler.word_index].start_ms, words[last].end_ms, filler.form)
            )
        markers.extend(_quotes(words, evaluator_texts))
    return sorted(markers, key=lambda marker: (marker.start_ms, marker.kind))


def _quotes(words: Sequence[TimedWord], evaluator_texts: Sequence[str]) -> list[Marker]:
    spoken = [_norm(word.text) for word in words]
    found: dict[int, Marker] = {}
    for feedback in evaluator_texts:
        for match in _QUOTED.finditer(feedback):
            phrase = next(group for group in match.groups() if group is not None)
            wanted = [piece for piece in (_norm(p) for p in phrase.split()) if piece]
            if not wanted:
                continue
            at = _find(spoken, wanted)
            if at is not None and at not in found:
                last = words[at + len(wanted) - 1]
                found[at] = Marker("QUOTE", words[at].start_ms, last.end_ms, phrase.strip())
    return list(found.values())


def _find(spoken: Sequence[str], wanted: Sequence[str]) -> int | None:
    for index in range(len(spoken) - len(wanted) + 1):
        if list(spoken[index : index + len(wanted)]) == list(wanted):
            return index
    return None


def _norm(word: str) -> str:
    return _NORMAL.sub("", word.lower()).strip("'")


def captions_vtt(words: Sequence[TimedWord]) -> str:
    """WebVTT captions: cues of a few words, never spanning a pause."""
    lines = ["WEBVTT", ""]
    cue: list[TimedWord] = []

    def flush() -> None:
        if cue:
            lines.extend(
                [f"{_stamp(cue[0].start_ms)} --> {_stamp(cue[-1].end_ms)}", " ".join(w.text for w in cue), ""]
            )
            cue.clear()

    for word in words:
        if cue and (
            len(cue) >= _CUE_MAX_WORDS
            or word.end_ms - cue[0].start_ms > _CUE_MAX_MS
            or word.start_ms - cue[-1].end_ms >= 500  # a pause (the contract's 0.5 s) ends a cue
        ):
            flush()
        cue.append(word)
    flush()
    return "\n".join(lines)


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
