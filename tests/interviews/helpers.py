"""Shared material for the answer-turn tests: spoken answers, a started interview, the mutations,
and a recorder of a session's bus events."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from interview.ai.local.tts import PiperTTS
from interview.events.bus import Message, session_channel
from interview.metric_registry import REGISTRY
from interview.services import Services
from interview.settings import Settings
from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, speak_script
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient

ANSWER_SCRIPT = AnswerScript(
    sentences=[
        "I added an index to the orders table.",
        "The latency dropped from two seconds to fifty milliseconds.",
    ],
    silences_after=[1.0],
    leading_seconds=0.5,
    trailing_seconds=0.4,
    voice=VoiceProfile(name="candidate"),
)
"""About five seconds, one pause of 1.0 s: short, so local Whisper stays quick."""

INITIAL = """
mutation($s: ID!) { initialQuestion(sessionId: $s) { question { id sequenceNumber questionText } } }
"""

SUBMIT = """
mutation($s: ID!, $a: Upload!, $n: Int!) {
  submitAnswer(sessionId: $s, audio: $a, sequenceNumber: $n) {
    transcript { id sequenceNumber speaker text feedback { id } }
    transcription { text confidence language durationMs }
    voiceMetrics { speechPace pauseCount fillerWordCount fillerWords volumeLevel clarityScore }
    evaluation { id technicalScore clarityScore confidenceScore behavioralScore overallScore evaluatorModel }
    interviewerResponse {
      question { id sequenceNumber questionText leadIn generatedByModel difficulty }
      audio { mimeType base64 durationMs }
    }
    liveMetrics {
      currentQuestionNumber questionsCompleted rollingTechnicalAvg rollingClarityAvg
      rollingConfidenceAvg rollingBehavioralAvg currentSpeechPace currentVolume estimatedTimeRemaining
    }
  }
}
"""

SKIP = """
mutation($s: ID!) {
  skipQuestion(sessionId: $s) {
    question { id sequenceNumber questionText skipped }
    audio { mimeType durationMs }
  }
}
"""

SESSION = """
query($s: ID!) {
  session(id: $s) {
    status totalResponses currentDifficulty
    questions { id sequenceNumber questionText skipped answeredAt responseTimeSeconds answerQualityScore }
    transcripts { id sequenceNumber speaker text }
  }
}
"""


@cache
def _piper() -> PiperTTS:
    settings = Settings(
        _env_file=None, data_dir=Path(tempfile.mkdtemp(prefix="turn-tests-")), environment="test"
    )  # type: ignore[call-arg]
    return PiperTTS(settings, varied=False)  # the same answer in every run


@cache
def spoken_answer(audio_format: str = "webm") -> bytes:
    """ANSWER_SCRIPT spoken by Piper and encoded as a browser would send it."""
    sample = speak_script(_piper(), ANSWER_SCRIPT)
    return encode_pcm(sample.samples, SAMPLE_RATE, audio_format)  # type: ignore[arg-type]


@cache
def silence() -> bytes:
    import numpy as np

    return encode_pcm(np.zeros(SAMPLE_RATE * 2, dtype=np.int16), SAMPLE_RATE, "webm")


@dataclass
class Interview:
    client: GraphQLClient
    account: Account
    session_id: str
    first_question: dict[str, Any]


async def interview_with_question(client: GraphQLClient, **start: Any) -> Interview:
    """A new candidate's interview with question 1 asked."""
    account = await client.register()
    session = await start_interview(client, account, **start)
    data = await client.data(INITIAL, {"s": session["id"]}, account.token)
    return Interview(client, account, session["id"], data["initialQuestion"]["question"])


async def submit(
    interview: Interview, number: int, audio: bytes | None = None, **upload: Any
) -> httpx.Response:
    return await interview.client.upload(
        SUBMIT,
        {"s": interview.session_id, "n": number},
        "a",
        spoken_answer() if audio is None else audio,
        token=interview.account.token,
        **upload,
    )


def result_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    result: dict[str, Any] = body["data"]["submitAnswer"]
    return result


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    return error


@dataclass
class EventLog:
    """Every message published on one session's channel, as a subscriber receives them."""

    messages: list[Message] = field(default_factory=list)

    def types(self) -> list[str]:
        return [m["type"] for m in self.messages]

    def first_appearance(self) -> list[str]:
        seen: list[str] = []
        for kind in self.types():
            if kind not in seen:
                seen.append(kind)
        return seen

    def of(self, kind: str) -> list[Message]:
        return [m for m in self.messages if m["type"] == kind]

    async def wait_for(self, kind: str, count: int = 1, deadline: float = 30.0) -> list[Message]:
        async with asyncio.timeout(deadline):
            while len(self.of(kind)) < count:  # noqa: ASYNC110 - the recorder task fills the log
                await asyncio.sleep(0.02)
        return self.of(kind)


@contextlib.asynccontextmanager
async def recorded_events(services: Services, session_id: str) -> AsyncIterator[EventLog]:
    """Subscribe to the session's channel on the real broker and record what arrives."""
    log = EventLog()
    async with services.broker.subscription(session_channel(session_id)) as subscription:

        async def record() -> None:
            async for message in subscription:
                log.messages.append(message)

        task = asyncio.create_task(record())
        try:
            yield log
        finally:
            await asyncio.sleep(0.1)  # let the last messages arrive
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def with_settings(services: Services, **changes: Any) -> Services:
    """The same services with some settings changed (the database and broker are shared)."""
    return dataclasses.replace(services, settings=services.settings.model_copy(update=changes))


@contextlib.asynccontextmanager
async def client_for(services: Services) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client over an app of its own built on these services."""
    from interview.app import create_app

    async with GraphQLClient.open(create_app(services.settings, services=services)) as client:
        yield client


def speculative_replies(outcome: str) -> float:
    """This process's count of speculative replies with `outcome` (started, used, discarded, skipped)."""
    return REGISTRY.get_sample_value("interview_speculative_replies_total", {"outcome": outcome}) or 0.0
