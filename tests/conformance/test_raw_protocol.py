"""graphql-transport-ws message by message, with the plain `websockets` library (no GraphQL client).

Each check is a sentence of the protocol document (PROTOCOL.md of graphql-ws): every message is a
JSON text frame; ping is answered with pong; the close codes 4400 (invalid message), 4401
(subscribe before connection_ack), 4408 (no connection_init in time), 4409 (a subscriber id in
use), 4429 (a second connection_init); and the contract's 4403 for a missing or bad token.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.conformance.clients import Candidate, candidate, graphql
from tests.conformance.conftest import INIT_TIMEOUT_SECONDS
from tests.live.processes import ApiProcess

pytestmark = pytest.mark.slow

PROTOCOL = "graphql-transport-ws"
EVENTS = """subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename ... on SessionStatusChanged { status } } }"""
METRICS = "subscription($id: ID!) { liveMetrics(sessionId: $id) { sessionId } }"


@asynccontextmanager
async def _socket(server: ApiProcess) -> AsyncIterator[ClientConnection]:
    async with connect(server.ws_url, subprotocols=[PROTOCOL], open_timeout=10) as socket:  # type: ignore[list-item]
        assert socket.subprotocol == PROTOCOL
        yield socket


async def _send(socket: ClientConnection, message: dict[str, Any]) -> None:
    await socket.send(json.dumps(message))


async def _receive(socket: ClientConnection, within: float = 10) -> dict[str, Any]:
    """The next message, which must be a text frame holding a JSON object."""
    frame = await asyncio.wait_for(socket.recv(), within)
    assert isinstance(frame, str), f"a binary frame: {frame!r}"
    message: dict[str, Any] = json.loads(frame)
    return message


async def _acknowledged(socket: ClientConnection, token: str) -> None:
    await _send(socket, {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    assert await _receive(socket) == {"type": "connection_ack"}


async def _close_code(socket: ClientConnection, within: float = 10) -> int:
    """The code the server closes with (after any messages still in flight)."""
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(within):
            while True:
                await socket.recv()
    assert closed.value.rcvd is not None, "the server closed without a close frame"
    return closed.value.rcvd.code


@pytest.fixture
async def interview(api_server: ApiProcess) -> Candidate:
    return await candidate(api_server)


async def test_every_message_type_in_text_frames(api_server: ApiProcess, interview: Candidate) -> None:
    async with _socket(api_server) as socket:
        await _acknowledged(socket, interview.token)

        await _send(socket, {"type": "ping"})
        assert await _receive(socket) == {"type": "pong"}
        await _send(socket, {"type": "pong"})  # an unsolicited pong is allowed and needs no answer

        await _send(
            socket,
            {
                "id": "events",
                "type": "subscribe",
                "payload": {"query": EVENTS, "variables": {"id": interview.session_id}},
            },
        )
        first = await _receive(socket)
        assert first["type"] == "next" and first["id"] == "events"
        assert first["payload"] == {"data": {"interviewEvents": {"__typename": "LiveMetricsUpdated"}}}

        await _send(socket, {"id": "bad", "type": "subscribe", "payload": {"query": "subscription { nope }"}})
        error = await _receive(socket)
        assert error["type"] == "error" and error["id"] == "bad"
        assert isinstance(error["payload"], list)
        assert error["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"

        await graphql(
            api_server,
            "mutation($id: ID!) { cancelInterview(sessionId: $id) { id } }",
            {"id": interview.session_id},
            interview.token,
        )
        assert await _receive(socket) == {
            "id": "events",
            "type": "next",
            "payload": {
                "data": {"interviewEvents": {"__typename": "SessionStatusChanged", "status": "CANCELLED"}}
            },
        }
        assert await _receive(socket) == {"id": "events", "type": "complete"}

        # An id is free again once its operation completed.
        await _send(
            socket,
            {
                "id": "events",
                "type": "subscribe",
                "payload": {"query": METRICS, "variables": {"id": interview.session_id}},
            },
        )
        assert (await _receive(socket))["type"] == "next"
        assert await _receive(socket) == {"id": "events", "type": "complete"}  # the session has ended


async def test_a_client_complete_stops_the_operation(api_server: ApiProcess, interview: Candidate) -> None:
    async with _socket(api_server) as socket:
        await _acknowledged(socket, interview.token)
        await _send(
            socket,
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": EVENTS, "variables": {"id": interview.session_id}},
            },
        )
        assert (await _receive(socket))["type"] == "next"
        await _send(socket, {"id": "1", "type": "complete"})
        await graphql(
            api_server,
            "mutation($id: ID!) { pauseInterview(sessionId: $id) { id } }",
            {"id": interview.session_id},
            interview.token,
        )
        await _send(socket, {"type": "ping"})
        assert await _receive(socket) == {"type": "pong"}  # nothing of operation 1 came before it


async def test_no_connection_init_in_time_is_4408(api_server: ApiProcess) -> None:
    async with _socket(api_server) as socket:
        assert await _close_code(socket, within=INIT_TIMEOUT_SECONDS + 5) == 4408


async def test_a_second_connection_init_is_4429(api_server: ApiProcess, interview: Candidate) -> None:
    async with _socket(api_server) as socket:
        await _acknowledged(socket, interview.token)
        await _send(socket, {"type": "connection_init", "payload": {}})
        assert await _close_code(socket) == 4429


async def test_subscribe_before_the_ack_is_4401(api_server: ApiProcess, interview: Candidate) -> None:
    async with _socket(api_server) as socket:
        await _send(
            socket,
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": EVENTS, "variables": {"id": interview.session_id}},
            },
        )
        assert await _close_code(socket) == 4401


async def test_a_subscriber_id_in_use_is_4409(api_server: ApiProcess, interview: Candidate) -> None:
    async with _socket(api_server) as socket:
        await _acknowledged(socket, interview.token)
        subscribe = {
            "id": "same",
            "type": "subscribe",
            "payload": {"query": EVENTS, "variables": {"id": interview.session_id}},
        }
        await _send(socket, subscribe)
        assert (await _receive(socket))["type"] == "next"
        await _send(socket, subscribe)
        assert await _close_code(socket) == 4409


@pytest.mark.parametrize(
    "frame",
    [
        json.dumps({"type": "no_such_type"}),
        json.dumps({"id": "1", "type": "next", "payload": {}}),  # a server-to-client message
        json.dumps({"payload": {}}),  # no type
        "this is not JSON",
        b'{"type": "ping"}',  # a binary frame
    ],
    ids=["unknown type", "server message", "no type", "not JSON", "binary"],
)
async def test_an_invalid_message_is_4400(
    api_server: ApiProcess, interview: Candidate, frame: str | bytes
) -> None:
    async with _socket(api_server) as socket:
        await _acknowledged(socket, interview.token)
        await socket.send(frame)
        assert await _close_code(socket) == 4400


@pytest.mark.parametrize(
    "payload", [{}, {"authorization": "Bearer not-a-token"}, {"authorization": "not-bearer"}]
)
async def test_a_missing_or_bad_token_is_4403(api_server: ApiProcess, payload: dict[str, str]) -> None:
    async with _socket(api_server) as socket:
        await _send(socket, {"type": "connection_init", "payload": payload})
        assert await _close_code(socket) == 4403


CREATE_TOKEN = """mutation($s: [TokenScope!]!) { createApiToken(name: "t", scopes: $s) { token } }"""


@pytest.mark.parametrize("scope", [None, "INTERVIEW", "REPORTS_READ"])
async def test_subscriptions_to_a_strangers_session_are_not_found(
    api_server: ApiProcess, interview: Candidate, scope: str | None
) -> None:
    """For a login token and each API token scope; the owner's own tokens subscribe."""
    stranger = await candidate(api_server)
    owner_token, stranger_token = interview.token, stranger.token
    if scope is not None:
        owner_token, stranger_token = [
            (await graphql(api_server, CREATE_TOKEN, {"s": [scope]}, token))["createApiToken"]["token"]
            for token in (interview.token, stranger.token)
        ]
    async with _socket(api_server) as socket:
        await _acknowledged(socket, stranger_token)
        for query in (EVENTS, METRICS):
            for session_id in (interview.session_id, "00000000-0000-0000-0000-000000000000", "nope"):
                await _send(
                    socket,
                    {
                        "id": "s",
                        "type": "subscribe",
                        "payload": {"query": query, "variables": {"id": session_id}},
                    },
                )
                message = await _receive(socket)
                errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
                assert [e["extensions"]["code"] for e in errors] == ["NOT_FOUND"], message
                if message["type"] == "next":
                    assert await _receive(socket) == {"id": "s", "type": "complete"}
    async with _socket(api_server) as socket:
        await _acknowledged(socket, owner_token)
        await _send(
            socket,
            {
                "id": "s",
                "type": "subscribe",
                "payload": {"query": METRICS, "variables": {"id": interview.session_id}},
            },
        )
        assert (await _receive(socket))["payload"] == {
            "data": {"liveMetrics": {"sessionId": interview.session_id}}
        }
