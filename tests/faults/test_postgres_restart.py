"""PostgreSQL restarted under a running API (`pg_ctlcluster ... restart`): the API process recovers
without a restart of its own, a live subscription stays open, and nothing accepted is lost.

The restarted server is a cluster of the test's own (pg_createcluster on a free port), never the
shared one other tests use.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from interview.settings import Settings

from tests.live.processes import INTERVIEW, ApiProcess, api_processes, free_port, server_environment
from tests.live.recordings import live_recording
from tests.live.test_two_processes import Http
from tests.live.test_two_processes import _account_and_session as account_and_session
from tests.live.ws import EVENTS, GraphQLWebSocket

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),
    pytest.mark.skipif(
        shutil.which("pg_createcluster") is None or os.geteuid() != 0,
        reason="needs Debian's pg_createcluster, run as root (as CI does)",
    ),
]

SUBMIT = (
    "mutation($s: ID!, $n: Int!, $audio: Upload!) {"
    " submitAnswer(sessionId: $s, sequenceNumber: $n, audio: $audio)"
    " { transcript { id text } interviewerResponse { question { id sequenceNumber } } } }"
)
SESSION = "query($id: ID!) { session(id: $id) { status transcripts { speaker text } } }"
QUESTION_CLIPS = "query($id: ID!) { session(id: $id) { questions { sequenceNumber audio { url } } } }"


@dataclass(frozen=True)
class Cluster:
    version: str
    name: str
    port: int

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def ctl(self, action: str) -> None:
        subprocess.run(["pg_ctlcluster", self.version, self.name, action], check=True, timeout=120)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    own = Cluster(version, f"faults{os.getpid()}", free_port())
    subprocess.run(
        ["pg_createcluster", version, own.name, "--port", str(own.port), "--", "--auth=trust"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        own.ctl("start")
        yield own
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, own.name], check=False, timeout=120)


@contextlib.contextmanager
def log_shown_on_failure(api: ApiProcess) -> Iterator[None]:
    """A failure shows what the API process logged (its traceback) in the test's captured output."""
    try:
        yield
    except BaseException:
        print(api.log_tail(30_000))
        raise


@pytest.fixture(scope="module")
async def api(
    cluster: Cluster, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ApiProcess]:
    admin = await asyncpg.connect(cluster.dsn("postgres"))
    await admin.execute("CREATE DATABASE interview")
    await admin.close()
    assert settings.redis_url and settings.secret_key
    env = server_environment(
        cluster.dsn("interview"),
        settings.redis_url,
        settings.secret_key,
        Path(tmp_path_factory.mktemp("api")),
    )
    for command in ("migrate", "seed"):
        await asyncio.to_thread(
            subprocess.run, [str(INTERVIEW), command], env=env, check=True, capture_output=True, timeout=120
        )
    async with api_processes(1, env) as (process,):
        yield process


async def _interview(api: Http) -> tuple[str, str]:
    token, session_id = await account_and_session(api)
    await api.data(
        "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }",
        {"id": session_id},
        token,
    )
    return token, session_id


async def test_the_api_recovers_from_a_postgres_restart_and_loses_nothing(
    cluster: Cluster, api: ApiProcess
) -> None:
    with log_shown_on_failure(api):
        recording = live_recording()
        async with httpx.AsyncClient(timeout=120) as http:
            graphql = Http(http, api)
            token, session_id = await _interview(graphql)
            first = await graphql.upload(SUBMIT, {"s": session_id, "n": 1}, recording.webm, token)
            async with GraphQLWebSocket.open(api.ws_url, token) as ws:
                operation = await ws.subscribe(EVENTS, {"id": session_id})
                assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"

                cluster.ctl("restart")  # every pooled connection of the API is now dead

                # The very first requests after the restart are answered, not failed: reads and writes.
                after: dict[str, Any] = await graphql.data(SESSION, {"id": session_id}, token)
                answers = [t["text"] for t in after["session"]["transcripts"] if t["speaker"] == "USER"]
                assert answers == [first["submitAnswer"]["transcript"]["text"]]
                second = await graphql.upload(SUBMIT, {"s": session_id, "n": 2}, recording.webm, token)
                assert second["submitAnswer"]["interviewerResponse"]["question"]["sequenceNumber"] == 3

                # The subscription opened before the restart still delivers the new turn's events.
                events = await ws.events_until(operation, "QuestionAsked", within=120)
                assert any(e["__typename"] == "TranscriptReady" for e in events)

            await graphql.data(
                "mutation($id: ID!) { endInterview(sessionId: $id) { id } }", {"id": session_id}, token
            )
            ended = await graphql.data(SESSION, {"id": session_id}, token)
        assert ended["session"]["status"] == "COMPLETED"
        assert [t["speaker"] for t in ended["session"]["transcripts"]].count("USER") == 2
        assert api.process.poll() is None, "the API process must not have restarted"


async def test_a_restart_in_the_middle_of_a_turn_keeps_the_answer(cluster: Cluster, api: ApiProcess) -> None:
    """PostgreSQL goes down while the turn runs (after the transcript, before the next question):
    the candidate still gets the turn's result, and the answer, the next question and its clip
    are stored (the writes made while the server is away wait for it: db/outage.py)."""
    with log_shown_on_failure(api):
        recording = live_recording()
        async with httpx.AsyncClient(timeout=120) as http:
            graphql = Http(http, api)
            token, session_id = await _interview(graphql)
            async with GraphQLWebSocket.open(api.ws_url, token) as ws:
                operation = await ws.subscribe(EVENTS, {"id": session_id})
                submitted = asyncio.create_task(
                    graphql.upload(SUBMIT, {"s": session_id, "n": 1}, recording.webm, token)
                )
                await ws.events_until(operation, "TranscriptReady", within=60)
                await asyncio.to_thread(cluster.ctl, "restart")
                answer = (await submitted)["submitAnswer"]
            stored = await graphql.data(SESSION, {"id": session_id}, token)
            clips = await graphql.data(QUESTION_CLIPS, {"id": session_id}, token)
        assert answer["interviewerResponse"]["question"]["sequenceNumber"] == 2
        assert [(q["sequenceNumber"], q["audio"] is not None) for q in clips["session"]["questions"]] == [
            (1, True),
            (2, True),
        ]
        turns = [(t["speaker"], t["text"]) for t in stored["session"]["transcripts"]]
        assert [speaker for speaker, _ in turns] == ["AI", "USER", "AI"]
        assert turns[1][1] == answer["transcript"]["text"]
