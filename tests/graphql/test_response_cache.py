"""Whole dashboard answers cached per caller, document and variables; dropped on every process as
soon as the caller's reports change."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import UUID, uuid4

import pytest
from graphql import ExecutionResult
from interview.app import create_app
from interview.db.tables import Report
from interview.graphql.response_cache import ResponseCache
from interview.services import Services

from tests.graphql_client import Account, GraphQLClient
from tests.reports.factories import completed_with_report

SCORES = "{ reports(first: 10) { edges { node { id overallScore } } } }"
MIXED = "query($id: ID!) { report(id: $id) { id overallScore } me { id } }"
SHARE = "mutation($id: ID!, $on: Boolean!) { shareReport(reportId: $id, enabled: $on) { token } }"
TOKEN = 'mutation { createApiToken(name: "dashboard", scopes: [REPORTS_READ]) { token } }'


def _result(value: int) -> ExecutionResult:
    return ExecutionResult(data={"value": value})


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_and_are_dropped_per_user() -> None:
    clock = Clock()
    cache = ResponseCache(ttl_seconds=30, clock=clock)
    alice, bob = uuid4(), uuid4()
    cache.put(alice, (alice, "q1"), _result(1), cache.generation(alice))
    cache.put(bob, (bob, "q1"), _result(2), cache.generation(bob))
    assert cache.get((alice, "q1")) is not None
    cache.clear_user(alice)
    assert cache.get((alice, "q1")) is None and cache.get((bob, "q1")) is not None
    clock.now += 31
    assert cache.get((bob, "q1")) is None and len(cache) == 0


def test_an_answer_executed_across_a_change_is_not_kept() -> None:
    cache = ResponseCache(ttl_seconds=30)
    user = uuid4()
    before = cache.generation(user)
    cache.clear_user(user)  # the reports changed while the answer was being executed
    cache.put(user, (user, "q"), _result(1), before)
    assert cache.get((user, "q")) is None
    cache.put(user, (user, "q"), _result(2), cache.generation(user))
    assert cache.get((user, "q")) is not None
    before = cache.generation(user)
    cache.clear()
    cache.put(user, (user, "q"), _result(3), before)
    assert len(cache) == 0


def test_the_oldest_entries_go_first_when_full() -> None:
    cache = ResponseCache(ttl_seconds=30, max_entries=3, max_entries_per_user=2)
    alice, bob = uuid4(), uuid4()
    for name in ("a", "b", "c"):  # one caller varying its variables replaces only its own answers
        cache.put(alice, (alice, name), _result(1), cache.generation(alice))
    assert [cache.get((alice, n)) is not None for n in ("a", "b", "c")] == [False, True, True]
    for name in ("a", "b"):
        cache.put(bob, (bob, name), _result(1), cache.generation(bob))
    assert len(cache) == 3 and cache.get((alice, "b")) is None  # the oldest of all went


async def _score(client: GraphQLClient, token: str, query: str = SCORES, **variables: str) -> float:
    data = await client.data(query, variables, token)
    if "reports" in data:
        return float(data["reports"]["edges"][0]["node"]["overallScore"])
    return float(data["report"]["overallScore"])


async def _set_score(report_id: UUID, score: float) -> None:
    """Behind the API's back: only a cached answer still shows the old score."""
    await Report.update({Report.overall_score: score}).where(Report.id == report_id)


async def _eventually(check: Callable[[], Awaitable[bool]], within: float = 5) -> None:
    for _ in range(int(within / 0.02)):
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not true within {within} s")


@pytest.fixture
async def two_apps(services: Services) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    """Two apps (two processes' worth of caches) on the suite's services and broker."""
    settings = _cached(services).settings
    async with GraphQLClient.open(create_app(settings, services=_cached(services))) as first:
        async with GraphQLClient.open(create_app(settings, services=_cached(services))) as second:
            yield first, second


@pytest.fixture
async def cached_client(services: Services) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.open(
        create_app(_cached(services).settings, services=_cached(services))
    ) as client:
        yield client


def _cached(services: Services) -> Services:
    """The suite's services with the dashboard cache on, as by default."""
    settings = services.settings.model_copy(update={"dashboard_cache_seconds": 30})
    return dataclasses.replace(services, settings=settings)


async def test_a_dashboard_answer_is_served_again_until_the_callers_reports_change(
    two_apps: tuple[GraphQLClient, GraphQLClient],
) -> None:
    first, second = two_apps
    owner: Account = await first.register("Cached Owner")
    report_id = await completed_with_report(owner.user_id, "TECHNICAL", 6.0)

    assert await _score(first, owner.token) == 6.0
    assert await _score(second, owner.token) == 6.0
    await _set_score(report_id, 8.0)
    assert await _score(first, owner.token) == 6.0  # the cached answer
    assert await _score(second, owner.token) == 6.0

    # Another caller of the same user (a dashboard's API token) has answers of its own.
    api_token = (await first.data(TOKEN, {}, owner.token))["createApiToken"]["token"]
    assert await _score(first, api_token) == 8.0
    # A query that also reads something else is never cached.
    assert await _score(first, owner.token, MIXED, id=str(report_id)) == 8.0

    # Sharing the report through the first app changes the user's reports: both apps drop them.
    await first.data(SHARE, {"id": str(report_id), "on": True}, owner.token)

    async def fresh_on_both() -> bool:
        return await _score(first, owner.token) == 8.0 and await _score(second, owner.token) == 8.0

    await _eventually(fresh_on_both)

    # Another user's change leaves this user's answers alone.
    other = await first.register("Other Owner")
    other_report = await completed_with_report(other.user_id, "TECHNICAL", 5.0)
    await _set_score(report_id, 9.0)
    await first.data(SHARE, {"id": str(other_report), "on": True}, other.token)
    await asyncio.sleep(0.3)
    assert await _score(first, owner.token) == 8.0


async def test_deleting_an_interview_drops_the_cached_list(cached_client: GraphQLClient) -> None:
    client = cached_client
    owner = await client.register("Deleting Owner")
    kept = await completed_with_report(owner.user_id, "TECHNICAL", 4.0)
    gone = await completed_with_report(owner.user_id, "TECHNICAL", 7.0)
    listed = await client.data(SCORES, {}, owner.token)
    assert len(listed["reports"]["edges"]) == 2
    session = await Report.select(Report.session).where(Report.id == gone).first()
    assert session is not None
    await client.data(
        "mutation($id: ID!) { deleteInterview(sessionId: $id) }", {"id": str(session["session"])}, owner.token
    )

    async def one_left() -> bool:
        edges = (await client.data(SCORES, {}, owner.token))["reports"]["edges"]
        return [e["node"]["id"] for e in edges] == [str(kept)]

    await _eventually(one_left)
