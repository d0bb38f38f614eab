"""build_providers: which chains exist for which keys, doctor's view, and end-to-end fallbacks to
the real local providers."""

from __future__ import annotations

import asyncio

from interview.ai.base import ask
from interview.ai.registry import Providers, build_providers
from interview.settings import Settings

from tests.ai.conftest import Closer, evaluation_request, interview_context, report_input
from tests.fakes.fake_ai_server import FakeAIServer, Fault


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def no_wait(seconds: float) -> None:
    await asyncio.sleep(0)


def chains(providers: Providers) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for status in providers.describe():
        found.setdefault(status.role, []).append(f"{status.provider}:{status.kind}")
    return found


async def test_without_keys_everything_is_local(closing: Closer) -> None:
    providers = closing(build_providers(Settings(_env_file=None, environment="test")))

    assert all(status.kind == "local" for status in providers.describe())
    assert chains(providers)["tts"] == ["local/piper-en_US-joe-medium:local", "local/espeak-ng:local"]
    assert chains(providers)["interviewer"] == ["local/question-bank:local"]


async def test_with_both_keys_the_chains_are_in_order(closing: Closer, cloud_settings: Settings) -> None:
    providers = closing(build_providers(cloud_settings))

    assert {role: names[:-1] for role, names in chains(providers).items() if role != "tts"} == {
        "stt": ["openai:cloud"],
        "evaluator": ["openai:cloud", "anthropic:cloud"],
        "interviewer": ["anthropic:cloud", "openai:cloud"],
        "report_writer": ["openai:cloud", "anthropic:cloud"],
    }
    assert chains(providers)["tts"][0] == "openai:cloud"
    models = {(s.role, s.position): s.model for s in providers.describe()}
    assert models[("evaluator", 1)] == "gpt-6-luna" and models[("interviewer", 1)] == "claude-haiku-5-5"
    assert models[("tts", 1)] == "gpt-realtime-2.1-mini", "realtime is the default TTS mode"
    assert all(s.circuit == "closed" for s in providers.describe() if s.kind == "cloud")
    first_evaluator = next(s for s in providers.describe() if s.role == "evaluator")
    assert str(first_evaluator) == "evaluator     #1 openai (gpt-6-luna) [cloud]"


async def test_speech_mode_and_anthropic_only(closing: Closer, cloud_settings: Settings) -> None:
    speech = closing(build_providers(cloud_settings.model_copy(update={"openai_tts_mode": "speech"})))
    assert next(s.model for s in speech.describe() if s.role == "tts") == "gpt-4o-mini-tts"

    only_anthropic = closing(build_providers(cloud_settings.model_copy(update={"openai_api_key": None})))
    found = chains(only_anthropic)
    assert found["stt"] == ["local/whisper-tiny.en:local"]
    assert found["interviewer"] == ["anthropic:cloud", "local/question-bank:local"]
    assert found["evaluator"] == ["anthropic:cloud", "local/rubric:local"]


async def test_check_asks_each_cloud_vendor_once(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    statuses = await closing(build_providers(cloud_settings)).check()

    cloud = [s for s in statuses if s.kind == "cloud"]
    assert cloud and all(s.answers is True for s in cloud)
    assert all(s.answers is None for s in statuses if s.kind == "local")
    assert sorted(r.vendor for r in fake_ai.requests_to("models")) == ["anthropic", "openai"]


async def test_check_reports_a_vendor_that_does_not_answer(closing: Closer, cloud_settings: Settings) -> None:
    closed = cloud_settings.model_copy(update={"openai_base_url": "http://127.0.0.1:9/v1"})

    statuses = await closing(build_providers(closed)).check()

    openai_rows = [s for s in statuses if s.provider == "openai"]
    assert openai_rows and all(s.answers is False for s in openai_rows)
    assert "DOES NOT ANSWER (openai: could not be reached" in str(openai_rows[0])
    assert all(s.answers for s in statuses if s.provider == "anthropic")


async def test_evaluator_ends_at_the_real_local_rubric(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    settings = cloud_settings.model_copy(update={"provider_max_retries": 1})
    providers = closing(build_providers(settings, sleep=no_wait))
    fake_ai.fail("chat", Fault.http(500), Fault.http(500))
    fake_ai.fail("messages", Fault.http(529), Fault.malformed_output())

    evaluation = await providers.evaluator.evaluate(evaluation_request())

    assert evaluation.model == "local/rubric"
    assert len(fake_ai.requests_to("chat")) == 2 and len(fake_ai.requests_to("messages")) == 2


async def test_breaker_settings_are_wired(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    clock = Clock()
    settings = cloud_settings.model_copy(
        update={"provider_max_retries": 0, "circuit_breaker_failures": 1, "circuit_breaker_reset_seconds": 60}
    )
    providers = closing(build_providers(settings, clock=clock, sleep=no_wait))
    fake_ai.fail("chat", Fault.http(503))

    first = await providers.evaluator.evaluate(evaluation_request())
    second = await providers.evaluator.evaluate(evaluation_request())

    assert first.model == second.model == "claude-haiku-5-5"
    assert len(fake_ai.requests_to("chat")) == 1
    assert [s.circuit for s in providers.describe() if s.role == "evaluator"][:2] == ["open", "closed"]
    clock.now = 60
    assert (await providers.evaluator.evaluate(evaluation_request())).model == "gpt-6-luna"


async def test_interviewer_and_report_writer_reach_the_local_last_resort(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    settings = cloud_settings.model_copy(update={"provider_max_retries": 0})
    providers = closing(build_providers(settings, sleep=no_wait))
    fake_ai.fail("messages", Fault.http(503), Fault.http(503))
    fake_ai.fail("chat", Fault.http(503), Fault.http(503))

    question = await ask(providers.interviewer, interview_context())
    narrative = await providers.report_writer.write(report_input())

    assert question.model == "local/question-bank" and question.text
    assert narrative.model.startswith("local")


async def test_live_transcription_is_local_without_keys_and_a_realtime_session_with_openai(
    closing: Closer, cloud_settings: Settings
) -> None:
    from interview.ai.local.live_stt import LocalLiveTranscription
    from interview.ai.openai.realtime_stt import OpenAILiveTranscription

    offline = closing(build_providers(Settings(_env_file=None, environment="test")))
    cloud = closing(build_providers(cloud_settings))

    local_live = offline.live_transcription()
    cloud_live = cloud.live_transcription()
    try:
        assert isinstance(local_live, LocalLiveTranscription)
        assert isinstance(cloud_live, OpenAILiveTranscription)
    finally:
        await local_live.aclose()
        await cloud_live.aclose()
