"""Questions tailored to a job posting, offline: real embedding model, real keyword extraction."""

from __future__ import annotations

import pytest
from interview.ai.base import ConversationTurn, InterviewContext, InterviewType, NextQuestion, PersonaProfile
from interview.ai.local.embeddings import default_encoder
from interview.ai.local.interviewer import TAILORED_VERSION, QuestionBankInterviewer
from interview.ai.local.posting import read_posting
from interview.ai.local.question_bank import find_by_text, load_bank
from interview.ai.local.tailoring import PostingMatcher
from interview.settings import Settings
from interview.speech.types import VoiceProfile

from tests.ai.local.postings import BACKEND, DATA, PM
from tests.imports import loaded_after

pytestmark = pytest.mark.slow  # loads the embedding model (about a second)

PERSONA = PersonaProfile("Viktor Petrov", "Principal Engineer", "terse principal", "", VoiceProfile("joe"))
MATCHER = PostingMatcher(load_bank(), default_encoder())
POSTINGS = {"Senior Backend Engineer": BACKEND, "Data Engineer": DATA, "Product Manager": PM}


async def _first_questions(
    job_title: str, posting: str | None, count: int = 3, interview_type: InterviewType = "TECHNICAL"
) -> list[NextQuestion]:
    interviewer = QuestionBankInterviewer(Settings(_env_file=None), matcher=MATCHER)
    conversation: list[ConversationTurn] = []
    asked: list[str] = []
    questions: list[NextQuestion] = []
    for number in range(1, count + 1):
        context = InterviewContext(
            persona=PERSONA,
            job_title=job_title,
            interview_type=interview_type,
            difficulty="MEDIUM",
            question_number=number,
            total_questions=6,
            conversation=list(conversation),
            last_evaluation=None,
            asked_bank_ids=list(asked),
            session_seed="one session",
            job_description=posting,
        )
        final = [
            item async for item in interviewer.stream_question(context) if isinstance(item, NextQuestion)
        ]
        question = final[0]
        questions.append(question)
        conversation += [
            ConversationTurn("AI", 2 * number - 1, question.text),
            ConversationTurn("USER", 2 * number, "I would start by asking what matters most."),
        ]
        assert question.bank_id is not None
        asked.append(question.bank_id)
    return questions


def _terms(posting: str) -> list[str]:
    reading = read_posting(posting)
    return [t.lower() for t in (*reading.technologies, *reading.duties)]


async def test_the_first_three_questions_differ_per_posting_and_name_its_own_things() -> None:
    asked = {title: await _first_questions(title, posting) for title, posting in POSTINGS.items()}

    for title, questions in asked.items():
        terms = _terms(POSTINGS[title])
        for question in questions:
            assert question.prompt_version == TAILORED_VERSION
            named = [t for t in terms if t in question.text.lower()]
            assert named, f"{title}: {question.text!r} names nothing from its posting"
    texts = [q.text for questions in asked.values() for q in questions]
    assert len(set(texts)) == 9, "no question is asked the same way for two postings"
    bank = load_bank()
    ids = [{q.bank_id for q in questions} for questions in asked.values()]
    for i, one in enumerate(ids):
        for other in ids[i + 1 :]:
            shared = [bank.by_id(bank_id.split("~")[0]) for bank_id in one & other if bank_id]
            assert all(q is not None and q.slots for q in shared), "only templates, filled differently"


async def test_a_posting_changes_what_is_asked_for_the_same_title() -> None:
    plain = await _first_questions("Senior Backend Engineer", None)
    tailored = await _first_questions("Senior Backend Engineer", BACKEND)

    assert [q.bank_id for q in plain] != [q.bank_id for q in tailored]
    assert all("posting" not in q.text for q in plain)


async def test_product_questions_come_from_the_bank_grown_for_them() -> None:
    questions = await _first_questions("Product Manager", PM, count=4)

    from_bank = [q.bank_id for q in questions if q.bank_id and q.bank_id.startswith("tech-prod-")]
    assert len(from_bank) >= 2, [q.text for q in questions]


async def test_behavioral_and_design_interviews_are_tailored_too() -> None:
    behavioral = await _first_questions("Data Engineer", DATA, count=2, interview_type="BEHAVIORAL")
    design = await _first_questions("Data Engineer", DATA, count=2, interview_type="SYSTEM_DESIGN")

    for question in (*behavioral, *design):
        assert any(t in question.text.lower() for t in _terms(DATA)), question.text


def test_the_posting_is_read_for_its_technologies_and_duties() -> None:
    backend, data, pm = (read_posting(p) for p in (BACKEND, DATA, PM))

    assert {"Kafka", "PostgreSQL", "Kubernetes"} <= set(backend.technologies)
    assert {"Spark", "Airflow", "dbt", "Snowflake"} <= set(data.technologies)
    assert "data quality checks" in data.duties
    assert {"onboarding funnel", "activation rate"} <= set(pm.duties)
    assert not any(" and " in d or " to " in d for r in (backend, data, pm) for d in r.duties)


def test_a_filled_template_is_still_found_in_the_bank() -> None:
    bank = load_bank()
    template = bank.by_id("tech-post-001")
    assert template is not None and template.slots == {"technology"}

    found = find_by_text("Next. " + template.filled(technology="Apache Kafka"), bank)

    assert found is not None and found[0].id == "tech-post-001" and found[1] is None
    assert all(not q.slots for q in bank.of_type("TECHNICAL")), "templates only when asked for"


def test_similarity_ranks_a_question_closer_to_its_own_posting() -> None:
    spark = "How would you make a Spark job safe to re-run after a failure?"
    roadmap = "How do you decide what goes on the roadmap when every stakeholder wants something?"

    (spark_to_data, roadmap_to_data) = MATCHER.similarity(DATA, [spark, roadmap])
    (spark_to_pm, roadmap_to_pm) = MATCHER.similarity(PM, [spark, roadmap])

    assert spark_to_data > spark_to_pm
    assert roadmap_to_pm > roadmap_to_data


def test_the_api_starts_without_the_embedding_model_or_keyword_library() -> None:
    """They load on the first interview with a posting: an API that never sees one stays lean."""
    watched = ("onnxruntime", "tokenizers", "yake", "networkx")

    assert loaded_after("interview.app, interview.ai.local.interviewer", watched) == []
