"""What an answer's text contains: the observable evidence every score and sentence is built from."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from interview.ai.local.rubric import lexicon
from interview.ai.local.rubric.text import (
    QUESTION_WORDS,
    content_stems,
    count_exact_phrase,
    count_phrase,
    sentences,
    stems_match,
    tokens,
)
from interview.speech.fillers import find_fillers_in_text

_NUMERIC = re.compile(r"^[$€£]?\d[\d,.]*(%|[a-z]{1,3})?$")


@dataclass(frozen=True)
class KeyPointCoverage:
    point: str
    covered: bool
    matched_cue: str | None


@dataclass(frozen=True)
class AnswerEvidence:
    """Everything the rubric observed in one answer's text."""

    word_count: int
    sentence_count: int
    longest_sentence_words: int
    numbers: tuple[str, ...]
    """Quantities as said, with their unit when one follows ("40%", "3 weeks")."""
    technologies: tuple[str, ...]
    example_markers: tuple[str, ...]
    sequence_markers: tuple[str, ...]
    reasoning_markers: tuple[str, ...]
    situation_cues: tuple[str, ...]
    task_cues: tuple[str, ...]
    action_cues: tuple[str, ...]
    result_cues: tuple[str, ...]
    singular_count: int
    plural_count: int
    hedges: tuple[str, ...]
    hedge_count: int
    text_fillers: tuple[str, ...]
    question_overlap: float
    """Share (0..1) of the question's topic words that the answer uses."""
    shared_topic_words: tuple[str, ...]
    key_points: tuple[KeyPointCoverage, ...]
    repeated_share: float = 0.0
    """Share (0..1) of the answer's word triples that repeat an earlier triple: going in circles."""
    brief: bool = False
    """A follow-up answer: it adds one missing piece, so half the length of a full answer is enough."""

    @property
    def judged_length(self) -> int:
        """The length the rubric's bands are applied to: a brief (follow-up) answer counts double."""
        return self.word_count * 2 if self.brief else self.word_count

    @property
    def covered_points(self) -> list[KeyPointCoverage]:
        return [k for k in self.key_points if k.covered]

    @property
    def missed_points(self) -> list[KeyPointCoverage]:
        return [k for k in self.key_points if not k.covered]

    @property
    def ownership(self) -> float | None:
        """Share of first-person pronouns that are "I" rather than "we"; None when neither is used."""
        total = self.singular_count + self.plural_count
        return None if total == 0 else self.singular_count / total


def _found(token_list: list[str], phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in phrases if count_exact_phrase(token_list, p) > 0)


def _numbers(token_list: list[str]) -> tuple[str, ...]:
    """Quantities: digits, with their unit when one follows ("3 weeks", "two a day"); spelled-out
    numbers only with a unit, since "one of them" is not a measurement."""
    found: list[str] = []
    for i, token in enumerate(token_list):
        following = token_list[i + 1] if i + 1 < len(token_list) else ""
        rate_unit = token_list[i + 2] if following in ("a", "an", "per") and i + 2 < len(token_list) else ""
        if rate_unit not in lexicon.UNITS:
            rate_unit = ""
        if (_NUMERIC.match(token) or token in lexicon.NUMBER_WORDS) and rate_unit:
            quoted = f"{token} {following} {rate_unit}"
        elif _NUMERIC.match(token):
            quoted = f"{token} {following}" if following in lexicon.UNITS else token
        elif token in lexicon.NUMBER_WORDS and following in lexicon.UNITS:
            quoted = f"{token} {following}"
        elif token in lexicon.CHANGE_WORDS:
            quoted = token
        else:
            continue
        if quoted not in found:
            found.append(quoted)
    return tuple(found)


def key_point_coverage(
    token_list: list[str], key_points: list[tuple[str, tuple[str, ...]]]
) -> tuple[KeyPointCoverage, ...]:
    """Each key point is covered when any of its cue phrases occurs (compared by stem)."""
    result = []
    for point, cues in key_points:
        matched = next((cue for cue in cues if count_phrase(token_list, cue) > 0), None)
        result.append(KeyPointCoverage(point=point, covered=matched is not None, matched_cue=matched))
    return tuple(result)


def gather(
    answer: str,
    question: str,
    key_points: list[tuple[str, tuple[str, ...]]] | None = None,
    *,
    brief: bool = False,
) -> AnswerEvidence:
    """Read an answer against its question (and the bank's key points, when known).

    `brief` marks a follow-up answer, which is judged against a shorter expected length.
    """
    token_list = tokens(answer)
    sentence_list = sentences(answer)
    question_stems = content_stems(question, QUESTION_WORDS)
    answer_stems = content_stems(answer)
    shared = sorted(q for q in question_stems if any(stems_match(q, a) for a in answer_stems))
    overlap = len(shared) / len(question_stems) if question_stems else 0.0
    found_hedges = _found(token_list, lexicon.HEDGES)
    hedges = tuple(h for h in found_hedges if not _inside_longer(h, found_hedges))
    return AnswerEvidence(
        word_count=len(token_list),
        sentence_count=len(sentence_list),
        longest_sentence_words=max((len(tokens(s)) for s in sentence_list), default=0),
        numbers=_numbers(token_list),
        technologies=tuple(
            dict.fromkeys(_as_written(t, answer) for t in token_list if t in lexicon.TECHNOLOGIES)
        ),
        example_markers=_found(token_list, lexicon.EXAMPLE_MARKERS),
        sequence_markers=_found(token_list, lexicon.SEQUENCE_MARKERS),
        reasoning_markers=_found(token_list, lexicon.REASONING_MARKERS),
        situation_cues=_found(token_list, lexicon.SITUATION_CUES),
        task_cues=_found(token_list, lexicon.TASK_CUES),
        action_cues=tuple(
            dict.fromkeys((*_found(token_list, lexicon.ACTION_CUES), *_own_actions(token_list)))
        ),
        result_cues=_result_cues(token_list),
        singular_count=sum(1 for t in token_list if t in lexicon.FIRST_PERSON_SINGULAR),
        plural_count=sum(1 for t in token_list if t in lexicon.FIRST_PERSON_PLURAL),
        hedges=hedges,
        hedge_count=sum(count_exact_phrase(token_list, h) for h in hedges),
        text_fillers=tuple(f.form for f in find_fillers_in_text(answer)),
        question_overlap=overlap,
        shared_topic_words=tuple(shared),
        key_points=key_point_coverage(token_list, key_points or []),
        repeated_share=_repeated_share(token_list),
        brief=brief,
    )


def _repeated_share(token_list: list[str]) -> float:
    """Share of word triples already said earlier in the answer (natural speech stays under 10%)."""
    triples = [tuple(token_list[i : i + 3]) for i in range(len(token_list) - 2)]
    if len(triples) < 20:
        return 0.0
    seen: set[tuple[str, ...]] = set()
    repeated = 0
    for triple in triples:
        repeated += triple in seen
        seen.add(triple)
    return repeated / len(triples)


def _action_cues(token_list: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*_found(token_list, lexicon.ACTION_CUES), *_own_actions(token_list))))


def _own_actions(token_list: list[str]) -> tuple[str, ...]:
    """ "I" followed by a past-tense action verb ("I rolled back", "I wrote"), beyond the fixed cues."""
    found = []
    for first, verb in itertools.pairwise(token_list):
        if first != "i" or verb in lexicon.NOT_ACTIONS:
            continue
        if verb in lexicon.IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 4):
            found.append(f"i {verb}")
    return tuple(dict.fromkeys(found))


def _result_cues(token_list: list[str]) -> tuple[str, ...]:
    """Outcome phrases; a merely temporal one ("in the end") counts only when the answer has a number."""
    strong = _found(token_list, lexicon.RESULT_CUES)
    if strong or not _numbers(token_list):
        return strong
    return _found(token_list, lexicon.WEAK_RESULT_CUES)


def _as_written(token: str, text: str) -> str:
    """The token with the casing the candidate used ("PostgreSQL", not "postgresql")."""
    match = re.search(re.escape(token), text, re.IGNORECASE)
    return match.group(0) if match else token


def _inside_longer(hedge: str, found: tuple[str, ...]) -> bool:
    """ "not sure" inside "i'm not sure" is one hedge, not two."""
    return any(hedge != other and f" {hedge} " in f" {other} " for other in found)
