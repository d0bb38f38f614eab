"""What the offline interviewer reads in a job posting: its technologies, its duties, its sentences.

Keyphrases come from YAKE (Campos et al., 2020: unsupervised, statistical, one document, no model),
a maintained library, so a posting's own vocabulary ("dbt", "merchant onboarding", "Terraform")
is found even when no list names it. Each phrase is then sorted: a technology when it is one
word written like a product name (inner or all capitals, digits, "+#./") or a word the rubric
already knows as a tool; a duty when it is a lower-case phrase of two or three words as the posting
writes it ("run experiments", "data quality checks"). Both keep YAKE's order, most salient first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview.ai.local.rubric import lexicon

MAX_SENTENCES = 80
"""Sentences embedded per posting (a 20,000-character posting has ~200; the role comes first)."""
_KEYPHRASES = 40

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#./-]*[A-Za-z0-9+#]|[A-Za-z]")
_LOOKS_LIKE_A_PRODUCT = re.compile(
    r"^(?:[A-Z]{2,}[a-z]*s?|[A-Za-z]+[A-Z][A-Za-z]*|.*[0-9+#].*|[a-z]+\.[a-z]+)$"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\n+|\s[•·▪\-*]\s")
_NOT_IN_A_DUTY = frozenset(
    """
    you we our your us the a an and or of to into in for with on at by as is are be will this that it
    its from every each what who how who when years year experience plus bonus company role job
    position candidate ideal strong looking rely learn week weeks
    """.split()
)
"""Function words and posting chatter: a phrase holding one is a fragment ("build and run",
"engineer to build"), not a duty. Adverbs ("backlog ruthlessly") and phrases sharing half their words
with a more salient one ("building backend" after "backend services") are left out too."""
_TITLE_WORDS = frozenset(
    "senior junior staff principal lead head engineer developer manager director scientist analyst".split()
)


@dataclass(frozen=True)
class PostingReading:
    technologies: tuple[str, ...]
    """As written in the posting ("PostgreSQL", "dbt"), most salient first."""
    duties: tuple[str, ...]
    """Lower-case phrases as written ("run experiments"), most salient first."""
    sentences: tuple[str, ...]
    """The posting cut into sentences and bullet lines (what is embedded and compared with questions)."""


def _is_technology(word: str) -> bool:
    if word.lower() in lexicon.TECHNOLOGIES:
        return True
    return bool(_LOOKS_LIKE_A_PRODUCT.match(word)) and word.lower() not in _TITLE_WORDS


def _as_written(phrase: str, text: str) -> str | None:
    match = re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text, re.IGNORECASE)
    return match.group(0) if match else None


def posting_sentences(text: str) -> tuple[str, ...]:
    pieces = (" ".join(p.split()) for p in _SENTENCE_BREAK.split(text))
    return tuple(p for p in pieces if len(p.split()) >= 3)[:MAX_SENTENCES]


@lru_cache(maxsize=128)
def read_posting(text: str) -> PostingReading:
    """The posting's technologies, duties and sentences (cached: every question of a session asks)."""
    import yake  # imported here: it pulls in networkx (~2 s), which an API without postings never needs

    single = yake.KeywordExtractor(lan="en", n=1, top=_KEYPHRASES).extract_keywords(text)
    phrases = yake.KeywordExtractor(lan="en", n=3, top=_KEYPHRASES * 2).extract_keywords(text)
    technologies: dict[str, None] = {}
    for word, _score in single:
        written = _as_written(word, text)
        if written is not None and _is_technology(written):
            technologies.setdefault(written, None)
    # The lexicon catches tools YAKE ranked low (a posting that lists twenty of them).
    for word in _WORD.findall(text):
        if word.lower() in lexicon.TECHNOLOGIES and len(technologies) < _KEYPHRASES:
            technologies.setdefault(word, None)
    known = {t.lower() for t in technologies}
    duties: dict[str, None] = {}
    for phrase, _score in phrases:
        written = _as_written(phrase, text)
        words = phrase.lower().split()
        if (
            written is None
            or written != written.lower()
            or not 2 <= len(words) <= 3
            or any(w in _NOT_IN_A_DUTY or w.endswith("ly") for w in words)
            or all(w in known for w in words)
            or any(2 * len(set(words) & set(d.lower().split())) >= len(words) for d in duties)
        ):
            continue
        duties[written] = None
    return PostingReading(tuple(technologies), tuple(duties), posting_sentences(text))
