"""Two real API processes on one Redis: a subscriber on one sees what happens through the other."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from interview.settings import Settings

from tests.live.processes import ApiProcess, api_processes, server_environment
from tests.live.recordings import LiveRecording, live_recording
from tests.live.test_turn_events import assert_turn_in_contract_order
from tests.live.ws import EVENTS, GraphQLWebSocket

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
async def two_processes(
    settings: Settings, services: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[list[ApiProcess]]:
    assert settings.database_url and settings.redis_url and settings.secret_key
    env = server_environment(
        settings.database_url, settings.redis_url, settings.secret_key, Path(tmp_path_factory.mktemp("api"))
    )
    async with api_processes(2, env) as processes:
        yield processes


class Http:
    """GraphQL over HTTP to one process."""

    def __init__(self, http: httpx.AsyncClient, server: ApiProcess) -> None:
        self.http = http
        self.url = f"{server.http_url}/graphql"

    async def data(self, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        body = (
            await self.http.post(self.url, json={"query": query, "variables": variables}, headers=headers)
        ).json()
        assert not body.get("errors"), body
        return body["data"]

    async def upload(self, query: str, variables: dict[str, Any], content: bytes, token: str) -> Any:
        operations = {"query": query, "variables": {**variables, "audio": None}}
        response = await self.http.post(
            self.url,
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.audio"]})},
            files={"0": ("answer.webm", content, "audio/webm")},
            headers={"authorization": f"Bearer {token}"},
        )
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]


async def _account_and_session(b: Http) -> tuple[str, str]:
    import uuid

    registered = await b.data(
        'mutation($e: String!) { register(email: $e, password: "correct horse battery", displayName: "Two")'
        " { token } }",
        {"e": f"two.{uuid.uuid4().hex[:8]}@example.com"},
    )
    token = registered["register"]["token"]
    persona = (await b.data("{ personas { id } }", {}))["personas"][0]["id"]
    started = await b.data(
        'mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Backend Engineer",'
        " interviewType: TECHNICAL, difficulty: MEDIUM}) { id } }",
        {"p": persona},
        token,
    )
    return token, started["startInterview"]["id"]


async def test_status_changes_through_one_process_reach_a_subscriber_on_the_other(
    two_processes: list[ApiProcess],
) -> None:
    a, b = two_processes
    async with httpx.AsyncClient(timeout=60) as http:
        api_b = Http(http, b)
        token, session_id = await _account_and_session(api_b)
        async with GraphQLWebSocket.open(a.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
            for action in ("pauseInterview", "resumeInterview", "cancelInterview"):
                await api_b.data(
                    f"mutation($id: ID!) {{ {action}(sessionId: $id) {{ id }} }}", {"id": session_id}, token
                )
            statuses = [(await ws.event(operation))["status"] for _ in range(3)]
            assert statuses == ["PAUSED", "ACTIVE", "CANCELLED"]
            assert (await ws.message(operation))["type"] == "complete"


async def test_a_turn_submitted_through_one_process_streams_to_a_subscriber_on_the_other(
    two_processes: list[ApiProcess],
) -> None:
    recording: LiveRecording = live_recording()
    a, b = two_processes
    async with httpx.AsyncClient(timeout=120) as http:
        api_b = Http(http, b)
        token, session_id = await _account_and_session(api_b)
        await api_b.data(
            "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }",
            {"id": session_id},
            token,
        )
        async with GraphQLWebSocket.open(a.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            first = await ws.event(operation)
            assert first["__typename"] == "LiveMetricsUpdated"
            assert first["metrics"]["currentQuestionNumber"] == 1
            result = await api_b.upload(
                "mutation($s: ID!, $audio: Upload!) {"
                " submitAnswer(sessionId: $s, sequenceNumber: 1, audio: $audio)"
                " { transcript { id } interviewerResponse { question { id } } } }",
                {"s": session_id},
                recording.webm,
                token,
            )
            events = await ws.events_until(operation, "QuestionAsked", within=120)
            events.append(await ws.event(operation))
    answer = result["submitAnswer"]
    question = next(e["question"] for e in events if e["__typename"] == "QuestionAsked")
    assert question["id"] == answer["interviewerResponse"]["question"]["id"]
    assert_turn_in_contract_order(events, answer["transcript"]["id"], question)


async def test_chunks_split_between_processes_are_heard_from_the_stored_ones(
    two_processes: list[ApiProcess],
) -> None:
    # Chunks alternate between the processes: each one feeds its live transcription the stored
    # chunks it did not receive, so its meters see the whole recording so far, and the answer is
    # finished by one of them from the chunks.
    recording: LiveRecording = live_recording()
    a, b = two_processes
    append = (
        "mutation($s: ID!, $i: Int!, $audio: Upload!) {"
        " appendAnswerAudio(sessionId: $s, sequenceNumber: 1, chunkIndex: $i, audio: $audio)"
        " { silenceDurationMs currentSpeechPace } }"
    )
    async with httpx.AsyncClient(timeout=120) as http:
        apis = [Http(http, a), Http(http, b)]
        token, session_id = await _account_and_session(apis[1])
        await apis[1].data(
            "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }",
            {"id": session_id},
            token,
        )
        async with GraphQLWebSocket.open(a.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            await ws.event(operation)
            meters = [
                (await apis[index % 2].upload(append, {"s": session_id, "i": index}, chunk, token))[
                    "appendAnswerAudio"
                ]
                for index, chunk in enumerate(recording.chunks)
            ]
            partial = (await ws.events_until(operation, "PartialTranscript"))[-1]
            finished = await apis[0].data(
                "mutation($s: ID!) {"
                " finishAnswer(sessionId: $s, sequenceNumber: 1) { transcript { text } } }",
                {"s": session_id},
                token,
            )
    # The last chunk's process measured the whole recording: its closing silence shows.
    assert meters[-1]["silenceDurationMs"] >= 1000, meters
    assert "measuring" in partial["text"].lower()
    text = finished["finishAnswer"]["transcript"]["text"].lower()
    assert "measuring" in text and "index" in text, text
