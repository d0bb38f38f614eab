"""Fixtures for the cloud AI tests: the fake AI server, settings pointing at it, sample inputs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol, TypeVar

import numpy as np
import pytest
from interview.ai.base import (
    AnswerSummary,
    ConversationTurn,
    Evaluation,
    EvaluationRequest,
    InterviewContext,
    PersonaProfile,
    ReportInput,
    StarFlags,
)
from interview.settings import Settings
from interview.speech.types import DecodedAudio, VoiceMetrics, VoiceProfile

from tests.fakes.fake_ai_server import FakeAIServer
from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401


@pytest.fixture
def cloud_settings(fake_ai: FakeAIServer) -> Settings:  # noqa: F811
    """Both vendors configured and pointed at the fake server; the timeout is short but leaves room
    for a loaded CI machine (a cold first websocket took 0.6 s at load 10 on 2 cores)."""
    return Settings(
        _env_file=None,
        environment="test",
        provider_timeout_seconds=1.5,
        **fake_ai.settings_overrides(),
    )


VOICE = VoiceProfile(name="ada", speed=1.1, pitch=1.0, openai_voice="marin")
PERSONA = PersonaProfile(
    name="Ada Byron",
    title="Staff Engineer",
    style="direct and warm",
    description="Asks precise questions and digs into trade-offs.",
    voice=VOICE,
)
METRICS = VoiceMetrics(
    speech_pace=182.0,
    pause_count=3,
    longest_pause_ms=3400,
    response_latency_ms=1200,
    speaking_time_ms=60_000,
    word_count=182,
    filler_word_count=6,
    filler_words=["um", "like", "um", "you know", "uh", "um"],
    volume_level=0.4,
    volume_dbfs=-18.0,
    too_quiet=False,
    clipping=False,
    clarity_score=6.4,
)


def evaluation_request(metrics: VoiceMetrics | None = METRICS) -> EvaluationRequest:
    return EvaluationRequest(
        job_title="Backend Engineer",
        interview_type="BEHAVIORAL",
        difficulty="MEDIUM",
        question_text="Tell me about a time you disagreed with your team.",
        question_type="BEHAVIORAL",
        answer_text="Um, so I think we, like, disagreed about Kafka, and I wrote a design doc.",
        voice_metrics=metrics,
    )


def interview_context(**changes: object) -> InterviewContext:
    values: dict[str, object] = {
        "persona": PERSONA,
        "job_title": "Backend Engineer",
        "interview_type": "TECHNICAL",
        "difficulty": "MEDIUM",
        "question_number": 2,
        "total_questions": 6,
        "conversation": [
            ConversationTurn("AI", 1, "How would you design a rate limiter?"),
            ConversationTurn("USER", 2, "I would use, um, some kind of counter somewhere."),
        ],
        "last_evaluation": None,
    }
    values.update(changes)
    return InterviewContext(**values)  # type: ignore[arg-type]


def report_input() -> ReportInput:
    return ReportInput(
        job_title="Backend Engineer",
        interview_type="TECHNICAL",
        difficulty="MEDIUM",
        persona_name="Ada Byron",
        answers=[
            AnswerSummary(
                1, "How would you design a rate limiter?", "A token bucket in Redis.", None, METRICS, False
            ),
            AnswerSummary(2, "How do you shard a table?", "", None, None, True),
        ],
        averages={"overall": 6.2, "technical": 7.0, "speech_pace": 182.0, "clarity": None},
    )


def wav_audio() -> DecodedAudio:
    samples = np.zeros(16_000, dtype=np.int16)
    return DecodedAudio(samples, 16_000, "wav", "audio/wav", b"RIFF-fake-wav-bytes")


@pytest.fixture
def strong_evaluation() -> Evaluation:
    return Evaluation(
        technical=9.0,
        clarity=8.5,
        confidence=8.0,
        behavioral=8.5,
        overall=8.6,
        technical_feedback="",
        clarity_feedback="",
        confidence_feedback="",
        behavioral_feedback="",
        star=StarFlags(True, True, True, True),
        summary="Precise and complete.",
        suggestions=[],
        speech_quality=8.0,
        filler_words=[],
        model="test",
        prompt_version="test",
    )


class _HasClose(Protocol):
    async def aclose(self) -> None: ...


_Closable = TypeVar("_Closable", bound=_HasClose)


class Closer:
    """Keeps the providers a test makes, so their connection pools are closed at teardown."""

    def __init__(self) -> None:
        self.opened: list[_HasClose] = []

    def __call__(self, provider: _Closable) -> _Closable:
        self.opened.append(provider)
        return provider

    async def close_all(self) -> None:
        for provider in self.opened:
            await provider.aclose()


@pytest.fixture
async def closing() -> AsyncIterator[Closer]:
    closer = Closer()
    yield closer
    await closer.close_all()
