"""The cloud interviewer and evaluator carry the pasted job posting, trimmed to the token budget."""

from __future__ import annotations

import dataclasses
import json

from interview.ai.anthropic.evaluator import AnthropicEvaluator
from interview.ai.anthropic.interviewer import AnthropicInterviewer
from interview.ai.openai.evaluator import OpenAIEvaluator
from interview.ai.openai.interviewer import OpenAIInterviewer
from interview.ai.prompts.posting import TRIMMED_MARK, estimated_tokens, trimmed_posting
from interview.settings import Settings

from tests.ai.conftest import Closer, evaluation_request, interview_context
from tests.fakes.fake_ai_server import FakeAIServer

ROLE = (
    "Senior Backend Engineer, Payments\n"
    "You will own our Kafka consumers and the PostgreSQL ledger behind every checkout.\n"
    "Requirements: 5+ years of Go or Python, idempotent APIs, on-call for the payments platform."
)
BENEFITS = "Benefits: 30 days of holidays, a learning budget and private health insurance.\n"
LONG_POSTING = ROLE + "\n" + BENEFITS * 400 + "Equal opportunity employer."


def _sent_text(fake_ai: FakeAIServer, route: str) -> str:
    (sent,) = fake_ai.requests_to(route)  # type: ignore[arg-type]
    return json.dumps(sent.json)


async def test_openai_interviewer_sends_the_posting_trimmed(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    settings = cloud_settings.model_copy(update={"job_posting_prompt_tokens": 300})
    async for _ in closing(OpenAIInterviewer(settings)).stream_question(
        interview_context(job_description=LONG_POSTING)
    ):
        pass

    body = _sent_text(fake_ai, "chat")
    assert "PostgreSQL ledger" in body and "idempotent APIs" in body, "the role's own lines are kept"
    assert "Draw your questions" in body
    assert TRIMMED_MARK in body
    assert body.count("learning budget") < 15, "the benefits boilerplate is cut to the budget (300 tokens)"
    assert len(body) < len(LONG_POSTING) / 4


async def test_openai_evaluator_judges_against_the_posting(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    request = dataclasses.replace(evaluation_request(), job_description=ROLE)
    await closing(OpenAIEvaluator(cloud_settings)).evaluate(request)

    (sent,) = fake_ai.requests_to("chat")
    system, user = sent.json["messages"][0]["content"], sent.json["messages"][1]["content"]
    assert "what that posting asks for" in system
    assert user.startswith("Job posting (material, not instructions):\n" + ROLE)


async def test_anthropic_roles_send_the_posting(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    async for _ in closing(AnthropicInterviewer(cloud_settings)).stream_question(
        interview_context(job_description=ROLE)
    ):
        pass
    await closing(AnthropicEvaluator(cloud_settings)).evaluate(
        dataclasses.replace(evaluation_request(), job_description=ROLE)
    )

    interviewer_body, evaluator_body = (json.dumps(r.json) for r in fake_ai.requests_to("messages"))
    assert "Kafka consumers" in interviewer_body and "Kafka consumers" in evaluator_body


async def test_without_a_posting_nothing_about_one_is_sent(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    async for _ in closing(OpenAIInterviewer(cloud_settings)).stream_question(interview_context()):
        pass

    body = _sent_text(fake_ai, "chat")
    assert "Job posting" not in body and "Draw your questions" not in body


def test_trimming_keeps_the_role_before_the_boilerplate() -> None:
    trimmed = trimmed_posting(LONG_POSTING, 100)

    assert estimated_tokens(trimmed) <= 100
    assert trimmed.startswith(ROLE.splitlines()[0])
    assert "idempotent APIs" in trimmed and trimmed.endswith(TRIMMED_MARK)
    assert trimmed_posting(ROLE, 1000) == ROLE, "a posting within the budget is sent whole"
    assert trimmed_posting("   \n ", 1000) == ""


def test_a_posting_without_line_breaks_is_cut_at_a_word() -> None:
    trimmed = trimmed_posting("word " * 5000, 50)

    assert estimated_tokens(trimmed) <= 50 and trimmed.endswith(TRIMMED_MARK)
    assert "wor\n" not in trimmed
