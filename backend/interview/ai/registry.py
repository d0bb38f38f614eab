"""The one place that builds the AI providers from settings.

Each role is a fallback chain (ai/fallback.py), cloud first, local last; a cloud provider is in a
chain only when its API key is set, so with no keys everything runs offline:

    stt            OpenAI -> local Whisper
    evaluator      OpenAI -> Anthropic -> local rubric
    interviewer    Anthropic -> OpenAI -> local question bank
    tts            OpenAI (speech endpoint or Realtime, per openai_tts_mode) -> Piper -> espeak-ng
    report_writer  OpenAI -> Anthropic -> local writer

Anthropic leads the interviewer for its fast first token; OpenAI leads the rest.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from interview.ai.base import LiveTranscription
from interview.ai.errors import ProviderError
from interview.ai.fallback import (
    CircuitBreaker,
    CircuitState,
    FallbackEvaluator,
    FallbackInterviewer,
    FallbackReportWriter,
    FallbackSTT,
    FallbackTTS,
    RetryPolicy,
    Role,
    Step,
)
from interview.ai.local.evaluator import RubricEvaluator
from interview.ai.local.interviewer import QuestionBankInterviewer
from interview.ai.local.live_stt import LocalLiveTranscription, transcribe_in_parallel
from interview.ai.local.report_writer import LocalReportWriter
from interview.ai.local.stt import LocalWhisperSTT
from interview.ai.local.tts import EspeakTTS, PiperTTS
from interview.ai.speech_jobs import SpeechJobs
from interview.settings import Settings
from interview.speech.types import DecodedAudio, TranscriptionResult


@dataclass(frozen=True)
class ProviderStatus:
    """One provider's place in a role's chain, for `interview doctor` and the health page."""

    role: Role
    position: int
    provider: str
    kind: Literal["cloud", "local"]
    model: str | None
    circuit: CircuitState | None
    answers: bool | None = None
    """After `check()`: whether the cloud API answered; None when not asked (local, or describe())."""
    detail: str = ""

    def __str__(self) -> str:
        model = f" ({self.model})" if self.model and self.model != self.provider else ""
        text = f"{self.role:<13} #{self.position} {self.provider}{model} [{self.kind}]"
        if self.circuit not in (None, "closed"):
            text += f" circuit {self.circuit}"
        if self.answers is not None:
            text += " — answers" if self.answers else f" — DOES NOT ANSWER ({self.detail})"
        return text


Ping = Callable[[Settings], Awaitable[None]]


@dataclass
class Providers:
    stt: FallbackSTT
    evaluator: FallbackEvaluator
    interviewer: FallbackInterviewer
    tts: FallbackTTS
    report_writer: FallbackReportWriter
    speech_jobs: SpeechJobs
    """Where decoding, voice metrics, local Whisper and Piper run (this process or the workers)."""
    settings: Settings = field(repr=False)

    async def aclose(self) -> None:
        """Close the cloud clients' connection pools and the speech jobs' queue (at shutdown)."""
        for chain in (self.stt, self.evaluator, self.interviewer, self.tts, self.report_writer):
            await chain.aclose()
        await self.speech_jobs.aclose()

    async def transcribe_file(self, audio: DecodedAudio) -> TranscriptionResult:
        """A whole answer's speech-to-text. Offline, a file longer than STT_SEGMENT_SECONDS is cut
        at silences and its pieces transcribed at once as separate speech jobs; otherwise (or with
        a cloud STT first in the chain) the chain transcribes it in one call."""
        first = self.stt.chain.steps[0].provider
        long = audio.duration_ms > self.settings.stt_segment_seconds * 1000
        if isinstance(first, LocalWhisperSTT) and long:
            transcription, _activity = await transcribe_in_parallel(first, audio, self.settings)
            return transcription
        return await self.stt.transcribe(audio)

    def live_transcription(self) -> LiveTranscription:
        """Speech-to-text for one answer streamed in recorder chunks: an OpenAI Realtime session
        when OpenAI is configured (falling back to this STT chain if it fails), else local Whisper
        per utterance. `aclose()` it when the answer is done."""
        if self.settings.openai_api_key:
            from interview.ai.openai.realtime_stt import OpenAILiveTranscription

            return OpenAILiveTranscription(self.settings, fallback=self.stt)
        local = next(
            step.provider for step in self.stt.chain.steps if isinstance(step.provider, LocalWhisperSTT)
        )
        return LocalLiveTranscription(local, self.settings)

    def _chains(self) -> list[tuple[Role, Sequence[Step[Any]]]]:
        return [
            ("stt", self.stt.chain.steps),
            ("evaluator", self.evaluator.chain.steps),
            ("interviewer", self.interviewer.chain.steps),
            ("tts", self.tts.chain.steps),
            ("report_writer", self.report_writer.chain.steps),
        ]

    def describe(self) -> list[ProviderStatus]:
        """Every role's chain in order, with each provider's model and circuit state."""
        statuses: list[ProviderStatus] = []
        for role, steps in self._chains():
            for position, step in enumerate(steps, start=1):
                provider = step.provider
                statuses.append(
                    ProviderStatus(
                        role=role,
                        position=position,
                        provider=str(getattr(provider, "name", type(provider).__name__)),
                        kind=step.kind,
                        model=getattr(provider, "model", None) if step.kind == "cloud" else None,
                        circuit=step.breaker.state if step.breaker is not None else None,
                    )
                )
        return statuses

    async def check(self) -> list[ProviderStatus]:
        """describe(), with each configured cloud vendor asked once whether it answers."""
        pings = _vendor_pings()
        vendors = {s.provider for s in self.describe() if s.kind == "cloud" and s.provider in pings}
        results = await asyncio.gather(*(_ask(pings[v], self.settings) for v in sorted(vendors)))
        answers = dict(zip(sorted(vendors), results, strict=True))
        return [
            replace(status, answers=answers[status.provider][0], detail=answers[status.provider][1])
            if status.provider in answers
            else status
            for status in self.describe()
        ]


def _vendor_pings() -> dict[str, Ping]:
    from interview.ai.anthropic._client import PROVIDER as ANTHROPIC
    from interview.ai.anthropic._client import ping as ping_anthropic
    from interview.ai.openai._client import PROVIDER as OPENAI
    from interview.ai.openai._client import ping as ping_openai

    return {OPENAI: ping_openai, ANTHROPIC: ping_anthropic}


async def _ask(ping: Ping, settings: Settings) -> tuple[bool, str]:
    try:
        await ping(settings)
    except ProviderError as error:
        return False, str(error)
    except Exception as error:  # doctor must report, not crash, e.g. on a malformed base URL
        return False, f"{type(error).__name__}: {error}"
    return True, ""


def build_providers(
    settings: Settings,
    *,
    jobs: SpeechJobs | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Providers:
    """Every role's chain from settings (clock and sleep are injectable for tests); the local
    speech providers run through `jobs` (default: this process's speech threads)."""
    from interview.ai.local.jobs import InProcessSpeechJobs

    jobs = jobs if jobs is not None else InProcessSpeechJobs(settings)
    policy = RetryPolicy(max_retries=settings.provider_max_retries, sleep=sleep)

    def cloud(provider: Any) -> Step[Any]:
        breaker = CircuitBreaker(
            settings.circuit_breaker_failures, settings.circuit_breaker_reset_seconds, clock
        )
        return Step(provider, breaker, "cloud")

    def local(provider: Any) -> Step[Any]:
        return Step(provider, None, "local")

    openai_on, anthropic_on = bool(settings.openai_api_key), bool(settings.anthropic_api_key)
    stt: list[Step[Any]] = []
    evaluator: list[Step[Any]] = []
    interviewer: list[Step[Any]] = []
    tts: list[Step[Any]] = []
    report: list[Step[Any]] = []
    if openai_on:
        from interview.ai.openai.evaluator import OpenAIEvaluator
        from interview.ai.openai.report_writer import OpenAIReportWriter
        from interview.ai.openai.stt import OpenAISTT
        from interview.ai.openai.tts import OpenAIRealtimeTTS, OpenAISpeechTTS

        stt.append(cloud(OpenAISTT(settings)))
        evaluator.append(cloud(OpenAIEvaluator(settings)))
        speech = OpenAIRealtimeTTS if settings.openai_tts_mode == "realtime" else OpenAISpeechTTS
        tts.append(cloud(speech(settings)))
        report.append(cloud(OpenAIReportWriter(settings)))
    if anthropic_on:
        from interview.ai.anthropic.evaluator import AnthropicEvaluator
        from interview.ai.anthropic.interviewer import AnthropicInterviewer
        from interview.ai.anthropic.report_writer import AnthropicReportWriter

        evaluator.append(cloud(AnthropicEvaluator(settings)))
        interviewer.append(cloud(AnthropicInterviewer(settings)))
        report.append(cloud(AnthropicReportWriter(settings)))
    if openai_on:
        from interview.ai.openai.interviewer import OpenAIInterviewer

        interviewer.append(cloud(OpenAIInterviewer(settings)))
    stt.append(local(LocalWhisperSTT(settings, jobs)))
    evaluator.append(local(RubricEvaluator(settings)))
    interviewer.append(local(QuestionBankInterviewer(settings)))
    tts.extend([local(PiperTTS(settings, jobs)), local(EspeakTTS(settings))])
    report.append(local(LocalReportWriter(settings)))
    return Providers(
        stt=FallbackSTT(stt, policy),
        evaluator=FallbackEvaluator(evaluator, policy),
        interviewer=FallbackInterviewer(interviewer, policy),
        tts=FallbackTTS(tts, policy),
        report_writer=FallbackReportWriter(report, policy),
        speech_jobs=jobs,
        settings=settings,
    )
