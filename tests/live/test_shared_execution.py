"""Subscribers of one session share each event's execution (graphql/live/shared_execution.py)."""

from __future__ import annotations

import asyncio
import contextlib
from uuid import UUID

from interview.db.tables import Transcript as TranscriptTable
from interview.graphql.live.shared_execution import SharedEventResults
from interview.interviews.events import TranscriptReady, publish

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import GraphQLWebSocket
from tests.reports.query_count import counted_queries

WITH_FEEDBACK = """
subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename ... on TranscriptReady { transcript { id text feedback { id } } }
} }
"""
OTHER_SELECTION = """
subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename ... on TranscriptReady { transcript { id feedback { id } } }
} }
"""


async def test_one_event_is_executed_once_for_subscribers_with_the_same_selection(
    live_server: LiveServer, client: GraphQLClient
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    answer = TranscriptTable(
        session=UUID(session["id"]), sequence_number=1, speaker="USER", speaker_name="Me", text="An answer."
    )
    await answer.save()
    row = await TranscriptTable.select().where(TranscriptTable.id == answer.id).first()
    async with contextlib.AsyncExitStack() as stack:
        sockets = [
            await stack.enter_async_context(GraphQLWebSocket.open(live_server.ws_url, account.token))
            for _ in range(4)
        ]
        queries = [WITH_FEEDBACK, WITH_FEEDBACK, WITH_FEEDBACK, OTHER_SELECTION]
        pairs = zip(sockets, queries, strict=True)
        operations = [await ws.subscribe(query, {"id": session["id"]}) for ws, query in pairs]
        for ws, operation in zip(sockets, operations, strict=True):
            assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
        async with counted_queries(live_server.services.database.engine) as statements:
            await publish(
                live_server.services.broker, TranscriptReady(session_id=session["id"], transcript=row)
            )
            received = [await ws.event(op) for ws, op in zip(sockets, operations, strict=True)]
    assert [event["transcript"]["id"] for event in received] == [str(answer.id)] * 4
    assert received[0] == received[1] == received[2]
    assert "text" not in received[3]["transcript"]
    feedback_loads = [s for s in statements if "feedback" in s.lower()]
    # One load for the three identical selections, one for the other selection.
    assert len(feedback_loads) == 2, statements


async def test_the_same_event_and_key_run_once_another_event_runs_again() -> None:
    results = SharedEventResults(size=2)
    runs: list[str] = []

    def run(name: str) -> str:
        runs.append(name)
        return name

    first, second = object(), object()
    assert results.get_or_run(first, "key", lambda: run("a")) == "a"  # type: ignore[arg-type,return-value,comparison-overlap]
    assert results.get_or_run(first, "key", lambda: run("b")) == "a"  # type: ignore[arg-type,return-value,comparison-overlap]
    assert results.get_or_run(second, "key", lambda: run("c")) == "c"  # type: ignore[arg-type,return-value,comparison-overlap]
    assert runs == ["a", "c"]


async def test_a_subscriber_that_leaves_does_not_cancel_the_shared_execution() -> None:
    results = SharedEventResults()
    event = object()
    release = asyncio.Event()

    async def slow() -> str:
        await release.wait()
        return "done"

    leaving = asyncio.ensure_future(results.get_or_run(event, "k", slow))  # type: ignore[arg-type]
    staying = asyncio.ensure_future(results.get_or_run(event, "k", slow))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    leaving.cancel()
    release.set()
    assert await staying == "done"
    assert leaving.cancelled()
