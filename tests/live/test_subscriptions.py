"""interviewEvents and liveMetrics over a real websocket through the real app."""

from __future__ import annotations

import asyncio

import pytest
from websockets.exceptions import ConnectionClosed

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import EVENTS, METRICS, GraphQLWebSocket

TRANSITION = "mutation($id: ID!) { %s(sessionId: $id) { id status } }"


async def test_a_websocket_without_a_valid_token_is_closed_with_4403(live_server: LiveServer) -> None:
    for token in (None, "not-a-token"):
        with pytest.raises(ConnectionClosed) as closed:
            async with GraphQLWebSocket.open(live_server.ws_url, token):
                pass
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4403


async def test_a_foreign_or_unknown_session_is_not_found(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    owner = await client.register("Owner")
    stranger = await client.register("Stranger")
    session = await start_interview(client, owner)
    async with GraphQLWebSocket.open(live_server.ws_url, stranger.token) as ws:
        for query in (EVENTS, METRICS):
            for session_id in (session["id"], "00000000-0000-0000-0000-000000000000", "nope"):
                operation = await ws.subscribe(query, {"id": session_id})
                assert await ws.error_codes(operation) == ["NOT_FOUND"]


async def test_the_first_event_is_the_current_live_metrics(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        first = await ws.event(operation)
    assert first["__typename"] == "LiveMetricsUpdated"
    assert first["sessionId"] == session["id"]
    assert first["metrics"]["sessionId"] == session["id"]
    assert first["metrics"]["currentQuestionNumber"] == 0
    assert first["metrics"]["questionsCompleted"] == 0


async def test_pause_resume_and_cancel_are_relayed_and_cancel_completes(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        events = await ws.subscribe(EVENTS, {"id": session["id"]})
        metrics = await ws.subscribe(METRICS, {"id": session["id"]})
        assert (await ws.event(events))["__typename"] == "LiveMetricsUpdated"
        current = (await ws.next_payload(metrics))["data"]["liveMetrics"]
        assert current["sessionId"] == session["id"]
        for action in ("pauseInterview", "resumeInterview", "cancelInterview"):
            await client.data(TRANSITION % action, {"id": session["id"]}, account.token)
        statuses = [await ws.event(events) for _ in range(3)]
        assert [(e["__typename"], e["status"]) for e in statuses] == [
            ("SessionStatusChanged", "PAUSED"),
            ("SessionStatusChanged", "ACTIVE"),
            ("SessionStatusChanged", "CANCELLED"),
        ]
        assert all(e["sessionId"] == session["id"] for e in statuses)
        assert (await ws.message(events))["type"] == "complete"
        assert (await ws.message(metrics))["type"] == "complete"


async def test_a_finished_session_completes_right_after_the_current_metrics(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    await client.data(TRANSITION % "cancelInterview", {"id": session["id"]}, account.token)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
        assert (await ws.message(operation))["type"] == "complete"


async def test_a_reports_read_token_may_listen(live_server: LiveServer, client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    data = await client.data(
        'mutation { createApiToken(name: "dash", scopes: [REPORTS_READ]) { token } }', token=account.token
    )
    async with GraphQLWebSocket.open(live_server.ws_url, data["createApiToken"]["token"]) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"


async def test_ending_yields_the_report_then_completed_and_completes(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session["id"]})
        assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
        ended = await client.data(
            "mutation($id: ID!) { endInterview(sessionId: $id) { id } }", {"id": session["id"]}, account.token
        )
        report, status = await ws.event(operation), await ws.event(operation)
        assert (await ws.message(operation))["type"] == "complete"
    assert report["__typename"] == "ReportReady"
    assert report["report"]["id"] == ended["endInterview"]["id"]
    assert (status["__typename"], status["status"]) == ("SessionStatusChanged", "COMPLETED")


async def test_only_the_graphql_path_takes_websockets(live_server: LiveServer) -> None:
    """GraphQL websockets skip the HTTP middleware and routing (app.InterviewApp); others still route."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    elsewhere = live_server.ws_url.replace("/graphql", "/graphql/other")
    with pytest.raises(InvalidStatus) as refused:
        async with connect(elsewhere, subprotocols=["graphql-transport-ws"]):  # type: ignore[list-item]
            pass
    assert refused.value.response.status_code == 403


async def test_a_lost_broker_connection_ends_subscriptions_with_resubscribe(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    """Events published while Redis is away are lost: the client is told so instead of missing them."""
    from interview.events.redis import RedisBroker
    from redis.asyncio import Redis

    broker = live_server.services.broker
    assert isinstance(broker, RedisBroker)
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        events = await ws.subscribe(EVENTS, {"id": session["id"]})
        metrics = await ws.subscribe(METRICS, {"id": session["id"]})
        assert (await ws.event(events))["__typename"] == "LiveMetricsUpdated"
        await ws.next_payload(metrics)
        reconnects = broker.reconnects
        admin = Redis.from_url(broker.url)
        try:
            ours = [
                c["id"]
                for c in await admin.client_list()
                if c.get("name") == "interview-events-sub" and int(c.get("sub", 0)) > 0
            ]
            for client_id in ours:
                await admin.client_kill_filter(_id=client_id)
        finally:
            await admin.aclose()
        for operation in (events, metrics):
            message = await ws.message(operation)
            errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
            assert errors[0]["extensions"] == {"code": "INTERNAL", "resubscribe": True}
            assert "Subscribe again" in errors[0]["message"]
        # Subscribing again works once the broker is back, starting from the current state.
        async with asyncio.timeout(10):
            while broker.reconnects == reconnects or not broker.connected:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        again = await ws.subscribe(EVENTS, {"id": session["id"]})
        assert (await ws.event(again))["__typename"] == "LiveMetricsUpdated"
        await client.data(TRANSITION % "pauseInterview", {"id": session["id"]}, account.token)
        assert (await ws.event(again))["__typename"] == "SessionStatusChanged"
