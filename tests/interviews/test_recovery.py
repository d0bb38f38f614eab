"""Crash recovery with real server processes: an answer whose process was killed mid-turn is
finished by the next process from its stored audio."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from interview.db.tables import Feedback, Question, Transcript
from interview.services import Services

from tests.fakes.fake_ai_server import FakeAIServer
from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401
from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import SUBMIT, interview_with_question, spoken_answer

pytestmark = pytest.mark.slow

INTERVIEW_BIN = Path(sys.executable).with_name("interview")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def _server(services: Services, fake: FakeAIServer, port: int) -> Iterator[subprocess.Popen[bytes]]:
    settings = services.settings
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "SECRET_KEY": settings.secret_key or "",
        "ENVIRONMENT": "test",
        "DATA_DIR": tempfile.mkdtemp(prefix="recovery-"),
        "OPENAI_API_KEY": "sk-fake-openai",
        "OPENAI_BASE_URL": fake.openai_base_url,
        "ANTHROPIC_API_KEY": "sk-ant-fake",
        "ANTHROPIC_BASE_URL": fake.anthropic_base_url,
        "PROVIDER_TIMEOUT_SECONDS": "120",
        "TURN_RECOVERY_GRACE_SECONDS": "1",
        "TURN_RECOVERY_INTERVAL_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [str(INTERVIEW_BIN), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=env["DATA_DIR"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.asynccontextmanager
async def _client(port: int) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
        async with asyncio.timeout(60):
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get("/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.2)
        yield GraphQLClient(http)


async def _answer_status(session_id: str) -> str | None:
    row = await _answer_row(session_id)
    return None if row is None else str(row["status"])


async def _answer_row(session_id: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await Transcript.select(Transcript.status, Transcript.turn_attempts)
        .where((Transcript.session == session_id) & (Transcript.speaker == "USER"))
        .first()
    )
    return row


async def test_an_answer_interrupted_by_a_crash_is_finished_by_the_next_process(
    services: Services,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    port = _free_port()
    with _server(services, fake_ai, port) as first:
        async with _client(port) as client:
            interview = await interview_with_question(client)
            fake_ai.latency.first_token_seconds = 60.0  # evaluation and question hang: the turn is mid-way
            submitting = asyncio.create_task(
                client.upload(
                    SUBMIT,
                    {"s": interview.session_id, "n": 1},
                    "a",
                    spoken_answer(),
                    token=interview.account.token,
                )
            )
            async with asyncio.timeout(30):
                while await _answer_status(interview.session_id) != "TRANSCRIBED":  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            with contextlib.suppress(httpx.HTTPError):
                await submitting
    killed = await _answer_row(interview.session_id)
    assert killed is not None and killed["status"] == "TRANSCRIBED"
    assert killed["turn_attempts"] == 1  # counted before the run: the crash cannot undo it

    fake_ai.latency.first_token_seconds = 0.0
    with _server(services, fake_ai, port):
        async with _client(port):
            async with asyncio.timeout(60):
                while await _answer_status(interview.session_id) != "COMPLETE":  # noqa: ASYNC110
                    await asyncio.sleep(0.1)

    answer = (
        await Transcript.select()
        .where((Transcript.session == interview.session_id) & (Transcript.speaker == "USER"))
        .first()
    )
    assert answer is not None and answer["error_code"] is None
    assert answer["turn_attempts"] == 2
    feedback = await Feedback.select().where(Feedback.transcript == answer["id"]).first()
    assert feedback is not None and feedback["evaluator_model"] == services.settings.openai_evaluator_model
    questions = (
        await Question.select()
        .where(Question.session == interview.session_id)
        .order_by(Question.sequence_number)
    )
    assert [q["sequence_number"] for q in questions] == [1, 2]
    assert questions[0]["answered_at"] is not None
    assert await Transcript.count().where(Transcript.session == interview.session_id) == 3
