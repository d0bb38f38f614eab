"""Spoken answers with a known truth, made offline with Piper: the speech pipeline's yardstick.

A script is spoken sentence by sentence; each sentence is trimmed of Piper's own edge silence,
its inner silences (Piper's comma breaks, which pass 0.5 s at slow speeds) are capped at 0.35 s,
and the sentences are joined with exact silences. So the only pauses are the inserted ones, and
the speaking time and the word count of the result are known. Tests, the speech benchmark and
health checks measure against them.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass, field
from typing import Protocol

import av
import numpy as np
import numpy.typing as npt

from interview.speech.encode import resample_pcm
from interview.speech.types import SAMPLE_RATE, VoiceProfile
from interview.speech.vad import frame_dbfs
from interview.speech.voice_metrics import MIN_PAUSE_MS, count_words

_TRIM_FRAME = SAMPLE_RATE // 100
_TRIM_DBFS = -45.0
_MAX_INNER_SILENCE_MS = 350


class RendersSpeech(Protocol):
    """A local voice that returns PCM and the rate to play it at (interview.ai.local.tts.PiperTTS)."""

    def render(self, text: str, voice: VoiceProfile) -> tuple[npt.NDArray[np.int16], int]: ...


@dataclass(frozen=True)
class AnswerScript:
    """What to say and the silences around it."""

    sentences: list[str]
    silences_after: list[float]
    """Seconds of silence after each sentence but the last; under 0.5 s is a join, not a pause."""
    leading_seconds: float = 0.6
    trailing_seconds: float = 0.5
    voice: VoiceProfile = field(default_factory=lambda: VoiceProfile(name="candidate"))
    fillers: list[str] = field(default_factory=list)
    """The fillers spoken, normalised and in order, as a person would label them."""

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass(frozen=True)
class SampleAnswer:
    """A script spoken at 16 kHz mono int16, with the truth about how it was spoken."""

    script: AnswerScript
    samples: npt.NDArray[np.int16]
    word_count: int
    speaking_ms: int
    pauses_ms: list[int]
    response_latency_ms: int
    sentence_ends_ms: list[int]
    """Where each sentence's speech ends, from the start of the audio."""

    @property
    def words_per_minute(self) -> float:
        return self.word_count * 60_000 / self.speaking_ms


def speak_script(tts: RendersSpeech, script: AnswerScript) -> SampleAnswer:
    """Speak a script with exact silences between its trimmed sentences."""
    if len(script.silences_after) != len(script.sentences) - 1:
        raise ValueError("one silence is needed between each pair of sentences")
    pieces = [_silence(script.leading_seconds)]
    spoken_ms = 0
    joins_ms = 0
    pauses: list[int] = []
    ends: list[int] = []
    for index, sentence in enumerate(script.sentences):
        samples, rate = tts.render(sentence, script.voice)
        speech = cap_inner_silences(trim_silence(resample_pcm(samples, rate, SAMPLE_RATE)))
        pieces.append(speech)
        spoken_ms += _ms(len(speech))
        ends.append(_ms(sum(len(piece) for piece in pieces)))
        if index < len(script.silences_after):
            gap = _silence(script.silences_after[index])
            pieces.append(gap)
            if _ms(len(gap)) >= MIN_PAUSE_MS:
                pauses.append(_ms(len(gap)))
            else:
                joins_ms += _ms(len(gap))
    pieces.append(_silence(script.trailing_seconds))
    return SampleAnswer(
        script=script,
        samples=np.concatenate(pieces),
        word_count=count_words(script.text),
        speaking_ms=spoken_ms + joins_ms,
        pauses_ms=pauses,
        response_latency_ms=_ms(len(pieces[0])),
        sentence_ends_ms=ends,
    )


def trim_silence(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """Drop leading and trailing 10 ms windows quieter than -45 dBFS."""
    count = len(samples) // _TRIM_FRAME
    loud = np.flatnonzero(frame_dbfs(samples[: count * _TRIM_FRAME].reshape(count, _TRIM_FRAME)) > _TRIM_DBFS)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] * _TRIM_FRAME : (loud[-1] + 1) * _TRIM_FRAME]


def cap_inner_silences(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """Shorten every run of 10 ms windows under -45 dBFS to at most 0.35 s (cut from its middle)."""
    count = len(samples) // _TRIM_FRAME
    quiet = frame_dbfs(samples[: count * _TRIM_FRAME].reshape(count, _TRIM_FRAME)) <= _TRIM_DBFS
    keep = np.ones(len(samples), dtype=np.bool_)
    limit = _MAX_INNER_SILENCE_MS * SAMPLE_RATE // 1000 // _TRIM_FRAME
    start = None
    for index, is_quiet in enumerate([*quiet.tolist(), False]):
        if is_quiet and start is None:
            start = index
        elif not is_quiet and start is not None:
            if index - start > limit:
                cut_from = start + limit // 2
                cut_to = index - (limit - limit // 2)
                keep[cut_from * _TRIM_FRAME : cut_to * _TRIM_FRAME] = False
            start = None
    return samples[keep]


_HESITATION_SPELLINGS = [
    (re.compile(r"^(u+h*m+|e+r+m+)$"), "um"),
    (re.compile(r"^u+h+$"), "uh"),
    (re.compile(r"^(h+m+|m{2,})$"), "hmm"),
]


def comparable_words(text: str) -> list[str]:
    """Lower-case words without punctuation, hesitations spelled one way (Umm -> um), as WER scorers do."""
    words: list[str] = []
    for token in text.lower().replace("-", " ").split():
        word = re.sub(r"[^\w']", "", token)
        if not word:
            continue
        for pattern, spelling in _HESITATION_SPELLINGS:
            if pattern.match(word):
                word = spelling
                break
        words.append(word)
    return words


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, by edit distance over words."""
    expected, heard = comparable_words(reference), comparable_words(hypothesis)
    if not expected:
        return 0.0 if not heard else 1.0
    return prefix_distances(expected, heard)[-1] / len(expected)


def prefix_distances(expected: list[str], heard: list[str]) -> list[int]:
    """The edit distance (in words) between `heard` and each prefix of `expected`, the empty
    prefix first; the last is the distance to all of `expected`."""
    previous = list(range(len(heard) + 1))
    distances = [previous[-1]]
    for row, word in enumerate(expected, start=1):
        current = [row]
        for column, candidate in enumerate(heard, start=1):
            current.append(
                min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (word != candidate))
            )
        previous = current
        distances.append(previous[-1])
    return distances


def _silence(seconds: float) -> npt.NDArray[np.int16]:
    return np.zeros(round(seconds * SAMPLE_RATE), dtype=np.int16)


def _ms(sample_count: int) -> int:
    return round(sample_count * 1000 / SAMPLE_RATE)


def recorder_chunks(webm: bytes, seconds: float = 1.0) -> list[bytes]:
    """The recording cut where a recorder's timeslice would cut it: at the first audio block of
    each second. (Equal byte ranges would not do: opus packs silence into a few bytes, so a chunk
    of bytes could hold several seconds of a pause.)"""
    with av.open(io.BytesIO(webm), mode="r") as container:
        blocks = [
            (float(packet.pts * packet.time_base), packet.pos)
            for packet in container.demux(container.streams.audio[0])
            if packet.pts is not None and packet.pos is not None
        ]
    cuts, next_cut = [], seconds
    for at, position in blocks:
        if at >= next_cut:
            cuts.append(position)
            while at >= next_cut:
                next_cut += seconds
    bounds = [0, *cuts, len(webm)]
    return [webm[start:end] for start, end in itertools.pairwise(bounds) if end > start]
