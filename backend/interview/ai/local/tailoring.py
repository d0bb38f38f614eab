"""Questions tailored to a job posting, offline: the bank ordered by meaning, templates filled.

How a question is chosen when the candidate pasted a posting:
1. The posting is cut into sentences and each is embedded (ai/local/embeddings.py), once per posting.
2. Every bank question of the interview type not yet asked is scored by its similarity to the
   posting: the mean of its three best sentence matches, so a question about one duty the posting
   stresses scores high even though the posting also talks about benefits and the company.
3. Template questions ("This role works with {technology}...") are filled with each of the
   posting's technologies and duties not yet named in the interview (ai/local/posting.py) and
   scored the same way, so the fill that fits the posting best wins. At most every other question
   is a template, so the interview mixes the posting's own words with the bank's tested questions.
4. Difficulty and the job title still count: a level away costs 0.05 (about the gap between a good
   and a close match), a question for another role family (a backlog question for a backend
   engineer) 0.1; a small seeded jitter lets two sessions on one posting differ.
A plain bank question is introduced with the posting's term closest to it ("This one connects to
Kafka in the posting."), so every question says why it was chosen.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from interview.ai.base import ConversationTurn, Difficulty, InterviewType
from interview.ai.local.embeddings import SentenceEncoder, Vectors
from interview.ai.local.posting import PostingReading, read_posting
from interview.ai.local.question_bank import (
    BankQuestion,
    QuestionBank,
    difficulty_distance,
    role_families,
    seeded_random,
)

DIFFICULTY_COST = 0.05
OTHER_ROLE_COST = 0.1
TOP_SENTENCES = 3
JITTER = 0.015
BRIDGE_MIN_SIMILARITY = 0.25
"""A plain question is tied to a posting term only when that term is this close to it in meaning
(all-MiniLM-L6-v2 scores unrelated short texts around 0-0.15, a shared topic from about 0.3)."""
_TERMS_PER_SLOT = 8


@dataclass(frozen=True)
class TailoredQuestion:
    question: BankQuestion
    text: str
    """The question as asked: a filled template, or the bank text (with a bridge when one fits)."""
    similarity: float
    term: str | None
    """The posting term the question names (the fill, or the bridge's term)."""


@dataclass(frozen=True)
class _PostingVectors:
    reading: PostingReading
    sentences: Vectors
    terms: tuple[str, ...]
    term_vectors: Vectors


class PostingMatcher:
    """Scores bank questions against postings; holds the bank's vectors (computed once)."""

    def __init__(self, bank: QuestionBank, encoder: SentenceEncoder) -> None:
        self._bank = bank
        self._encoder = encoder
        self._lock = threading.Lock()
        self._bank_vectors: dict[str, Vectors] | None = None
        self._postings = lru_cache(maxsize=64)(self._read)

    def _question_vectors(self) -> dict[str, Vectors]:
        with self._lock:
            if self._bank_vectors is None:
                plain = [q for q in self._bank.questions if not q.slots]
                vectors = self._encoder.encode([q.text for q in plain])
                self._bank_vectors = {q.id: vectors[i] for i, q in enumerate(plain)}
            return self._bank_vectors

    def _read(self, posting: str) -> _PostingVectors:
        reading = read_posting(posting)
        sentences = reading.sentences or (posting[:2000],)
        terms = tuple(dict.fromkeys((*reading.technologies, *reading.duties)))
        return _PostingVectors(
            reading,
            self._encoder.encode(list(sentences)),
            terms,
            self._encoder.encode(list(terms)) if terms else np.zeros((0, 384), dtype=np.float32),
        )

    def similarity(self, posting: str, texts: list[str]) -> list[float]:
        """Each text's similarity to the posting (mean of its best sentence matches)."""
        return _scores(self._postings(posting).sentences, self._encoder.encode(texts))

    def rank(
        self,
        posting: str,
        job_title: str,
        interview_type: InterviewType,
        difficulty: Difficulty,
        asked_ids: Collection[str],
        conversation: list[ConversationTurn],
        seed: str,
    ) -> list[TailoredQuestion]:
        """The questions not yet asked, best fit first (templates filled, plain ones bridged)."""
        vectors = self._postings(posting)
        asked = set(asked_ids)
        said = " ".join(t.text for t in conversation if t.speaker == "AI").lower()
        fresh = [t for t in vectors.terms if t.lower() not in said]
        templates_asked = sum(1 for a in asked if (q := self._bank.by_id(a)) is not None and q.slots)
        allow_templates = templates_asked * 2 <= len(asked)
        rng = seeded_random(seed, "tailored", interview_type, *sorted(asked))
        candidates: list[tuple[BankQuestion, str, str | None]] = []
        for question in self._bank.of_type(interview_type, templates=allow_templates):
            if question.id in asked:
                continue
            if question.slots:
                candidates.extend(
                    (question, text, term) for text, term in _fills(question, vectors.reading, fresh)
                )
            else:
                candidates.append((question, question.text, None))
        if not candidates:
            return []
        plain_vectors = self._question_vectors()
        filled = [i for i, (q, _, _) in enumerate(candidates) if q.slots]
        filled_vectors = self._encoder.encode([candidates[i][1] for i in filled]) if filled else None
        rows = [plain_vectors[q.id] if not q.slots else np.zeros(384, np.float32) for q, _, _ in candidates]
        matrix = np.vstack(rows)
        if filled_vectors is not None:
            matrix[filled] = filled_vectors
        scores = _scores(vectors.sentences, matrix)
        families = {*role_families(job_title), "general"}
        ranked: list[tuple[float, TailoredQuestion]] = []
        for (question, text, term), score, vector in zip(candidates, scores, matrix, strict=True):
            cost = DIFFICULTY_COST * difficulty_distance(question.difficulty, difficulty)
            if not families.intersection(question.roles):
                cost += OTHER_ROLE_COST
            if term is None:
                term = _closest_term(vector, vectors, fresh)
            ranked.append(
                (score - cost + rng.uniform(0, JITTER), TailoredQuestion(question, text, score, term))
            )
        ranked.sort(key=lambda pair: (-pair[0], pair[1].question.id))
        best: dict[str, TailoredQuestion] = {}
        for _, tailored in ranked:
            best.setdefault(tailored.question.id, tailored)
        return list(best.values())


def _scores(sentences: Vectors, questions: Vectors) -> list[float]:
    sims = questions @ sentences.T
    k = min(TOP_SENTENCES, sims.shape[1])
    top = -np.sort(-sims, axis=1)[:, :k]
    return [float(x) for x in top.mean(axis=1)]


def _fills(question: BankQuestion, reading: PostingReading, fresh: list[str]) -> list[tuple[str, str]]:
    """Each way to fill a template from the posting's terms not yet used: (text, the term named)."""
    fresh_set = set(fresh)
    technologies = [t for t in reading.technologies if t in fresh_set][:_TERMS_PER_SLOT]
    duties = [d for d in reading.duties if d in fresh_set][:_TERMS_PER_SLOT]
    slots = question.slots
    if ("technology" in slots and not technologies) or ("duty" in slots and not duties):
        return []
    if slots == {"technology"}:
        return [(question.filled(technology=t), t) for t in technologies]
    if slots == {"duty"}:
        return [(question.filled(duty=d), d) for d in duties]
    return [(question.filled(technology=t, duty=d), d) for d in duties[:4] for t in technologies[:2]]


def _closest_term(vector: Vectors, vectors: _PostingVectors, fresh: list[str]) -> str | None:
    if not len(vectors.terms):
        return None
    sims = vectors.term_vectors @ vector
    close = [int(i) for i in np.argsort(-sims) if sims[i] >= BRIDGE_MIN_SIMILARITY]
    fresh_set = set(fresh)
    # A term not yet named in the interview first; else the closest one again.
    for i in close:
        if vectors.terms[i] in fresh_set:
            return vectors.terms[i]
    return vectors.terms[close[0]] if close else None


def bridge(term: str) -> str:
    """The sentence that ties a plain bank question to the posting."""
    return f"This one connects to {term} in the posting."
