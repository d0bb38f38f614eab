"""A revoked token stops working on websockets already open with it (closed with 4403)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import uuid

import pytest
import uvicorn
from interview.services import Services
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, NegotiationError

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import METRICS, GraphQLWebSocket

PERSONAS = "query { personas { id } }"


async def _closed_with(ws: GraphQLWebSocket, within: float = 10) -> int | None:
    try:
        async with asyncio.timeout(within):
            await ws.socket.wait_closed()
    except TimeoutError:
        return None
    return ws.socket.close_code


async def test_signing_out_closes_open_sockets_at_once(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    codes = []
    with contextlib.suppress(ConnectionClosed):  # the helper's reader ends with the close
        async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
            metrics = await ws.subscribe(METRICS, {"id": session["id"]})
            await ws.next_payload(metrics)
            await client.data("mutation { signOut }", token=account.token)
            codes.append(await _closed_with(ws))
    assert codes == [4403]


async def test_revoking_an_api_token_closes_its_sockets(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    created = await client.data(
        'mutation { createApiToken(name: "dash", scopes: [REPORTS_READ]) { token apiToken { id } } }',
        token=account.token,
    )
    api_token = created["createApiToken"]["token"]
    codes = []
    with contextlib.suppress(ConnectionClosed):
        async with GraphQLWebSocket.open(live_server.ws_url, api_token) as ws:
            first = await ws.subscribe(PERSONAS, {})
            assert (await ws.next_payload(first))["data"]["personas"]
            await client.data(
                "mutation($id: ID!) { revokeApiToken(id: $id) }",
                {"id": created["createApiToken"]["apiToken"]["id"]},
                token=account.token,
            )
            codes.append(await _closed_with(ws))
    assert codes == [4403]


async def test_each_operation_rechecks_the_token(live_server: LiveServer, client: GraphQLClient) -> None:
    """Without the broadcast (a broker outage, say), the next operation still finds the token revoked."""
    from interview.db.tables import LoginSession

    account = await client.register()
    codes = []
    with contextlib.suppress(ConnectionClosed):
        async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
            assert (await ws.next_payload(await ws.subscribe(PERSONAS, {})))["data"]["personas"]
            await LoginSession.delete().where(LoginSession.user == uuid.UUID(account.user_id))  # no broadcast
            await ws.subscribe(PERSONAS, {})
            codes.append(await _closed_with(ws))
    assert codes == [4403]


async def test_other_users_sockets_stay_open(live_server: LiveServer, client: GraphQLClient) -> None:
    mine, theirs = await client.register(), await client.register()
    async with GraphQLWebSocket.open(live_server.ws_url, theirs.token) as ws:
        await client.data("mutation { signOut(everywhere: true) }", token=mine.token)
        await asyncio.sleep(0.5)
        operation = await ws.subscribe(PERSONAS, {})
        assert (await ws.next_payload(operation))["data"]["personas"]


async def test_production_speaks_only_graphql_transport_ws(services: Services) -> None:
    from interview.app import create_app
    from interview.cli import WEBSOCKET_IMPLEMENTATION

    settings = services.settings.model_copy(update={"environment": "production"})
    config = uvicorn.Config(
        create_app(settings, services=dataclasses.replace(services, settings=settings)),
        host="127.0.0.1",
        port=0,
        ws=WEBSOCKET_IMPLEMENTATION,
        log_config=None,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(20):
            while not server.started:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"ws://127.0.0.1:{port}/graphql"
        with pytest.raises((InvalidStatus, NegotiationError, ConnectionClosed)):
            async with connect(url, subprotocols=["graphql-ws"], open_timeout=5) as socket:  # type: ignore[list-item]
                await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
                await asyncio.wait_for(socket.recv(), 5)
        async with connect(url, subprotocols=["graphql-transport-ws"], open_timeout=5) as socket:  # type: ignore[list-item]
            await socket.send(
                json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer bad"}})
            )
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    finally:
        server.should_exit = True
        await task
