"""Events sent straight to websocket subscribers (graphql/live/delivery.py), over a real server.

Subscribers share an event's rendering only when their results cannot differ: each still gets
exactly the fields (and aliases) it selected, an error stays with the subscriber it concerns, and
an open subscription holds no more memory after thousands of events than after a few.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import tracemalloc
from typing import Any
from uuid import UUID

from interview.graphql.live.delivery import RENDERED
from interview.interviews.events import TurnFailed, publish

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import GraphQLWebSocket

MESSAGE = (
    "subscription($id: ID!) { interviewEvents(sessionId: $id) { __typename ... on TurnFailed { message } } }"
)
NUMBERED = (
    "subscription($id: ID!) { interviewEvents(sessionId: $id) {"
    " __typename ... on TurnFailed { sequenceNumber code } } }"
)
ALIASED = (
    "subscription($id: ID!) { events: interviewEvents(sessionId: $id) {"
    " kind: __typename ... on TurnFailed { why: message } } }"
)


async def _subscribed(
    stack: contextlib.AsyncExitStack, server: LiveServer, account: Account, session_id: str, query: str
) -> tuple[GraphQLWebSocket, str]:
    """A new socket subscribed to the session, its first (current state) message read."""
    ws = await stack.enter_async_context(GraphQLWebSocket.open(server.ws_url, account.token))
    operation = await ws.subscribe(query, {"id": session_id})
    assert (await ws.next_payload(operation))["data"]
    return ws, operation


async def _failure(server: LiveServer, session_id: str, sequence_number: int, message: str) -> None:
    event = TurnFailed(
        session_id=UUID(session_id), sequence_number=sequence_number, code="STT_FAILED", message=message
    )
    await publish(server.services.broker, event)


async def test_each_subscriber_gets_its_own_selection_and_aliases(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with contextlib.AsyncExitStack() as stack:
        queries = [MESSAGE, MESSAGE, NUMBERED, ALIASED]
        subscribers = [await _subscribed(stack, live_server, account, session["id"], q) for q in queries]
        rendered = RENDERED.rendered
        await _failure(live_server, session["id"], 4, "Say that again")
        payloads = [await ws.next_payload(operation) for ws, operation in subscribers]
    failure = {"__typename": "TurnFailed"}
    assert payloads == [
        {"data": {"interviewEvents": {**failure, "message": "Say that again"}}},
        {"data": {"interviewEvents": {**failure, "message": "Say that again"}}},
        {"data": {"interviewEvents": {**failure, "sequenceNumber": 4, "code": "STT_FAILED"}}},
        {"data": {"events": {"kind": "TurnFailed", "why": "Say that again"}}},
    ]
    assert RENDERED.rendered == rendered + 3  # the two identical selections shared one rendering


async def test_an_error_stays_with_the_subscriber_it_concerns(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    """A sequence number beyond 32 bits cannot be an Int: an error for those who select it only,
    each with its own request id; the others get the event as usual."""
    account = await client.register()
    session = await start_interview(client, account)
    async with contextlib.AsyncExitStack() as stack:
        clean = await _subscribed(stack, live_server, account, session["id"], MESSAGE)
        failing = [await _subscribed(stack, live_server, account, session["id"], NUMBERED) for _ in range(2)]
        await _failure(live_server, session["id"], 2**40, "Too long")
        clean_payload = await clean[0].next_payload(clean[1])
        messages = [await ws.message(operation) for ws, operation in failing]
        # Each subscription goes on after the error: the next event arrives as usual.
        await _failure(live_server, session["id"], 5, "Again")
        after = [await ws.next_payload(operation) for ws, operation in failing]
    assert clean_payload == {"data": {"interviewEvents": {"__typename": "TurnFailed", "message": "Too long"}}}
    errors: list[dict[str, Any]] = [message["payload"]["errors"][0] for message in messages]
    assert all(message["payload"]["data"] is None for message in messages)
    assert [error["extensions"]["code"] for error in errors] == ["INTERNAL", "INTERNAL"]
    assert errors[0]["extensions"]["requestId"] != errors[1]["extensions"]["requestId"]
    assert [payload["data"]["interviewEvents"]["sequenceNumber"] for payload in after] == [5, 5]


async def test_a_subscription_holds_no_more_memory_after_many_events(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    """Before, each event left about 1 KB per subscription in the executor's memo tables."""
    account = await client.register()
    session = await start_interview(client, account)
    async with contextlib.AsyncExitStack() as stack:
        subscribers = [
            await _subscribed(stack, live_server, account, session["id"], query)
            for query in (MESSAGE, NUMBERED)
        ]

        async def events(count: int, start: int) -> None:
            for number in range(start, start + count):
                await _failure(live_server, session["id"], number, f"event {number}")
                for ws, operation in subscribers:
                    await ws.next_payload(operation)

        tracemalloc.start()
        try:
            # Past the size of every bounded cache on the way, so that they hold only traced blocks.
            await events(1200, 0)
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            await events(1000, 1200)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    # The process's caches are full already; what is left is noise (the test's own client too).
    assert grown < 200_000, f"{grown:,} bytes more after 1,000 events"


async def test_callers_with_other_rights_do_not_share_a_rendering(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    """An API token reading reports and the login token of the same user: resolvers may decide
    differently for them, so each gets a rendering of its own even for the same selection."""
    account = await client.register()
    session = await start_interview(client, account)
    created = await client.data(
        'mutation($s: [TokenScope!]!) { createApiToken(name: "dashboard", scopes: $s) { token } }',
        {"s": ["REPORTS_READ"]},
        account.token,
    )
    dashboard = dataclasses.replace(account, token=created["createApiToken"]["token"])
    async with contextlib.AsyncExitStack() as stack:
        subscribers = [
            await _subscribed(stack, live_server, caller, session["id"], MESSAGE)
            for caller in (account, dashboard, dashboard)
        ]
        rendered = RENDERED.rendered
        await _failure(live_server, session["id"], 1, "Once more")
        payloads = [await ws.next_payload(operation) for ws, operation in subscribers]
    assert all(payload == payloads[0] for payload in payloads)
    assert RENDERED.rendered == rendered + 2
