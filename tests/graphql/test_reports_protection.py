"""Protecting the reports API: read-only tokens, query cost, page size, rate limits."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
import redis.asyncio as redis
from graphql import parse
from interview.app import create_app
from interview.db.tables import InterviewSession, Report
from interview.graphql.limits import operation_cost
from interview.graphql.rate_limit import FixedWindowLimiter, MemoryCounters, RedisCounters
from interview.graphql.schema import schema
from interview.interviews.reports import end_interview
from interview.services import Services

from tests.graphql_client import Account, GraphQLClient
from tests.reports.factories import Answer, stored_interview

CREATE_TOKEN = """mutation($s: [TokenScope!]!) { createApiToken(name: "dash", scopes: $s) {
  token apiToken { id } } }"""

DEEP = """query($n: Int) { reports(first: $n) { edges { node {
  session { questions { id } transcripts { id feedback { id star { hasResult } } }
            report { bestAnswer { feedback { id } } } }
} } } }"""


async def _api_token(client: GraphQLClient, account: Account, scope: str) -> tuple[str, str]:
    created = (await client.data(CREATE_TOKEN, {"s": [scope]}, account.token))["createApiToken"]
    return created["token"], created["apiToken"]["id"]


async def test_a_reports_read_token_reads_but_cannot_mutate(
    client: GraphQLClient, services: Services
) -> None:
    owner = await client.register()
    token, token_id = await _api_token(client, owner, "REPORTS_READ")
    ended = await stored_interview(owner.user_id, [Answer()])
    report = await end_interview(
        ended.user_id, str(ended.session_id), services.providers.report_writer, services.broker
    )
    running = await stored_interview(owner.user_id, [Answer()])
    sid, rid = str(running.session_id), str(report["id"])

    reads = await client.data(
        """query($s: ID!, $e: ID!, $r: ID!) {
             sessions { totalCount } reports { totalCount edges { node { id } } }
             session(id: $s) { id status } report(id: $r) { id session { id } }
             reportBySession(sessionId: $e) { id } liveMetrics(sessionId: $s) { sessionId } }""",
        {"s": sid, "e": str(ended.session_id), "r": rid},
        token,
    )
    assert reads["sessions"]["totalCount"] == 2 and reads["reports"]["totalCount"] == 1
    assert reads["report"]["id"] == rid and reads["reportBySession"]["id"] == rid

    persona = (await client.data("{ personas { id } }"))["personas"][0]["id"]
    mutations: dict[str, tuple[str, dict[str, Any]]] = {
        "createApiToken": ('mutation { createApiToken(name: "x", scopes: [REPORTS_READ]) { token } }', {}),
        "revokeApiToken": ("mutation($id: ID!) { revokeApiToken(id: $id) }", {"id": token_id}),
        "startInterview": (
            "mutation($i: StartInterviewInput!) { startInterview(input: $i) { id } }",
            {
                "i": {
                    "personaId": persona,
                    "jobTitle": "X",
                    "interviewType": "TECHNICAL",
                    "difficulty": "EASY",
                }
            },
        ),
        "initialQuestion": (
            "mutation($s: ID!) { initialQuestion(sessionId: $s) { question { id } } }",
            {"s": sid},
        ),
        "skipQuestion": ("mutation($s: ID!) { skipQuestion(sessionId: $s) { question { id } } }", {"s": sid}),
        "pauseInterview": ("mutation($s: ID!) { pauseInterview(sessionId: $s) { id } }", {"s": sid}),
        "resumeInterview": ("mutation($s: ID!) { resumeInterview(sessionId: $s) { id } }", {"s": sid}),
        "cancelInterview": ("mutation($s: ID!) { cancelInterview(sessionId: $s) { id } }", {"s": sid}),
        "endInterview": ("mutation($s: ID!) { endInterview(sessionId: $s) { id } }", {"s": sid}),
        "shareReport": ("mutation($r: ID!) { shareReport(reportId: $r) { token } }", {"r": rid}),
    }
    for name, (query, variables) in mutations.items():
        assert await client.error_code(query, variables, token) == "FORBIDDEN", name
    upload = await client.upload(
        "mutation($s: ID!, $a: Upload!, $n: Int!) {"
        " submitAnswer(sessionId: $s, audio: $a, sequenceNumber: $n) { transcript { id } } }",
        {"s": sid, "n": 1},
        "a",
        b"RIFF....WAVEfmt ",
        filename="a.wav",
        content_type="audio/wav",
        token=token,
    )
    assert upload.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # nothing changed
    row = await InterviewSession.select(InterviewSession.status).where(
        InterviewSession.id == running.session_id
    )
    assert row[0]["status"] == "ACTIVE"
    assert await Report.count().where(Report.session == running.session_id) == 0
    stored = await Report.select(Report.share_token).where(Report.id == report["id"]).first()
    assert stored is not None and stored["share_token"] is None
    # and another user's data stays invisible to it
    stranger = await client.register()
    theirs = await stored_interview(stranger.user_id, [Answer()])
    query = "query($s: ID!) { session(id: $s) { id } }"
    assert await client.error_code(query, {"s": str(theirs.session_id)}, token) == "NOT_FOUND"


async def test_an_interview_token_may_end_and_share(client: GraphQLClient) -> None:
    owner = await client.register()
    token, _ = await _api_token(client, owner, "INTERVIEW")
    stored = await stored_interview(owner.user_id, [Answer()])
    ended = await client.data(
        "mutation($s: ID!) { endInterview(sessionId: $s) { id } }", {"s": str(stored.session_id)}, token
    )
    shared = await client.data(
        "mutation($r: ID!) { shareReport(reportId: $r) { token } }", {"r": ended["endInterview"]["id"]}, token
    )
    assert shared["shareReport"]["token"]


async def test_expensive_operations_are_rejected_before_running(client: GraphQLClient) -> None:
    account = await client.register()
    body = await client.execute(DEEP, {"n": 100}, account.token)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "expensive" in body["errors"][0]["message"] and body.get("data") is None
    cheap = await client.data(DEEP, {"n": 5}, account.token)
    assert cheap["reports"]["edges"] == []

    aliased = (
        "{ "
        + " ".join(
            f"a{i}: reports(first: 100) {{ edges {{ node {{ session {{ questions {{ id }} }} }} }} }}"
            for i in range(6)
        )
        + " }"
    )
    assert await client.error_code(aliased, token=account.token) == "GRAPHQL_VALIDATION_FAILED"


def test_cost_estimate() -> None:
    """An object costs (10 + what it selects) x how many can come back, a scalar 1, a blob its size."""
    graphql_schema = schema._schema
    assert operation_cost(graphql_schema, parse("{ me { id email } }")) == 10 + 1 + 1
    connection = "{ reports(first: 10) { totalCount edges { node { id } } } }"
    # x (itself + totalCount + edge (itself + node (itself + id)))
    assert operation_cost(graphql_schema, parse(connection)) == 10 * (10 + 1 + (10 + (10 + 1)))
    # `first` from a variable, from the variable's default, or the argument's default (20)
    query = "query($n: Int = 7) { sessions(first: $n) { edges { node { questions { id } } } } }"
    per_session = 10 + 10 + 10 + 50 * (10 + 1)  # itself, edge, node, 50 questions with an id each
    assert operation_cost(graphql_schema, parse(query), variables={"n": 3}) == 3 * per_session
    assert operation_cost(graphql_schema, parse(query)) == 7 * per_session
    assert operation_cost(graphql_schema, parse("{ sessions { edges { node { id } } } }")) == 20 * 31
    # fragments count like the fields they stand for; introspection is free
    fragment = (
        "query { sessions(first: 2) { edges { node { ...S } } } } "
        "fragment S on InterviewSession { persona { id } }"
    )
    assert operation_cost(graphql_schema, parse(fragment)) == 2 * (10 + 10 + 10 + 10 + 1)
    assert operation_cost(graphql_schema, parse("{ __schema { types { name } } }")) == 0
    # a blob costs what it may carry (about one unit per 4 bytes)
    sample = '{ personaVoiceSample(personaId: "p") { base64 mimeType } }'
    assert operation_cost(graphql_schema, parse(sample)) == 10 + 10_000 + 1


async def test_page_size_is_bounded(client: GraphQLClient) -> None:
    account = await client.register()
    for first in (101, -1):
        query = "query($n: Int) { reports(first: $n) { totalCount } }"
        assert await client.error_code(query, {"n": first}, account.token) == "BAD_USER_INPUT"


async def test_rate_limit_per_caller(client: GraphQLClient, services: Services) -> None:
    """A tiny limit on an app of its own (same database and Redis), counted in Redis per caller."""
    tiny = services.settings.model_copy(update={"rate_limit_requests": 3, "rate_limit_window_seconds": 60})
    first, second = await client.register(), await client.register()
    api_token, _ = await _api_token(client, first, "REPORTS_READ")
    app = create_app(tiny, services=dataclasses.replace(services, settings=tiny))
    async with GraphQLClient.open(app) as limited:
        assert app.state.rate_limiter is not None
        for _ in range(2):
            await limited.data("{ me { id } }", token=first.token)
        # an invalid operation counts too
        assert await limited.error_code("{ nope }", token=first.token) == "GRAPHQL_VALIDATION_FAILED"
        response = await limited.http.post(
            "/graphql", json={"query": "{ me { id } }"}, headers={"authorization": f"Bearer {first.token}"}
        )
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert 1 <= error["extensions"]["retryAfter"] <= 60
        assert response.headers["retry-after"] == str(error["extensions"]["retryAfter"])
        assert response.json()["data"] is None
        # other callers have their own budget: another user, and an API token of the same user
        assert (await limited.data("{ me { id } }", token=second.token))["me"]["id"] == second.user_id
        assert (await limited.data("{ reports { totalCount } }", token=api_token))["reports"][
            "totalCount"
        ] == 0


@pytest.mark.parametrize("kind", ["memory", "redis"])
async def test_windows_reset(kind: str, services: Services) -> None:
    now = itertools.count(start=1_000_000.0, step=0.0)
    clock_value = [next(now)]

    def clock() -> float:
        return clock_value[0]

    redis_url = services.settings.redis_url
    assert redis_url is not None
    limiter = (
        FixedWindowLimiter(MemoryCounters(), 2, 10, clock)
        if kind == "memory"
        else FixedWindowLimiter(RedisCounters(redis_url), 2, 10, clock)
    )
    key = f"test-{kind}-{id(limiter)}"
    try:
        assert await limiter.hit(key) is None and await limiter.hit(key) is None
        assert await limiter.hit(key) == 10.0  # window [1_000_000, 1_000_010)
        clock_value[0] += 9.5
        assert await limiter.hit(key) == pytest.approx(0.5)
        clock_value[0] += 0.5  # the next window
        assert await limiter.hit(key) is None
        assert await limiter.hit("someone-else") is None
        if kind == "redis":  # a window's count is forgotten a second after the window
            client = redis.from_url(redis_url)
            try:
                ttl = await client.ttl(f"ratelimit:{key}:{int(clock_value[0] // 10)}")
                assert 0 < ttl <= 11
                await client.script_flush()  # a Redis restarted without our script
                assert await limiter.hit(key) is None and await limiter.hit(key) == pytest.approx(10.0)
            finally:
                await client.aclose()
    finally:
        await limiter.close()
