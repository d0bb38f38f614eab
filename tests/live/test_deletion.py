"""Deleting an interview or an account ends the session's open subscriptions, over a real websocket."""

from __future__ import annotations

import asyncio
from uuid import UUID

from interview.db.tables import Connection, InterviewSession

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import EVENTS, METRICS, GraphQLWebSocket
from tests.owned_rows import owned_rows

DELETE_INTERVIEW = "mutation($s: ID!) { deleteInterview(sessionId: $s) }"
DELETE_ACCOUNT = 'mutation { deleteAccount(password: "correct horse battery") }'


async def _open_connections(session_id: str) -> int:
    return await Connection.count().where(
        (Connection.session == UUID(session_id)) & Connection.closed_at.is_null()
    )


async def _subscribed(ws: GraphQLWebSocket, session_id: str) -> tuple[str, str]:
    events = await ws.subscribe(EVENTS, {"id": session_id})
    metrics = await ws.subscribe(METRICS, {"id": session_id})
    assert (await ws.event(events))["__typename"] == "LiveMetricsUpdated"
    await ws.next_payload(metrics)
    async with asyncio.timeout(10):
        while await _open_connections(session_id) < 2:  # noqa: ASYNC110 - rows are written by the server
            await asyncio.sleep(0.02)
    return events, metrics


async def _ended(ws: GraphQLWebSocket, events: str, metrics: str, session_id: str) -> None:
    final = await ws.event(events)
    assert (final["__typename"], final["sessionId"], final["status"]) == (
        "SessionStatusChanged",
        session_id,
        "CANCELLED",
    )
    assert (await ws.message(events))["type"] == "complete"
    assert (await ws.message(metrics))["type"] == "complete"


async def test_delete_interview_ends_its_subscriptions_and_leaves_no_connection(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    kept = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        events, metrics = await _subscribed(ws, session["id"])
        kept_events, _ = await _subscribed(ws, kept["id"])
        await client.data(DELETE_INTERVIEW, {"s": session["id"]}, account.token)
        await _ended(ws, events, metrics, session["id"])
        assert (
            sum(len(ids) for ids in (await owned_rows({InterviewSession: {UUID(session["id"])}})).values())
            == 0
        )
        # the same socket can no longer reach it, and the other interview's stream goes on
        again = await ws.subscribe(EVENTS, {"id": session["id"]})
        assert await ws.error_codes(again) == ["NOT_FOUND"]
        assert await _open_connections(kept["id"]) == 2
        await client.data(
            "mutation($s: ID!) { pauseInterview(sessionId: $s) { id } }", {"s": kept["id"]}, account.token
        )
        assert (await ws.event(kept_events))["status"] == "PAUSED"


async def test_delete_account_ends_the_subscriptions_of_every_interview(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    sessions = [await start_interview(client, account) for _ in range(2)]
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operations = [await _subscribed(ws, session["id"]) for session in sessions]
        await client.data(DELETE_ACCOUNT, token=account.token)
        for (events, metrics), session in zip(operations, sessions, strict=True):
            await _ended(ws, events, metrics, session["id"])
            assert await _open_connections(session["id"]) == 0
