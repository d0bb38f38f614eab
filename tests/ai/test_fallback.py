"""The fallback chains: retries with jitter, circuit breakers, the next provider, streaming rules.

Cloud steps are the real vendor classes talking to the fake server through the real SDKs; the
"local" last resorts are small in-test implementations of the protocols.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from interview import errors
from interview.ai.anthropic.evaluator import AnthropicEvaluator
from interview.ai.anthropic.interviewer import AnthropicInterviewer
from interview.ai.base import (
    Evaluation,
    EvaluationRequest,
    Evaluator,
    InterviewContext,
    NextQuestion,
    ReportInput,
    ReportNarrative,
    StarFlags,
    SynthesizedSpeech,
    TextDelta,
)
from interview.ai.errors import ProviderUnavailable
from interview.ai.fallback import (
    CircuitBreaker,
    FallbackEvaluator,
    FallbackInterviewer,
    FallbackReportWriter,
    FallbackSTT,
    FallbackTTS,
    RetryPolicy,
    Step,
)
from interview.ai.openai.evaluator import OpenAIEvaluator
from interview.ai.openai.interviewer import OpenAIInterviewer
from interview.ai.openai.report_writer import OpenAIReportWriter
from interview.ai.openai.stt import OpenAISTT
from interview.ai.openai.tts import OpenAIRealtimeTTS
from interview.settings import Settings
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceProfile
from structlog.testing import capture_logs

from tests.ai.conftest import VOICE, Closer, evaluation_request, interview_context, report_input, wav_audio
from tests.fakes.fake_ai_server import FakeAIServer, Fault


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps:
    """Records the delays asked for instead of waiting them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


class LastResortEvaluator:
    name = "local/test-rubric"
    model = "test-rubric"

    def __init__(self) -> None:
        self.calls = 0

    async def evaluate(self, request: EvaluationRequest) -> Evaluation:
        self.calls += 1
        return Evaluation(
            5,
            5,
            5,
            5,
            5,
            "",
            "",
            "",
            "",
            StarFlags(False, False, False, False),
            "local",
            [],
            5,
            [],
            self.model,
            "local.v1",
        )


class LastResortInterviewer:
    name = "local/test-bank"

    async def stream_question(self, context: InterviewContext) -> AsyncIterator[TextDelta | NextQuestion]:
        yield TextDelta("What is a hash map?")
        yield NextQuestion(
            "What is a hash map?", "TECHNICAL", context.difficulty, False, "bank", "bank.v1", "q1"
        )


class LastResortSTT:
    name = "local/test-whisper"

    async def transcribe(self, audio: DecodedAudio) -> TranscriptionResult:
        return TranscriptionResult("local words", [], "en", 0.9, audio.duration_ms, "tiny.en")


class LastResortTTS:
    name = "local/test-voice"

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        return SynthesizedSpeech(b"RIFF", "audio/wav", 100, "test-voice")


class LastResortWriter:
    name = "local/test-writer"

    async def write(self, report: ReportInput) -> ReportNarrative:
        return ReportNarrative(["local"], [], [], [], [], [], "test-writer", "local.v1")


class UserMistake:
    name = "local/strict"

    async def evaluate(self, request: EvaluationRequest) -> Evaluation:
        raise errors.BadUserInput("The answer is empty.")


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def policy(sleeps: Sleeps) -> RetryPolicy:
    return RetryPolicy(max_retries=2, base_delay=0.25, max_delay=4.0, sleep=sleeps, jitter=lambda: 0.5)


def evaluator_chain(
    closing: Closer, settings: Settings, policy: RetryPolicy, *breakers: CircuitBreaker | None
) -> tuple[FallbackEvaluator, LastResortEvaluator]:
    last = LastResortEvaluator()
    b = [*breakers, None, None][:2]
    steps: list[Step[Evaluator]] = [
        Step(closing(OpenAIEvaluator(settings)), b[0]),
        Step(closing(AnthropicEvaluator(settings)), b[1]),
        Step(last, None, "local"),
    ]
    return FallbackEvaluator(steps, policy), last


# --- retries ---------------------------------------------------------------------------


async def test_retries_with_full_jitter_then_succeeds(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy, sleeps: Sleeps
) -> None:
    fake_ai.fail("chat", Fault.http(500), Fault.http(429))
    chain, last = evaluator_chain(closing, cloud_settings, policy)

    with capture_logs() as logs:
        evaluation = await chain.evaluate(evaluation_request())

    assert evaluation.model == "gpt-6-luna"
    assert len(fake_ai.requests_to("chat")) == 3
    assert sleeps.waits == [0.5 * 0.25, 0.5 * 0.5], "uniform(0, base * 2**n), here with jitter pinned at 0.5"
    outcomes = [entry["outcome"] for entry in logs if entry["event"] == "ai_attempt"]
    assert outcomes == ["retry", "retry", "ok"]
    assert fake_ai.requests_to("messages") == [] and last.calls == 0


def test_jitter_delay_is_capped() -> None:
    policy = RetryPolicy(max_retries=10, base_delay=1.0, max_delay=4.0, jitter=lambda: 1.0)
    error = ProviderUnavailable("openai", "server error (500)")

    assert [policy.delay(n, error) for n in range(5)] == [1.0, 2.0, 4.0, 4.0, 4.0]
    assert policy.delay(10, error) is None


async def test_a_short_retry_after_is_honoured(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy, sleeps: Sleeps
) -> None:
    fake_ai.fail("chat", Fault.http(429, retry_after=0.05))
    chain, _ = evaluator_chain(closing, cloud_settings, policy)

    evaluation = await chain.evaluate(evaluation_request())

    assert sleeps.waits == [0.05]
    assert evaluation.model == "gpt-6-luna"


async def test_a_long_retry_after_moves_on_to_the_next_provider(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy, sleeps: Sleeps
) -> None:
    fake_ai.fail("chat", Fault.http(429, retry_after=30))
    chain, _ = evaluator_chain(closing, cloud_settings, policy)

    evaluation = await chain.evaluate(evaluation_request())

    assert sleeps.waits == []
    assert len(fake_ai.requests_to("chat")) == 1
    assert evaluation.model == "claude-haiku-5-5"


async def test_openai_then_anthropic_then_local(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy
) -> None:
    fake_ai.fail("chat", *[Fault.http(503)] * 3)
    fake_ai.fail("messages", Fault.slow(3), Fault.http(529), Fault.http(500))
    chain, last = evaluator_chain(closing, cloud_settings, policy)

    evaluation = await chain.evaluate(evaluation_request())

    assert evaluation.model == "test-rubric" and last.calls == 1
    assert len(fake_ai.requests_to("chat")) == 3 and len(fake_ai.requests_to("messages")) == 3


async def test_a_bad_response_is_not_retried_but_falls_back(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy, sleeps: Sleeps
) -> None:
    fake_ai.fail("chat", Fault.malformed_output())
    chain, _ = evaluator_chain(closing, cloud_settings, policy)

    evaluation = await chain.evaluate(evaluation_request())

    assert len(fake_ai.requests_to("chat")) == 1 and sleeps.waits == []
    assert evaluation.model == "claude-haiku-5-5"


async def test_when_every_provider_fails_the_candidate_gets_a_plain_message(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy
) -> None:
    fake_ai.fail("chat", *[Fault.http(500)] * 3)
    fake_ai.fail("messages", Fault.http(401))
    chain = FallbackEvaluator(
        [Step(closing(OpenAIEvaluator(cloud_settings))), Step(closing(AnthropicEvaluator(cloud_settings)))],
        policy,
    )

    with capture_logs() as logs, pytest.raises(errors.ProviderUnavailable) as raised:
        await chain.evaluate(evaluation_request())

    assert raised.value.extensions["code"] == "PROVIDER_UNAVAILABLE"
    assert raised.value.message == "We could not score your answer right now. Please try again in a minute."
    assert any(entry["event"] == "ai_unavailable" for entry in logs)


async def test_an_app_error_is_not_a_provider_failure(policy: RetryPolicy) -> None:
    last = LastResortEvaluator()
    chain = FallbackEvaluator([Step(UserMistake()), Step(last, None, "local")], policy)

    with pytest.raises(errors.BadUserInput):
        await chain.evaluate(evaluation_request())

    assert last.calls == 0


# --- circuit breaker -------------------------------------------------------------------


def state_of(breaker: CircuitBreaker) -> str:
    """The state read afresh (a plain function, so the type checker does not narrow it)."""
    return breaker.state


def test_breaker_opens_half_opens_and_closes() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=2, reset_seconds=30, clock=clock)

    breaker.record_failure()
    assert state_of(breaker) == "closed" and breaker.allow()
    breaker.record_failure()
    assert state_of(breaker) == "open" and not breaker.allow()
    clock.now += 29.9
    assert not breaker.allow()
    clock.now += 0.1
    assert state_of(breaker) == "half_open"
    assert breaker.allow(), "one trial call"
    assert not breaker.allow(), "only one trial at a time"
    breaker.record_failure()
    assert state_of(breaker) == "open", "a failed trial opens it again at once"
    clock.now += 30
    assert breaker.allow()
    breaker.record_success()
    assert state_of(breaker) == "closed" and breaker.allow()


async def test_an_open_circuit_skips_the_provider_until_reset(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, sleeps: Sleeps
) -> None:
    clock = Clock()
    openai_breaker = CircuitBreaker(failures=2, reset_seconds=30, clock=clock)
    policy = RetryPolicy(max_retries=0, sleep=sleeps)
    chain, _ = evaluator_chain(closing, cloud_settings, policy, openai_breaker)
    fake_ai.fail("chat", Fault.http(500), Fault.http(500))

    for _ in range(2):
        assert (await chain.evaluate(evaluation_request())).model == "claude-haiku-5-5"
    assert state_of(openai_breaker) == "open"

    with capture_logs() as logs:
        assert (await chain.evaluate(evaluation_request())).model == "claude-haiku-5-5"
    assert len(fake_ai.requests_to("chat")) == 2, "the open circuit kept OpenAI from being called"
    assert logs[0]["outcome"] == "circuit_open"

    clock.now += 30
    assert (await chain.evaluate(evaluation_request())).model == "gpt-6-luna", "half-open trial succeeds"
    assert state_of(openai_breaker) == "closed"
    assert len(fake_ai.requests_to("chat")) == 3


# --- streaming interviewer -------------------------------------------------------------


async def _stream(chain: FallbackInterviewer, context: InterviewContext) -> tuple[list[str], NextQuestion]:
    deltas: list[str] = []
    finals: list[NextQuestion] = []
    async for item in chain.stream_question(context):
        if isinstance(item, TextDelta):
            deltas.append(item.text)
        else:
            finals.append(item)
    assert len(finals) == 1, "exactly one NextQuestion"
    return deltas, finals[0]


def interviewer_chain(closing: Closer, settings: Settings, policy: RetryPolicy) -> FallbackInterviewer:
    return FallbackInterviewer(
        [
            Step(closing(AnthropicInterviewer(settings))),
            Step(closing(OpenAIInterviewer(settings))),
            Step(LastResortInterviewer(), None, "local"),
        ],
        policy,
    )


async def test_interviewer_falls_back_before_the_first_delta(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy, sleeps: Sleeps
) -> None:
    fake_ai.fail("messages", Fault.http(429, retry_after=0.01), Fault.http(400))

    deltas, question = await _stream(interviewer_chain(closing, cloud_settings, policy), interview_context())

    assert sleeps.waits == [0.01]
    assert question.model == "gpt-6-luna"
    assert "".join(deltas) == question.text, "only the provider that answered streamed"


async def test_interviewer_failure_mid_stream_takes_the_whole_question_from_the_next(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy, sleeps: Sleeps
) -> None:
    fake_ai.fail("messages", Fault.break_stream(after_chunks=3))

    with capture_logs() as logs:
        deltas, question = await _stream(
            interviewer_chain(closing, cloud_settings, policy), interview_context()
        )

    assert "".join(deltas) == "Tell me", "what Anthropic streamed before the drop"
    assert question.model == "gpt-6-luna"
    assert question.text == "Tell me about a time you had to debug a production incident under pressure."
    assert len(fake_ai.requests_to("messages")) == 1, "a stream that already spoke is not retried"
    assert sleeps.waits == []
    assert any(entry["event"] == "ai_stream_replaced" for entry in logs)


async def test_interviewer_last_resort_when_the_cloud_is_down(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, sleeps: Sleeps
) -> None:
    fake_ai.fail("messages", Fault.http(503))
    fake_ai.fail("chat", Fault.http(503))
    chain = interviewer_chain(closing, cloud_settings, RetryPolicy(max_retries=0, sleep=sleeps))

    deltas, question = await _stream(chain, interview_context())

    assert deltas == ["What is a hash map?"] and question.bank_id == "q1"


async def test_interviewer_all_down_is_provider_unavailable(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, sleeps: Sleeps
) -> None:
    fake_ai.fail("messages", Fault.http(503))
    chain = FallbackInterviewer(
        [Step(closing(AnthropicInterviewer(cloud_settings)))], RetryPolicy(max_retries=0, sleep=sleeps)
    )

    with pytest.raises(errors.ProviderUnavailable, match="next question"):
        await _stream(chain, interview_context())


# --- the other roles -------------------------------------------------------------------


async def test_stt_falls_back_to_local(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy
) -> None:
    fake_ai.fail("transcriptions", *[Fault.http(503)] * 3)
    chain = FallbackSTT(
        [Step(closing(OpenAISTT(cloud_settings))), Step(LastResortSTT(), None, "local")], policy
    )

    result = await chain.transcribe(wav_audio())

    assert result.text == "local words" and len(fake_ai.requests_to("transcriptions")) == 3
    assert chain.name == "openai > local/test-whisper"


async def test_tts_realtime_retries_then_answers(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy
) -> None:
    fake_ai.fail("realtime", Fault.http(429, retry_after=0.01))
    chain = FallbackTTS(
        [Step(closing(OpenAIRealtimeTTS(cloud_settings))), Step(LastResortTTS(), None, "local")], policy
    )

    speech = await chain.synthesize("Hello, welcome.", VOICE)

    assert speech.model == "gpt-realtime-2.1-mini" and len(fake_ai.requests_to("realtime")) == 2


async def test_tts_falls_back_to_local(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy
) -> None:
    fake_ai.fail("realtime", Fault.ws_error("invalid_voice"))
    chain = FallbackTTS(
        [Step(closing(OpenAIRealtimeTTS(cloud_settings))), Step(LastResortTTS(), None, "local")], policy
    )

    speech = await chain.synthesize("Hello, welcome.", VOICE)

    assert speech.model == "test-voice" and len(fake_ai.requests_to("realtime")) == 1


async def test_report_writer_falls_back(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, policy: RetryPolicy
) -> None:
    fake_ai.fail("chat", Fault.malformed_body())
    writer = FallbackReportWriter(
        [Step(closing(OpenAIReportWriter(cloud_settings))), Step(LastResortWriter(), None, "local")], policy
    )

    narrative = await writer.write(replace(report_input(), persona_name="Grace"))

    assert narrative.model == "test-writer"


async def test_a_cancelled_half_open_trial_does_not_leave_the_circuit_stuck(policy: RetryPolicy) -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=1, reset_seconds=5, clock=clock)
    breaker.record_failure()
    clock.now += 5

    class Hangs:
        name = "cloud/hangs"

        async def evaluate(self, request: EvaluationRequest) -> Evaluation:
            await asyncio.sleep(10)
            raise AssertionError("cancelled before this")

    chain = FallbackEvaluator([Step(Hangs(), breaker)], policy)
    task = asyncio.create_task(chain.evaluate(evaluation_request()))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert state_of(breaker) == "half_open" and breaker.allow(), "the next call gets the trial"


async def test_a_consumer_that_stops_listening_releases_the_trial(policy: RetryPolicy) -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=1, reset_seconds=5, clock=clock)
    breaker.record_failure()
    clock.now += 5
    chain = FallbackInterviewer([Step(LastResortInterviewer(), breaker)], policy)

    stream = chain.stream_question(interview_context())
    assert isinstance(await anext(stream), TextDelta)
    await stream.aclose()

    assert breaker.allow(), "the abandoned trial was released"
