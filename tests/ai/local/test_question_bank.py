"""The local question bank: its content, its validation and how questions are chosen."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from interview.ai.local.question_bank import (
    BANK_PATH,
    QuestionBank,
    choose_question,
    find_by_text,
    load_bank,
    role_families,
)
from pydantic import ValidationError


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank()


def test_every_interview_type_has_at_least_fifteen_questions_across_all_difficulties(
    bank: QuestionBank,
) -> None:
    per_type = Counter(q.interview_type for q in bank.questions)
    assert {t: n >= 15 for t, n in per_type.items()} == {
        "TECHNICAL": True,
        "BEHAVIORAL": True,
        "SYSTEM_DESIGN": True,
    }
    per_level = Counter((q.interview_type, q.difficulty) for q in bank.questions)
    for kind in ("TECHNICAL", "BEHAVIORAL", "SYSTEM_DESIGN"):
        for level in ("EASY", "MEDIUM", "HARD"):
            assert per_level[(kind, level)] >= 3, (kind, level)


def test_every_entry_has_key_points_with_cues_and_a_follow_up(bank: QuestionBank) -> None:
    for question in bank.questions:
        assert len(question.key_points) >= 2, question.id
        assert all(point.cues for point in question.key_points), question.id
        assert 1 <= len(question.follow_ups) <= 2, question.id
        assert question.text.endswith(("?", ".")), question.id


def test_every_role_family_has_questions_of_its_own(bank: QuestionBank) -> None:
    families = Counter(family for q in bank.questions for family in q.roles)
    for family in ("backend", "frontend", "data", "ml", "devops", "mobile", "management", "general"):
        assert families[family] >= 3, family


def test_the_file_validates_and_rejects_a_duplicate_id(tmp_path: Path) -> None:
    raw = json.loads(BANK_PATH.read_text())
    QuestionBank.model_validate(raw)
    raw["questions"].append(dict(raw["questions"][0], text="A different text for the same id, on purpose?"))
    broken = tmp_path / "bank.json"
    broken.write_text(json.dumps(raw))
    with pytest.raises(ValidationError, match="duplicate question ids"):
        QuestionBank.model_validate(json.loads(broken.read_text()))


def test_an_entry_without_key_points_is_rejected() -> None:
    raw = json.loads(BANK_PATH.read_text())
    first = dict(raw["questions"][0], key_points=[])
    with pytest.raises(ValidationError):
        QuestionBank.model_validate({"version": 1, "questions": [first]})


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senior Backend Engineer", ("backend",)),
        ("Data Scientist", ("data", "ml")),
        ("Frontend Developer", ("frontend",)),
        ("Engineering Manager", ("management",)),
        ("Machine Learning Engineer", ("ml",)),
        ("Site Reliability Engineer (SRE)", ("devops",)),
        ("iOS Developer", ("mobile",)),
        ("Full Stack Developer", ("frontend", "backend")),
        ("Software Engineer", ("general",)),
    ],
)
def test_job_titles_map_to_role_families(title: str, expected: tuple[str, ...]) -> None:
    assert role_families(title) == expected


def test_choice_fits_the_role_family_and_difficulty(bank: QuestionBank) -> None:
    chosen = choose_question(bank, "TECHNICAL", "HARD", "Senior Frontend Developer", [], "seed-1")
    assert chosen is not None
    assert chosen.interview_type == "TECHNICAL"
    assert "frontend" in chosen.roles
    assert chosen.difficulty == "HARD"


def test_choice_never_repeats_an_asked_id_until_the_type_is_exhausted(bank: QuestionBank) -> None:
    asked: list[str] = []
    technical = len(bank.of_type("TECHNICAL"))
    for _ in range(technical):
        chosen = choose_question(bank, "TECHNICAL", "MEDIUM", "Data Scientist", asked, "seed-2")
        assert chosen is not None
        assert chosen.id not in asked
        asked.append(chosen.id)
    assert choose_question(bank, "TECHNICAL", "MEDIUM", "Data Scientist", asked, "seed-2") is None


def test_choice_falls_back_to_the_nearest_difficulty(bank: QuestionBank) -> None:
    easy_mobile = [q.id for q in bank.of_type("TECHNICAL") if q.difficulty == "EASY" and "mobile" in q.roles]
    easy_general = [
        q.id for q in bank.of_type("TECHNICAL") if q.difficulty == "EASY" and "general" in q.roles
    ]
    chosen = choose_question(bank, "TECHNICAL", "EASY", "Android Developer", easy_mobile + easy_general, "s")
    assert chosen is not None
    assert chosen.difficulty in ("EASY", "MEDIUM")
    assert chosen.id not in easy_mobile + easy_general


def test_choice_is_deterministic_per_seed_and_varies_across_seeds(bank: QuestionBank) -> None:
    def first(seed: str) -> str:
        chosen = choose_question(bank, "BEHAVIORAL", "MEDIUM", "Software Engineer", [], seed)
        assert chosen is not None
        return chosen.id

    assert first("session-a") == first("session-a")
    assert len({first(f"session-{i}") for i in range(20)}) >= 3


def test_find_by_text_recognises_a_question_inside_a_greeting_and_a_follow_up(bank: QuestionBank) -> None:
    question = bank.questions[0]
    match = find_by_text(f"Hello, I'm Maya. Let's start. {question.text}", bank)
    assert match == (question, None)
    follow_up = find_by_text(f"Let's dig into that. {question.follow_ups[0]}", bank)
    assert follow_up == (question, 0)
    assert find_by_text("What is your favourite colour?", bank) is None
