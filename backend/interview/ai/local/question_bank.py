"""The offline question bank: loaded once from question_bank.json, validated, and chosen from.

Each question is tagged with an interview type, a difficulty and the role families it suits, and
lists the key points a good answer covers (the rubric uses their cues for relevance) and one or
two follow-ups. Ids are stable: they are stored with each asked question.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interview.ai.base import Difficulty, InterviewType
from interview.ai.local.rubric.text import normalise

RoleFamily = Literal[
    "backend", "frontend", "data", "ml", "devops", "mobile", "management", "product", "general"
]

BANK_PATH = Path(__file__).with_name("question_bank.json")
DIFFICULTY_ORDER: tuple[Difficulty, ...] = ("EASY", "MEDIUM", "HARD")
SLOTS = ("{technology}", "{duty}")
"""Placeholders of template questions, filled from a job posting (ai/local/tailoring.py); a
template is asked only when a posting was given."""
_SLOT = re.compile(r"\{(technology|duty)\}")


class KeyPoint(BaseModel):
    """Something a good answer covers, and the words that show it was covered."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    point: str = Field(min_length=5)
    cues: tuple[str, ...] = Field(min_length=1)
    """Any one of these phrases in the answer counts the point as covered."""


class BankQuestion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z]+-[a-z]+-\d{3}$", max_length=40)
    interview_type: InterviewType
    difficulty: Difficulty
    roles: tuple[RoleFamily, ...] = Field(min_length=1)
    text: str = Field(min_length=20)
    key_points: tuple[KeyPoint, ...] = Field(min_length=2, max_length=6)
    follow_ups: tuple[str, ...] = Field(min_length=1, max_length=2)

    @field_validator("text")
    @classmethod
    def _is_a_question(cls, value: str) -> str:
        if not value.rstrip().endswith(("?", ".")):
            raise ValueError("a question ends with '?' or '.'")
        if "{" in _SLOT.sub("", value) or "}" in _SLOT.sub("", value):
            raise ValueError(f"the only placeholders are {SLOTS}")
        return value

    @property
    def slots(self) -> frozenset[str]:
        """The placeholders this question has ("technology", "duty"); empty for a plain question."""
        return frozenset(_SLOT.findall(self.text))

    def filled(self, technology: str = "", duty: str = "") -> str:
        return self.text.replace("{technology}", technology).replace("{duty}", duty)


class QuestionBank(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    questions: tuple[BankQuestion, ...]

    @model_validator(mode="after")
    def _ids_and_texts_are_unique(self) -> QuestionBank:
        ids = [q.id for q in self.questions]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate question ids: {sorted(duplicates)}")
        texts = [normalise(q.text) for q in self.questions]
        if len(set(texts)) != len(texts):
            raise ValueError("two questions have the same text")
        return self

    def by_id(self, bank_id: str) -> BankQuestion | None:
        return _index(self).get(bank_id)

    def of_type(self, interview_type: InterviewType, templates: bool = False) -> list[BankQuestion]:
        """The questions of a type; templates only when asked for (they need a job posting)."""
        return [
            q for q in self.questions if q.interview_type == interview_type and (templates or not q.slots)
        ]


_DERIVED: dict[
    int, tuple[QuestionBank, dict[str, BankQuestion], tuple[tuple[BankQuestion, tuple[str, ...]], ...]]
] = {}
"""Per bank (by identity, holding the bank so its id is not reused): the id index and the
normalised texts. Hashing a frozen pydantic model walks the whole tree, so lru_cache is too slow."""


def _derived(
    bank: QuestionBank,
) -> tuple[dict[str, BankQuestion], tuple[tuple[BankQuestion, tuple[str, ...]], ...]]:
    entry = _DERIVED.get(id(bank))
    if entry is None or entry[0] is not bank:
        texts = tuple((q, tuple(normalise(t) for t in (q.text, *q.follow_ups))) for q in bank.questions)
        entry = (bank, {q.id: q for q in bank.questions}, texts)
        _DERIVED[id(bank)] = entry
    return entry[1], entry[2]


def _index(bank: QuestionBank) -> dict[str, BankQuestion]:
    return _derived(bank)[0]


@lru_cache(maxsize=1)
def load_bank(path: Path = BANK_PATH) -> QuestionBank:
    """The bank, read and validated once per process (a broken file fails loudly at first use)."""
    return QuestionBank.model_validate(json.loads(path.read_text(encoding="utf-8")))


# --- role families --------------------------------------------------------------------------

_ROLE_RULES: tuple[tuple[RoleFamily, tuple[str, ...]], ...] = (
    ("product", ("product manager", "product owner", "product lead", "head of product", "pm", "cpo")),
    (
        "management",
        ("engineering manager", "manager", "head of", "director", "vp", "cto", "team lead", "tech lead"),
    ),
    (
        "ml",
        (
            "machine learning",
            "ml",
            "ai",
            "deep learning",
            "mlops",
            "nlp",
            "computer vision",
            "research scientist",
            "applied scientist",
            "llm",
        ),
    ),
    ("data", ("data", "analytics", "analyst", "bi", "business intelligence", "etl", "warehouse")),
    (
        "devops",
        (
            "devops",
            "sre",
            "site reliability",
            "platform",
            "infrastructure",
            "infra",
            "cloud",
            "reliability",
            "release",
            "build engineer",
            "operations",
            "security",
            "appsec",
        ),
    ),
    ("mobile", ("mobile", "ios", "android", "react native", "flutter", "swift", "kotlin")),
    (
        "frontend",
        (
            "frontend",
            "front-end",
            "front end",
            "ui",
            "web developer",
            "web engineer",
            "react",
            "angular",
            "vue",
            "javascript",
            "typescript",
            "full stack",
            "full-stack",
            "fullstack",
        ),
    ),
    (
        "backend",
        (
            "backend",
            "back-end",
            "back end",
            "api",
            "server",
            "java",
            "golang",
            "go",
            "python",
            "node",
            "ruby",
            "rails",
            "django",
            "php",
            ".net",
            "c#",
            "distributed",
            "full stack",
            "full-stack",
            "fullstack",
        ),
    ),
)
"""Keyword rules, matched as whole words in the lower-cased job title; every matching family counts,
in this order. "Data Scientist" is data and ml; "Full Stack Developer" is frontend and backend;
"Engineering Manager" is management; a title that matches nothing ("Software Engineer") is general."""

_ALSO_ML = ("scientist",)


def role_families(job_title: str) -> tuple[RoleFamily, ...]:
    """The role families a job title belongs to, most specific first; ("general",) when none match."""
    title = " " + " ".join(re.findall(r"[a-z0-9#.+-]+", job_title.lower())) + " "
    found: list[RoleFamily] = []
    for family, keywords in _ROLE_RULES:
        if any(f" {k} " in title for k in keywords):
            found.append(family)
    if "data" in found and "ml" not in found and any(f" {k} " in title for k in _ALSO_ML):
        found.insert(1, "ml")
    return tuple(found) or ("general",)


# --- choosing ----------------------------------------------------------------------------------


def difficulty_distance(a: Difficulty, b: Difficulty) -> int:
    return abs(DIFFICULTY_ORDER.index(a) - DIFFICULTY_ORDER.index(b))


def fit_cost(question: BankQuestion, families: Sequence[RoleFamily], difficulty: Difficulty) -> float:
    """How poorly a question fits: 0 is a question for this role family at this difficulty.

    Role: 0 when the question is tagged with one of the title's families, 1 when it is general,
    3 when it is for another family (asked only when nothing else is left). Difficulty: 1.5 per
    level away, so a general question at the right level beats a role question one level off,
    and nearest difficulty wins when the requested one is used up.
    """
    if any(f in question.roles for f in families):
        role_cost = 0.0
    elif "general" in question.roles:
        role_cost = 1.0
    else:
        role_cost = 3.0
    return role_cost + 1.5 * difficulty_distance(question.difficulty, difficulty)


def seeded_random(*parts: object) -> random.Random:
    """A random generator that depends only on `parts` (stable across processes, unlike hash())."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def choose_question(
    bank: QuestionBank,
    interview_type: InterviewType,
    difficulty: Difficulty,
    job_title: str,
    asked_ids: Collection[str],
    seed: str,
) -> BankQuestion | None:
    """The next bank question: best role and difficulty fit, never one already asked.

    Among equally fitting questions the choice is random but seeded by `seed` and the ids asked so
    far, so a session replays identically while different sessions see different questions.
    None when every question of the type has been asked.
    """
    families = role_families(job_title)
    asked = set(asked_ids)
    candidates = [q for q in bank.of_type(interview_type) if q.id not in asked]
    if not candidates:
        return None
    best = min(fit_cost(q, families, difficulty) for q in candidates)
    pool = sorted((q for q in candidates if fit_cost(q, families, difficulty) == best), key=lambda q: q.id)
    return seeded_random(seed, interview_type, difficulty, *sorted(asked)).choice(pool)


def find_by_text(text: str, bank: QuestionBank | None = None) -> tuple[BankQuestion, int | None] | None:
    """The bank question whose text (or one of whose follow-ups) appears inside `text`.

    Returns the question and, when a follow-up matched, that follow-up's index. The interviewer
    wraps bank text in a greeting or transition, so containment (not equality) is the test.
    """
    bank = bank or load_bank()
    haystack = normalise(text)
    if not haystack:
        return None
    texts = _normalised_texts(bank)
    for question, normalised in texts:
        if question.slots:
            if _template_pattern(question.text).search(haystack):
                return question, None
        elif normalised[0] in haystack:
            return question, None
    for question, normalised in texts:
        for i, follow_up in enumerate(normalised[1:]):
            if follow_up in haystack:
                return question, i
    return None


@lru_cache(maxsize=64)
def _template_pattern(template: str) -> re.Pattern[str]:
    """A template's normalised text with each slot free to hold a few words."""
    pieces = _SLOT.split(template)[::2]
    return re.compile(
        r"\b" + r"(?: [^ ]+){1,6} ".join(re.escape(normalise(p)) for p in pieces if normalise(p))
    )


def _normalised_texts(bank: QuestionBank) -> tuple[tuple[BankQuestion, tuple[str, ...]], ...]:
    """Each question with its text and follow-ups normalised, computed once per bank."""
    return _derived(bank)[1]
