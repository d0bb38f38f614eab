"""Filler words in a transcript: hesitations (um, uh...) and verbal tics (you know, like...).

Works on the transcript's words, so it is as good as the speech-to-text: Whisper drops "um"/"uh"
unless prompted with them (see interview.ai.local.stt). Timings are kept when the words have them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interview.speech.types import Word

_HESITATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(u+h*m+|e+r+m+|e+m+)$"), "um"),  # um, umm, uhm, erm, emm
    (re.compile(r"^u+h+$"), "uh"),  # uh, uhh
    (re.compile(r"^e+r+$"), "er"),  # er, err
    (re.compile(r"^a+h+$"), "ah"),  # ah, ahh
    (re.compile(r"^(h+m+|m{2,})$"), "hmm"),  # hm, hmm, hmmm, mmm
]

_ALWAYS_FILLERS = {"basically", "actually", "literally"}

# "like" is a verb or a preposition after these words: "I'd like", "feels like", "something like".
_LIKE_NOT_FILLER_AFTER = {
    "would", "i'd", "you'd", "we'd", "they'd", "he'd", "she'd", "feel", "feels", "felt", "look",
    "looks", "looked", "looking", "seem", "seems", "seemed", "sound", "sounds", "sounded", "thing",
    "things", "something", "anything", "nothing", "everything", "stuff", "just", "much", "more",
    "most", "really", "i", "you", "we", "they", "people", "who", "to", "do", "don't", "did",
    "didn't", "does", "doesn't", "not", "it", "what", "is", "was", "are", "were", "be", "will",
    "i'll", "we'll", "you'll", "might", "may", "could", "can", "should", "also", "still", "truly",
    "especially", "exactly", "quite", "very",
}  # fmt: skip
# "like" as a hedge before an amount or another filler: "like 10 minutes", "like, maybe".
_LIKE_FILLER_BEFORE = {
    "maybe", "really", "just", "so", "totally", "super", "basically", "honestly", "literally",
    "actually", "um", "uh", "er", "ah", "hmm", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "fifty", "hundred",
    "half", "almost", "around", "about",
}  # fmt: skip
# A filler "like" straight after a hesitation or a discourse marker: "so like", "um like".
_LIKE_FILLER_AFTER = {"so", "um", "uh", "er", "ah", "hmm", "well", "yeah", "okay", "oh", "basically"}

# "kind of" and "sort of" name a category after these: "what kind of", "a sort of".
_KIND_OF_CATEGORY_AFTER = {
    "what", "this", "that", "these", "those", "a", "the", "some", "any", "every", "each", "one",
    "same", "which", "no", "another", "different", "certain", "particular", "my", "your", "our",
    "their", "his", "her", "its", "new", "right", "wrong", "first", "other", "only", "specific",
}  # fmt: skip
# "you know" is a question or a verb after these: "do you know", "if you know".
_YOU_KNOW_VERB_AFTER = {
    "do", "did", "don't", "didn't", "if", "as", "would", "will", "could", "can", "should",
    "might", "that", "what", "whether", "let", "when", "once", "because", "where", "how",
}  # fmt: skip
_SUBJECT_PRONOUNS = {"i", "we", "you", "they", "he", "she"}
_OBJECT_WORDS = {"it", "that", "what", "to", "this", "you", "him", "her", "them", "the", "a", "an", "how"}

_PUNCTUATION = re.compile(r"^[^\w']+|[^\w']+$")
_CLAUSE_BREAK = re.compile(r"[,;:\u2014\u2013-]|\.\.\.|…")
_SENTENCE_END = re.compile(r"[.!?]$")


@dataclass(frozen=True)
class Filler:
    """One filler occurrence: its normalised form and where it was said."""

    form: str
    """Lower-case normal form: "um", "uh", "er", "ah", "hmm", "you know", "like"..."""
    word_index: int
    start: float | None
    end: float | None


@dataclass(frozen=True)
class _Token:
    norm: str
    break_after: bool
    """A comma, dash, ellipsis or sentence end follows the word."""
    sentence_end_after: bool
    word: Word | None


def find_fillers(words: Sequence[Word]) -> list[Filler]:
    """Every filler in timed transcript words, in order."""
    return _scan([_token(word.text, word) for word in words])


def find_fillers_in_text(text: str) -> list[Filler]:
    """Every filler in a transcript without timings, in order."""
    return _scan([_token(piece, None) for piece in text.split()])


def _token(raw: str, word: Word | None) -> _Token:
    stripped = raw.strip()
    norm = _PUNCTUATION.sub("", stripped.lower()).replace("\u2019", "'")
    trailing = stripped[len(stripped.rstrip(".,;:!?…-—–")) :]
    sentence_end = bool(_SENTENCE_END.search(trailing)) and not trailing.endswith("...")
    return _Token(
        norm=norm,
        break_after=bool(_CLAUSE_BREAK.search(trailing)) or sentence_end,
        sentence_end_after=sentence_end,
        word=word,
    )


def _scan(tokens: list[_Token]) -> list[Filler]:
    fillers: list[Filler] = []
    index = 0
    while index < len(tokens):
        phrase = _phrase_filler(tokens, index)
        if phrase is not None:
            fillers.append(_filler(phrase, tokens, index, index + 1))
            index += 2
            continue
        single = _single_word_filler(tokens, index)
        if single is not None:
            fillers.append(_filler(single, tokens, index, index))
        index += 1
    return fillers


def _filler(form: str, tokens: list[_Token], first: int, last: int) -> Filler:
    start_word, end_word = tokens[first].word, tokens[last].word
    return Filler(
        form=form,
        word_index=first,
        start=start_word.start if start_word else None,
        end=end_word.end if end_word else None,
    )


def _single_word_filler(tokens: list[_Token], index: int) -> str | None:
    norm = tokens[index].norm
    for pattern, form in _HESITATIONS:
        if pattern.match(norm):
            return form
    if norm in _ALWAYS_FILLERS:
        return norm
    if norm == "like" and _is_filler_like(tokens, index):
        return "like"
    return None


def _phrase_filler(tokens: list[_Token], index: int) -> str | None:
    if index + 1 >= len(tokens):
        return None
    first, second = tokens[index], tokens[index + 1]
    if first.break_after:
        return None
    previous = tokens[index - 1] if index > 0 else None
    following = tokens[index + 2] if index + 2 < len(tokens) else None
    at_clause_start = previous is None or previous.break_after
    ends_clause = second.break_after or following is None
    pair = (first.norm, second.norm)
    if pair in {("kind", "of"), ("sort", "of")}:
        if previous is not None and not previous.break_after and previous.norm in _KIND_OF_CATEGORY_AFTER:
            return None
        return f"{first.norm} of"
    if pair == ("you", "know"):
        if previous is not None and not previous.break_after and previous.norm in _YOU_KNOW_VERB_AFTER:
            return None
        if ends_clause or at_clause_start:
            return "you know"
        return None
    if pair == ("i", "mean"):
        if second.break_after:
            return "i mean"
        if at_clause_start and (following is None or following.norm not in _OBJECT_WORDS):
            return "i mean"
        return None
    return None


def _is_filler_like(tokens: Sequence[_Token], index: int) -> bool:
    """Whether "like" at `index` is a filler rather than a verb, preposition or comparison.

    Rules, first match wins:
    - after would/I'd/feel/looks/seems/sounds/things/something/a subject pronoun... it is a verb
      or preposition ("I'd like to", "feels like", "something like that", "we like Go");
    - followed by "to" it is a verb ("like to");
    - followed by a comma or dash, it is a filler ("it was, like, slow");
    - at the start of a sentence or clause it is a filler ("Like, the cache...") unless a subject
      follows ("Like I said");
    - after so/um/uh/well/yeah ("so like"), it is a filler;
    - before an amount or another hedge ("like 10 minutes", "like maybe"), it is a filler;
    - anything else ("it works like a queue") is a comparison, not a filler.
    The rules favour precision: a missed "like" costs less than flagging a candidate's real words.
    """
    token = tokens[index]
    previous = tokens[index - 1] if index > 0 else None
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    joined_to_previous = previous is not None and not previous.break_after
    if joined_to_previous and previous is not None and previous.norm in _LIKE_NOT_FILLER_AFTER:
        return False
    if following is not None and following.norm == "to" and not token.break_after:
        return False
    if token.break_after:
        return True
    if not joined_to_previous:
        # "Like I said" compares; "Like, the cache..." and "so, like the cache" hesitate.
        return following is None or following.norm not in _SUBJECT_PRONOUNS
    if previous is not None and previous.norm in _LIKE_FILLER_AFTER:
        return True
    return following is not None and (following.norm in _LIKE_FILLER_BEFORE or following.norm.isdigit())


def filler_forms(fillers: Sequence[Filler]) -> list[str]:
    """The normalised forms, in order, as VoiceMetrics.filler_words lists them."""
    return [filler.form for filler in fillers]
