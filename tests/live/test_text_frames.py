"""Over a real websocket: every message is a text frame, and subscribers with the same selection
share each event's rendering (one execution, one encoded payload)."""

from __future__ import annotations

import asyncio
import json

from interview.graphql.live.delivery import RENDERED
from websockets.asyncio.client import connect

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import EVENTS, PROTOCOL, GraphQLWebSocket

PAUSE = "mutation($id: ID!) { pauseInterview(sessionId: $id) { id } }"


async def test_subscribers_of_one_event_share_its_encoded_payload(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with (
        GraphQLWebSocket.open(live_server.ws_url, account.token) as first,
        GraphQLWebSocket.open(live_server.ws_url, account.token) as second,
    ):
        operations = [await ws.subscribe(EVENTS, {"id": session["id"]}) for ws in (first, second)]
        for ws, operation in zip((first, second), operations, strict=True):
            assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
        rendered = RENDERED.rendered
        await client.data(PAUSE, {"id": session["id"]}, account.token)
        events = [
            await ws.event(operation) for ws, operation in zip((first, second), operations, strict=True)
        ]
    assert [event["__typename"] for event in events] == ["SessionStatusChanged"] * 2
    assert RENDERED.rendered == rendered + 1


async def test_every_message_is_a_text_frame(live_server: LiveServer, client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with connect(live_server.ws_url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {account.token}"}})
        )
        await socket.send(json.dumps({"type": "ping"}))
        await socket.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": EVENTS, "variables": {"id": session["id"]}},
                }
            )
        )
        frames = [await asyncio.wait_for(socket.recv(), 10) for _ in range(3)]
    assert all(isinstance(frame, str) for frame in frames), frames
    assert [json.loads(frame)["type"] for frame in frames] == ["connection_ack", "pong", "next"]
