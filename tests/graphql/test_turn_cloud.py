"""The turn on the cloud chain: the real openai and anthropic SDKs against the fake AI server."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest
from interview.ai.fallback import FallbackEvaluator, Step
from interview.ai.openai.evaluator import OpenAIEvaluator
from interview.ai.registry import build_providers
from interview.db.tables import AudioChunk, Feedback, Question, Transcript
from interview.services import Services

from tests.fakes.fake_ai_server import DEFAULT_TRANSCRIPT, FakeAIServer, Fault
from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401
from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import (
    client_for,
    error_of,
    interview_with_question,
    recorded_events,
    result_of,
    submit,
)


@pytest.fixture
def cloud(services: Services, fake_ai: FakeAIServer) -> Services:  # noqa: F811
    """Both vendors configured and pointed at the fake; database and broker shared with the suite."""
    settings = services.settings.model_copy(
        update={**fake_ai.settings_overrides(), "provider_timeout_seconds": 1.0, "provider_max_retries": 1}
    )
    return dataclasses.replace(services, settings=settings, providers=build_providers(settings))


@pytest.fixture
async def cloud_client(cloud: Services) -> AsyncIterator[GraphQLClient]:
    async with client_for(cloud) as client:
        yield client


async def test_the_cloud_chain_transcribes_scores_asks_and_speaks(
    cloud: Services,
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    interview = await interview_with_question(cloud_client)
    result = result_of(await submit(interview, 1))

    settings = cloud.settings
    assert result["transcription"]["text"] == DEFAULT_TRANSCRIPT
    assert result["voiceMetrics"]["pauseCount"] == 1  # timing from our own VAD: gpt-transcribe gives none
    assert "um" in result["voiceMetrics"]["fillerWords"]
    assert result["evaluation"]["evaluatorModel"] == settings.openai_evaluator_model
    assert result["evaluation"]["technicalScore"] == 7.5
    turn = result["interviewerResponse"]
    assert turn["question"]["generatedByModel"] == settings.anthropic_interviewer_model
    assert turn["question"]["questionText"].startswith("Tell me about a time you had to debug")
    assert turn["audio"]["durationMs"] > 0

    answer = await Transcript.select().where(Transcript.id == result["transcript"]["id"]).first()
    assert answer is not None and answer["stt_model"] == settings.openai_stt_model
    feedback = await Feedback.select().where(Feedback.id == result["evaluation"]["id"]).first()
    assert feedback is not None and feedback["prompt_version"].startswith("evaluator")
    question = await Question.select().where(Question.id == turn["question"]["id"]).first()
    assert question is not None and question["prompt_version"].startswith("interviewer")
    assert len(fake_ai.requests_to("transcriptions")) == 1
    assert fake_ai.requests_to("messages") and fake_ai.requests_to("chat")


async def test_every_failing_cloud_step_falls_back_to_the_local_provider(
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    interview = await interview_with_question(cloud_client)
    fake_ai.fail("transcriptions", *[Fault.http(500)] * 10)
    # The evaluator reaches OpenAI first (malformed JSON); the interviewer reaches it after
    # Anthropic's 429s and gets the 500s.
    fake_ai.fail("chat", Fault.malformed_output(), *[Fault.http(500)] * 10)
    fake_ai.fail("messages", *[Fault.http(429, retry_after=0.01)] * 10)
    fake_ai.fail("realtime", *[Fault.slow(1.5)] * 10)

    result = result_of(await submit(interview, 1))

    assert "added an index" in result["transcription"]["text"].lower()
    assert result["evaluation"]["evaluatorModel"].startswith("local/")
    turn = result["interviewerResponse"]
    assert turn["question"]["generatedByModel"].startswith("local/")
    assert turn["audio"] is not None and turn["audio"]["durationMs"] > 0
    answer = await Transcript.select().where(Transcript.id == result["transcript"]["id"]).first()
    assert answer is not None and answer["stt_model"].startswith("local/") and answer["status"] == "COMPLETE"
    for route in ("transcriptions", "chat", "messages", "realtime"):
        assert fake_ai.requests_to(route), f"the cloud was not tried first on {route}"


async def test_when_every_evaluator_fails_the_answer_is_kept_and_a_retry_completes_it(
    cloud: Services,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    only_cloud = dataclasses.replace(
        cloud,
        providers=dataclasses.replace(
            cloud.providers, evaluator=FallbackEvaluator([Step(OpenAIEvaluator(cloud.settings))])
        ),
    )
    async with client_for(only_cloud) as client:
        interview = await interview_with_question(client)
        fake_ai.fail("chat", *[Fault.http(500)] * 10)
        async with recorded_events(only_cloud, interview.session_id) as events:
            error = error_of(await submit(interview, 1))
        assert error["extensions"]["code"] == "PROVIDER_UNAVAILABLE"
        assert "score your answer" in error["message"]

        answer = (
            await Transcript.select()
            .where((Transcript.session == interview.session_id) & (Transcript.speaker == "USER"))
            .first()
        )
        assert answer is not None and answer["status"] == "FAILED"
        assert answer["error_code"] == "PROVIDER_UNAVAILABLE" and answer["text"] == DEFAULT_TRANSCRIPT
        assert await AudioChunk.count().where(AudioChunk.session == interview.session_id) == 1
        failed = events.of("TurnFailed")
        assert [(m["sequenceNumber"], m["code"]) for m in failed] == [(1, "PROVIDER_UNAVAILABLE")]
        assert "TranscriptReady" in events.types() and "AnswerEvaluated" not in events.types()

        fake_ai.reset()
        result = result_of(await submit(interview, 1, b"new bytes are ignored: the stored audio is used"))
        assert result["transcript"]["id"] == str(answer["id"])
        assert result["evaluation"]["evaluatorModel"] == cloud.settings.openai_evaluator_model
        assert result["interviewerResponse"]["question"]["sequenceNumber"] == 2
        stored = await Transcript.select().where(Transcript.id == answer["id"]).first()
        assert stored is not None and stored["status"] == "COMPLETE" and stored["error_code"] is None
