"""Words as the rubric compares them: lower-cased tokens, crude stems, phrases and sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9$][a-z0-9%$.+#/'-]*[a-z0-9%+#]|[a-z0-9%$]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i i'd i'll i'm i've if in
    into is it it's its itself just let's me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that that's the
    their theirs them themselves then there there's these they they're this those through to too
    under until up very was we we'd we're we've were what what's when where which while who whom
    why will with would you you'd you're your yours yourself yourselves also really thing things
    get got go going gone lot lots like well yeah yes okay ok um uh erm er hmm mm umm uhm
    one way much many make made able said say says
    """.split()
)
"""Function words and fillers: they carry no topic, so overlap ignores them."""

QUESTION_WORDS = frozenset(
    """
    tell describe explain walk through time example give talk discuss would approach handle
    design build question answer please us me happened describe experience situation think
    """.split()
)
"""Words that frame a question rather than name its topic ("tell me about a time...")."""


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; keeps numbers with units or signs ("40%", "200ms", "$2m", "c++")."""
    normalised = (
        _THOUSANDS.sub("", text.lower())
        .replace("’", "'")
        .replace("‘", "'")
        .replace("–", "-")
        .replace("—", " ")
    )
    return [t.strip("'.-/") or t for t in _TOKEN.findall(normalised)]


@lru_cache(maxsize=16_384)
def stem(word: str) -> str:
    """A crude suffix-stripping stem, so "caching", "cached" and "cache" compare equal.

    Deliberately simple (no dictionary): both sides of every comparison use the same function,
    so consistency matters more than linguistic accuracy.
    """
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or any(c.isdigit() for c in w):
        return w
    for suffix, replacement in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("ities", "ity"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith("ss"):
                break
            w = w[: len(w) - len(suffix)] + replacement
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopped" -> "stopp" -> "stop"
    return w


def stems_match(a: str, b: str) -> bool:
    """Two stems name the same thing: equal, or one (of at least 5 letters) starts the other."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and long_.startswith(short)


def content_stems(text: str, extra_stopwords: Iterable[str] = ()) -> set[str]:
    """The stems of the words that carry a topic (stopwords and question framing removed)."""
    ignored = STOPWORDS | frozenset(extra_stopwords)
    return {stem(t) for t in tokens(text) if t not in ignored and len(t) > 1 and not t.isdigit()}


def contains_phrase(token_list: Sequence[str], phrase: str) -> bool:
    """Whether `phrase` occurs as consecutive tokens (compared by stem) in `token_list`."""
    return count_phrase(token_list, phrase) > 0


def count_phrase(token_list: Sequence[str], phrase: str) -> int:
    """How many times `phrase` occurs as consecutive tokens, compared by stem."""
    wanted = _phrase_stems(phrase)
    if not wanted:
        return 0
    have = _stems_of(tuple(token_list))
    first, rest = wanted[0], wanted[1:]
    count = 0
    for i in range(len(have) - len(wanted) + 1):
        if _token_matches(have[i], first) and all(
            _token_matches(have[i + 1 + j], w) for j, w in enumerate(rest)
        ):
            count += 1
    return count


def _token_matches(have: str, wanted: str) -> bool:
    """Short stems must match exactly ("api" is not "apicurio"); longer ones may share a prefix."""
    return stems_match(have, wanted) if len(wanted) >= 5 else have == wanted


def count_exact_phrase(token_list: Sequence[str], phrase: str) -> int:
    """How many times `phrase` occurs as consecutive tokens, compared exactly (for cue words)."""
    wanted = _phrase_tokens(phrase)
    n = len(wanted)
    if n == 0:
        return 0
    have = list(token_list)
    count, start = 0, 0
    while True:
        try:
            i = have.index(wanted[0], start)
        except ValueError:
            return count
        if tuple(have[i : i + n]) == wanted:
            count += 1
        start = i + 1


@lru_cache(maxsize=8192)
def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(phrase))


@lru_cache(maxsize=8192)
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(phrase))


@lru_cache(maxsize=64)
def _stems_of(token_tuple: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem(t) for t in token_tuple)


def sentences(text: str) -> list[str]:
    """The text split after . ! or ? (transcripts from speech-to-text are punctuated)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces, for matching one text inside another."""
    return " ".join(tokens(text))
