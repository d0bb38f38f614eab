"""The Anthropic roles through the real `anthropic` SDK against the fake server."""

from __future__ import annotations

import pytest
from interview.ai.anthropic.evaluator import AnthropicEvaluator
from interview.ai.anthropic.interviewer import AnthropicInterviewer
from interview.ai.anthropic.report_writer import AnthropicReportWriter
from interview.ai.base import Evaluation, NextQuestion, TextDelta, overall_score
from interview.ai.errors import (
    ProviderBadResponse,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
)
from interview.settings import Settings

from tests.ai.conftest import Closer, evaluation_request, interview_context, report_input
from tests.fakes.fake_ai_server import FakeAIServer, Fault


async def test_evaluator_uses_structured_output_with_the_shared_schema(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    evaluation = await closing(AnthropicEvaluator(cloud_settings)).evaluate(evaluation_request())

    (sent,) = fake_ai.requests_to("messages")
    assert sent.vendor == "anthropic" and sent.headers["authorization"] == "Bearer sk-ant-fake"
    body = sent.json
    assert body["model"] == "claude-haiku-5-5"
    schema = body["output_config"]["format"]["schema"]
    assert body["output_config"]["format"]["type"] == "json_schema"
    assert set(schema["required"]) == set(schema["properties"]) and schema["additionalProperties"] is False
    assert (
        "observed" in body["system"]
        and "Tell me about a time you disagreed" in body["messages"][0]["content"]
    )
    assert evaluation.overall == overall_score("BEHAVIORAL", 7.5, 6.0, 6.5, 7.0)
    assert (evaluation.model, evaluation.prompt_version) == ("claude-haiku-5-5", "evaluator.v2")


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.http(429, retry_after=0.5), ProviderRateLimited),
        (Fault.http(529), ProviderUnavailable),
        (Fault.http(500), ProviderUnavailable),
        (Fault.slow(3), ProviderTimeout),
        (Fault.malformed_output(), ProviderBadResponse),
        (Fault.malformed_body(), ProviderBadResponse),
        (Fault.http(400), ProviderError),
    ],
)
async def test_evaluator_failures_become_provider_errors(
    closing: Closer,
    fake_ai: FakeAIServer,
    cloud_settings: Settings,
    fault: Fault,
    expected: type[ProviderError],
) -> None:
    fake_ai.fail("messages", fault)

    with pytest.raises(expected) as raised:
        await closing(AnthropicEvaluator(cloud_settings)).evaluate(evaluation_request())

    assert raised.value.provider == "anthropic"
    if expected is ProviderError:
        assert type(raised.value) is ProviderError and not raised.value.retryable
    if fault.retry_after is not None:
        assert raised.value.retry_after == pytest.approx(0.5)
    assert len(fake_ai.requests_to("messages")) == 1, "the SDK itself must not retry"


async def _collect(closing: Closer, settings: Settings, **changes: object) -> tuple[list[str], NextQuestion]:
    deltas: list[str] = []
    final: NextQuestion | None = None
    async for item in closing(AnthropicInterviewer(settings)).stream_question(interview_context(**changes)):
        if isinstance(item, TextDelta):
            deltas.append(item.text)
        else:
            final = item
    assert final is not None
    return deltas, final


async def test_interviewer_streams_and_adapts(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, strong_evaluation: Evaluation
) -> None:
    fake_ai.answers.question = "[[follow-up]]\nYou said 'some kind of counter': where would it live?"

    deltas, question = await _collect(
        closing, cloud_settings, last_evaluation=strong_evaluation, difficulty="HARD"
    )

    assert "".join(deltas) == question.text == "You said 'some kind of counter': where would it live?"
    assert question.is_follow_up and question.question_type == "FOLLOW_UP"
    assert question.difficulty == "HARD"
    assert (question.model, question.prompt_version) == ("claude-haiku-5-5", "interviewer.v3")
    body = fake_ai.requests_to("messages")[0].json
    assert body["stream"] is True
    assert body["output_config"] == {"effort": "low"}
    assert "Ada Byron" in body["system"] and "Staff Engineer" in body["system"]
    assert "hard difficulty" in body["system"] and "Backend Engineer" in body["system"]
    user = body["messages"][0]["content"]
    assert "Candidate: I would use, um, some kind of counter somewhere." in user
    assert "overall 8.6" in user


async def test_interviewer_keeps_the_domains_difficulty_after_a_skip_and_refuses_follow_ups(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.answers.question = "[[follow-up]]\nLet's try another angle: what is a queue?"

    _, question = await _collect(closing, cloud_settings, last_answer_skipped=True, difficulty="EASY")

    assert question.difficulty == "EASY"
    assert not question.is_follow_up and question.question_type == "TECHNICAL"
    assert "Do NOT ask a follow-up" in fake_ai.requests_to("messages")[0].json["system"]


async def test_interviewer_without_a_tag_is_a_new_question(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.answers.question = "What is a bloom filter?"

    deltas, question = await _collect(closing, cloud_settings)

    assert "".join(deltas) == question.text == "What is a bloom filter?"
    assert not question.is_follow_up


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.break_stream(after_chunks=3), ProviderUnavailable),
        (Fault.cut_stream(after_chunks=3), ProviderBadResponse),
    ],
)
async def test_interviewer_stream_failures_after_deltas(
    closing: Closer,
    fake_ai: FakeAIServer,
    cloud_settings: Settings,
    fault: Fault,
    expected: type[ProviderError],
) -> None:
    fake_ai.fail("messages", fault)
    deltas: list[str] = []

    with pytest.raises(expected):
        async for item in closing(AnthropicInterviewer(cloud_settings)).stream_question(interview_context()):
            assert isinstance(item, TextDelta)
            deltas.append(item.text)

    assert "".join(deltas) == "Tell me"


async def test_report_writer(closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings) -> None:
    narrative = await closing(AnthropicReportWriter(cloud_settings)).write(report_input())

    assert narrative.practice_areas == fake_ai.answers.report["practice_areas"]
    assert (narrative.model, narrative.prompt_version) == ("claude-sonnet-5-5", "report.v1")
    body = fake_ai.requests_to("messages")[0].json
    assert "strengths" in body["output_config"]["format"]["schema"]["properties"]
