"""The chain behind each AI role: retries with jitter, a circuit breaker per provider, then the next.

Every chain implements the same protocol as the providers it wraps, so callers never know whether
OpenAI, Anthropic or the local model answered (the result's `model` says).

- Retries: only errors marked `retryable` (429, 5xx, timeouts, refused connections) are retried,
  `policy.max_retries` times, sleeping a "full jitter" delay, uniform(0, min(cap, base * 2**n))
  (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015). A Retry-After the provider sent
  is honoured when it is short; a long one sends us to the next provider at once, since a
  candidate is waiting.
- Circuit breaker: after `failures` consecutive failed calls a provider is skipped for
  `reset_seconds`; then one trial call is let through (half-open): success closes the circuit,
  failure opens it again. Local last resorts get no breaker: they are always tried.
- When every provider failed: `interview.errors.ProviderUnavailable` (code PROVIDER_UNAVAILABLE)
  with a sentence a candidate understands.
- Streaming interviewer: a failure before the first delta falls back like any call. A failure
  after some deltas were yielded cannot be unsaid, so the whole question is taken from the rest of
  the chain (without streaming) and yielded as the NextQuestion; consumers treat
  `NextQuestion.text` as the truth and replace what they showed or spoke from the deltas.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

import structlog

from interview import errors
from interview.ai.base import (
    Evaluation,
    EvaluationRequest,
    Evaluator,
    InterviewContext,
    Interviewer,
    NextQuestion,
    ReportInput,
    ReportNarrative,
    ReportWriter,
    SpeechToText,
    SynthesizedSpeech,
    TextDelta,
    TextToSpeech,
    ask,
)
from interview.ai.errors import ProviderBadResponse, ProviderError
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceProfile

log = structlog.get_logger("interview.ai")

P = TypeVar("P")
R = TypeVar("R")
Role = Literal["stt", "evaluator", "interviewer", "tts", "report_writer"]
CircuitState = Literal["closed", "open", "half_open"]

UNAVAILABLE_MESSAGES: dict[Role, str] = {
    "stt": "We could not turn your answer into text right now. Please try again in a minute.",
    "evaluator": "We could not score your answer right now. Please try again in a minute.",
    "interviewer": (
        "The interviewer could not prepare the next question right now. Please try again in a minute."
    ),
    "tts": "The interviewer's voice is unavailable right now. Please try again in a minute.",
    "report_writer": "We could not write your report right now. Please try again in a minute.",
}


@dataclass
class RetryPolicy:
    """How often and how long to retry one provider before moving on."""

    max_retries: int = 2
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_retry_after: float = 3.0
    """A Retry-After longer than this is not waited for: the next provider is tried instead."""
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = random.random
    """Uniform 0..1; injectable so tests can pin the delays."""

    def delay(self, retry: int, error: ProviderError) -> float | None:
        """Seconds to wait before retry number `retry` (0-based), or None to give up on this provider."""
        if retry >= self.max_retries or not error.retryable:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        return self.jitter() * min(self.max_delay, self.base_delay * 2.0**retry)


class CircuitBreaker:
    """Consecutive-failure breaker with a half-open trial; the clock is injectable for tests."""

    def __init__(
        self, failures: int, reset_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures_to_open = max(1, failures)
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> CircuitState:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.reset_seconds:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        """Whether a call may go through now (in half-open, only one trial at a time)."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def release(self) -> None:
        """End a half-open trial that neither succeeded nor failed (cancelled, or the caller's own
        error), so the next call may try again instead of the circuit staying stuck."""
        self._trial_running = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._trial_running or self._failures >= self.failures_to_open:
            self._opened_at = self._clock()
        self._trial_running = False


@dataclass
class Step(Generic[P]):
    """One provider in a chain, with its breaker (None: always tried, e.g. a local last resort)."""

    provider: P
    breaker: CircuitBreaker | None = None
    kind: Literal["cloud", "local"] = "cloud"


def _name(provider: object) -> str:
    return str(getattr(provider, "name", type(provider).__name__))


def _model(provider: object) -> str | None:
    model = getattr(provider, "model", None)
    return str(model) if model is not None else None


@dataclass
class _Chain(Generic[P]):
    role: Role
    steps: Sequence[Step[P]]
    policy: RetryPolicy = field(default_factory=RetryPolicy)

    async def run(self, call: Callable[[P], Awaitable[R]]) -> R:
        """The first provider's answer that does not fail, trying them in order."""
        failures: list[str] = []
        for step in self.steps:
            if step.breaker is not None and not step.breaker.allow():
                log.info("ai_attempt", role=self.role, provider=_name(step.provider), outcome="circuit_open")
                failures.append(f"{_name(step.provider)}: circuit open")
                continue
            retry = 0
            while True:
                started = time.perf_counter()
                try:
                    result = await call(step.provider)
                except (errors.AppError, asyncio.CancelledError):
                    _release(step)
                    raise
                except Exception as error:
                    wait = _log_failure(self.role, step, retry, started, error, self.policy)
                    if wait is not None:
                        await self.policy.sleep(wait)
                        retry += 1
                        continue
                    if step.breaker is not None:
                        step.breaker.record_failure()
                    failures.append(str(error))
                    break
                _log_success(self.role, step, retry, started)
                if step.breaker is not None:
                    step.breaker.record_success()
                return result
        log.warning("ai_unavailable", role=self.role, failures=failures)
        raise errors.ProviderUnavailable(UNAVAILABLE_MESSAGES[self.role])


def _log_success(role: Role, step: Step[P], retry: int, started: float) -> None:
    log.info(
        "ai_attempt",
        role=role,
        provider=_name(step.provider),
        model=_model(step.provider),
        attempt=retry + 1,
        outcome="ok",
        elapsed_ms=round((time.perf_counter() - started) * 1000),
    )


def _log_failure(
    role: Role, step: Step[P], retry: int, started: float, error: Exception, policy: RetryPolicy
) -> float | None:
    """Log a failed attempt; the seconds to wait before retrying it, or None to move on."""
    wait = policy.delay(retry, error) if isinstance(error, ProviderError) else None
    log.warning(
        "ai_attempt",
        role=role,
        provider=_name(step.provider),
        model=_model(step.provider),
        attempt=retry + 1,
        outcome="retry" if wait is not None else "failed",
        error_type=type(error).__name__,
        error=str(error),
        retry_in_s=round(wait, 3) if wait is not None else None,
        elapsed_ms=round((time.perf_counter() - started) * 1000),
        exc_info=not isinstance(error, ProviderError),
    )
    return wait


def _release(step: Step[P]) -> None:
    if step.breaker is not None:
        step.breaker.release()


async def _close(stream: object) -> None:
    """Close a provider's async generator now rather than whenever it is garbage collected."""
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        await aclose()


def _chain_name(steps: Sequence[Step[P]]) -> str:
    return " > ".join(_name(step.provider) for step in steps)


class _Role(Generic[P]):
    """What every chain has: its steps, a readable name, and closing its providers."""

    def __init__(self, role: Role, steps: Sequence[Step[P]], policy: RetryPolicy | None) -> None:
        self.chain = _Chain(role, steps, policy or RetryPolicy())
        self.name = _chain_name(steps)

    async def aclose(self) -> None:
        """Close every provider that holds connections (cloud clients)."""
        for step in self.chain.steps:
            await _close(step.provider)


class FallbackSTT(_Role[SpeechToText]):
    def __init__(self, steps: Sequence[Step[SpeechToText]], policy: RetryPolicy | None = None) -> None:
        super().__init__("stt", steps, policy)

    async def transcribe(self, audio: DecodedAudio) -> TranscriptionResult:
        return await self.chain.run(lambda provider: provider.transcribe(audio))


class FallbackEvaluator(_Role[Evaluator]):
    def __init__(self, steps: Sequence[Step[Evaluator]], policy: RetryPolicy | None = None) -> None:
        super().__init__("evaluator", steps, policy)

    async def evaluate(self, request: EvaluationRequest) -> Evaluation:
        return await self.chain.run(lambda provider: provider.evaluate(request))


class FallbackTTS(_Role[TextToSpeech]):
    def __init__(self, steps: Sequence[Step[TextToSpeech]], policy: RetryPolicy | None = None) -> None:
        super().__init__("tts", steps, policy)

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        return await self.chain.run(lambda provider: provider.synthesize(text, voice))


class FallbackReportWriter(_Role[ReportWriter]):
    def __init__(self, steps: Sequence[Step[ReportWriter]], policy: RetryPolicy | None = None) -> None:
        super().__init__("report_writer", steps, policy)

    async def write(self, report: ReportInput) -> ReportNarrative:
        return await self.chain.run(lambda provider: provider.write(report))


class FallbackInterviewer(_Role[Interviewer]):
    """Streams from the first provider that starts; see the module docstring for mid-stream failures."""

    def __init__(self, steps: Sequence[Step[Interviewer]], policy: RetryPolicy | None = None) -> None:
        super().__init__("interviewer", steps, policy)

    async def stream_question(
        self, context: InterviewContext
    ) -> AsyncGenerator[TextDelta | NextQuestion, None]:
        steps, policy = self.chain.steps, self.chain.policy
        for index, step in enumerate(steps):
            if step.breaker is not None and not step.breaker.allow():
                log.info(
                    "ai_attempt", role="interviewer", provider=_name(step.provider), outcome="circuit_open"
                )
                continue
            retry = 0
            while True:
                started = time.perf_counter()
                streamed = False
                stream = step.provider.stream_question(context)
                try:
                    final: NextQuestion | None = None
                    async for item in stream:
                        if isinstance(item, TextDelta):
                            streamed = True
                            yield item
                        else:
                            final = item
                    if final is None:
                        raise ProviderBadResponse(_name(step.provider), "ended its stream without a question")
                except (errors.AppError, asyncio.CancelledError, GeneratorExit):
                    _release(step)  # the consumer stopped listening, or it was the caller's error
                    raise
                except Exception as error:
                    wait = (
                        None if streamed else _log_failure("interviewer", step, retry, started, error, policy)
                    )
                    if wait is not None:
                        await policy.sleep(wait)
                        retry += 1
                        continue
                    if step.breaker is not None:
                        step.breaker.record_failure()
                    if streamed:
                        _log_failure("interviewer", step, retry, started, error, RetryPolicy(max_retries=0))
                        log.warning("ai_stream_replaced", role="interviewer", provider=_name(step.provider))
                        rest = _Chain("interviewer", steps[index + 1 :], policy)
                        yield await rest.run(lambda provider: ask(provider, context))
                        return
                    break
                finally:
                    await _close(stream)
                _log_success("interviewer", step, retry, started)
                if step.breaker is not None:
                    step.breaker.record_success()
                yield final
                return
        log.warning("ai_unavailable", role="interviewer")
        raise errors.ProviderUnavailable(UNAVAILABLE_MESSAGES["interviewer"])
