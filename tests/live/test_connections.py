"""Each live subscription is a `connections` row: opened, kept alive by heartbeats, closed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from interview.db.tables import Connection

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import HEARTBEAT_SECONDS, LiveServer
from tests.live.ws import EVENTS, METRICS, GraphQLWebSocket


async def _rows(session_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Connection.select().where(Connection.session == UUID(session_id)).order_by(Connection.opened_at)
    )
    return rows


async def _wait_for(condition: Any, session_id: str, within: float = 10) -> list[dict[str, Any]]:
    async with asyncio.timeout(within):
        while True:
            rows = await _rows(session_id)
            if condition(rows):
                return rows
            await asyncio.sleep(0.05)


async def test_a_subscription_is_recorded_kept_alive_and_closed_when_the_client_leaves(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        await ws.event(operation)
        [opened] = await _rows(session["id"])
        assert opened["operation"] == "interviewEvents"
        assert str(opened["user"]) == account.user_id
        assert opened["process_id"] == live_server.services.process_id
        assert opened["closed_at"] is None
        await asyncio.sleep(HEARTBEAT_SECONDS * 4)
        [beating] = await _rows(session["id"])
        assert beating["closed_at"] is None
        assert beating["last_heartbeat_at"] > opened["last_heartbeat_at"]
    # The socket is gone without a "complete": the server notices and closes the row.
    [closed] = await _wait_for(lambda rows: rows[0]["closed_at"] is not None, session["id"])
    assert closed["closed_at"] >= beating["last_heartbeat_at"]
    last_beat = closed["last_heartbeat_at"]
    await asyncio.sleep(HEARTBEAT_SECONDS * 3)
    [after] = await _rows(session["id"])
    assert after["last_heartbeat_at"] == last_beat, "no heartbeats after closing"


async def test_completing_an_operation_or_the_session_closes_its_row(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        events = await ws.subscribe(EVENTS, {"id": session["id"]})
        metrics = await ws.subscribe(METRICS, {"id": session["id"]})
        await ws.event(events)
        await ws.next_payload(metrics)
        rows = await _rows(session["id"])
        assert sorted(row["operation"] for row in rows) == ["interviewEvents", "liveMetrics"]
        await ws.complete(metrics)  # the client stops one operation; the socket stays open
        rows = await _wait_for(
            lambda rows: [r["operation"] for r in rows if r["closed_at"] is not None] == ["liveMetrics"],
            session["id"],
        )
        await client.data(
            "mutation($id: ID!) { cancelInterview(sessionId: $id) { id } }",
            {"id": session["id"]},
            account.token,
        )
        assert (await ws.event(events))["status"] == "CANCELLED"
        assert (await ws.message(events))["type"] == "complete"
        rows = await _wait_for(lambda rows: all(r["closed_at"] is not None for r in rows), session["id"])
    assert len(rows) == 2


async def test_a_rejected_subscription_leaves_no_row(live_server: LiveServer, client: GraphQLClient) -> None:
    owner = await client.register()
    stranger = await client.register()
    session = await start_interview(client, owner)
    async with GraphQLWebSocket.open(live_server.ws_url, stranger.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        assert await ws.error_codes(operation) == ["NOT_FOUND"]
    assert await _rows(session["id"]) == []


async def test_rows_left_open_by_a_dead_process_are_closed_at_their_last_heartbeat(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    last_beat = datetime.now(UTC) - timedelta(minutes=5)
    dead = Connection(
        user=UUID(account.user_id),
        session=UUID(session["id"]),
        operation="interviewEvents",
        process_id="crashed-host:1234",
        opened_at=last_beat - timedelta(minutes=1),
        last_heartbeat_at=last_beat,
    )
    await dead.save()
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        await ws.event(operation)
        rows = await _wait_for(
            lambda rows: any(r["process_id"] == "crashed-host:1234" and r["closed_at"] for r in rows),
            session["id"],
        )
        live = [r for r in rows if r["process_id"] == live_server.services.process_id]
        assert [r["closed_at"] for r in live] == [None]
    [closed] = [r for r in rows if r["process_id"] == "crashed-host:1234"]
    assert closed["closed_at"] == closed["last_heartbeat_at"] == last_beat
