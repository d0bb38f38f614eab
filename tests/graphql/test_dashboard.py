"""The dashboard API: reports and sessions connections, report lookups, and no N+1 queries."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
from interview.interviews.reports import end_interview
from interview.services import Services

from tests.graphql_client import Account, GraphQLClient
from tests.reports.factories import SKIPPED, Answer, stored_interview
from tests.reports.query_count import counted_queries

PAGE = """query($first: Int, $after: String, $type: InterviewType) {
  reports(first: $first, after: $after, interviewType: $type) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id overallScore percentileRank comparedToCount createdAt
      session { id jobTitle interviewType persona { id name }
                questions { id sequenceNumber questionText }
                transcripts { id speaker text feedback { id overallScore star { hasResult } } } }
      bestAnswer { id text feedback { overallScore } }
      worstAnswer { id text }
    } }
  }
}"""

LIST = """query($first: Int, $after: String, $type: InterviewType) {
  reports(first: $first, after: $after, interviewType: $type) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id overallScore session { jobTitle persona { name } } bestAnswer { text } } }
  }
}"""

MAX_QUERIES_PER_PAGE = 12
"""Auth, page, count, sessions, personas, questions, transcripts, feedback, best/worst, percentile."""


@dataclass
class Dashboard:
    account: Account
    report_ids: list[str]
    """Newest first."""
    types: dict[str, str]


@pytest.fixture(scope="module")
async def dashboard(client: GraphQLClient, services: Services) -> Dashboard:
    """A user with 50 ended interviews (two answers and a skipped question each), alternating types."""
    account = await client.register("Dashboard")
    writer, broker = services.providers.report_writer, services.broker
    ids: list[str] = []
    types: dict[str, str] = {}
    for index in range(50):
        kind = "TECHNICAL" if index % 2 else "BEHAVIORAL"
        score = 3.0 + (index % 7)
        stored = await stored_interview(
            account.user_id,
            [Answer(scores=(score, score, score, score)), Answer(scores=(score + 1, 6.0, 6.0, 6.0)), SKIPPED],
            kind,  # type: ignore[arg-type]
            job_title=f"Role {index}",
        )
        report = await end_interview(stored.user_id, str(stored.session_id), writer, broker)
        ids.append(str(report["id"]))
        types[str(report["id"])] = kind
    return Dashboard(account=account, report_ids=list(reversed(ids)), types=types)


async def _page(client: GraphQLClient, token: str, query: str = PAGE, **variables: Any) -> dict[str, Any]:
    data: dict[str, Any] = (await client.data(query, variables, token))["reports"]
    return data


async def test_a_page_costs_a_constant_number_of_queries(
    client: GraphQLClient, services: Services, dashboard: Dashboard
) -> None:
    token = dashboard.account.token
    await _page(client, token, first=5)  # warm up
    counts: dict[int, int] = {}
    for first in (5, 50):
        async with counted_queries(services.database.engine) as statements:
            page = await _page(client, token, first=first)
        assert len(page["edges"]) == first
        node = page["edges"][0]["node"]
        assert node["session"]["persona"]["name"] and len(node["session"]["questions"]) == 3
        assert [t["speaker"] for t in node["session"]["transcripts"]].count("USER") == 2
        assert node["bestAnswer"]["feedback"]["overallScore"] is not None
        counts[first] = len(statements)
    assert counts[50] <= MAX_QUERIES_PER_PAGE, counts
    # independent of the page size (every nested field is batched); the DataLoaders may split one
    # kind over two batches depending on timing, hence the slack of one
    assert abs(counts[50] - counts[5]) <= 1, counts


async def test_a_page_resolves_its_nested_fields_without_a_task_per_report(
    client: GraphQLClient, dashboard: Dashboard
) -> None:
    """Sessions, personas and best answers are fetched for the whole page beforehand, so their
    fields answer synchronously: the tasks of a page do not grow with its size."""
    loop = asyncio.get_running_loop()
    original = loop.get_task_factory()
    created = 0

    def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Future[Any]:
        nonlocal created
        created += 1
        return original(loop, coro, **kwargs) if original else asyncio.Task(coro, loop=loop, **kwargs)

    tasks: dict[int, int] = {}
    loop.set_task_factory(counting)
    try:
        for first in (5, 50):
            await _page(client, dashboard.account.token, LIST, first=first)  # warm up
            created = 0
            page = await _page(client, dashboard.account.token, LIST, first=first)
            assert page["edges"][0]["node"]["session"]["persona"]["name"]
            tasks[first] = created
    finally:
        loop.set_task_factory(original)
    assert tasks[50] == tasks[5], tasks


FRAGMENTED = """query($first: Int) {
  reports(first: $first) { ...Counted edges { node { ...Scored ... on Report { session { ...Job } } } } }
}
fragment Counted on ReportConnection { totalCount }
fragment Scored on Report { id bestAnswer { text } }
fragment Job on InterviewSession { jobTitle ... on InterviewSession { persona { name } } }"""


async def test_fragments_select_what_the_page_reads_along(
    client: GraphQLClient, services: Services, dashboard: Dashboard
) -> None:
    """What a page reads with its reports is found through named and inline fragments too."""
    token = dashboard.account.token
    plain = await _page(client, token, LIST, first=10)
    async with counted_queries(services.database.engine) as statements:
        fragmented = await _page(client, token, FRAGMENTED, first=10)
    assert fragmented["totalCount"] == plain["totalCount"] == 50
    assert [e["node"] for e in fragmented["edges"]] == [
        {"id": n["id"], "bestAnswer": n["bestAnswer"], "session": n["session"]}
        for n in (e["node"] for e in plain["edges"])
    ]
    page_statements = [s for s in statements if "FROM reports r" in s]
    assert len(page_statements) == 1, statements
    assert all(table in page_statements[0] for table in ("interview_sessions s", "personas p", "best_answer"))
    assert "count(*)" in page_statements[0] and 'worst_answer" ON' not in page_statements[0]


async def test_reports_are_paged_newest_first_with_keyset_cursors(
    client: GraphQLClient, dashboard: Dashboard
) -> None:
    token = dashboard.account.token
    seen: list[str] = []
    after = None
    while True:
        page = await _page(client, token, LIST, first=20, after=after)
        assert page["totalCount"] == 50
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == dashboard.report_ids

    behavioral = await _page(client, token, LIST, first=100, type="BEHAVIORAL")
    assert behavioral["totalCount"] == 25
    assert all(dashboard.types[e["node"]["id"]] == "BEHAVIORAL" for e in behavioral["edges"])
    assert len(behavioral["edges"]) == 25 and behavioral["pageInfo"]["hasNextPage"] is False

    other = await client.register()
    assert (await _page(client, other.token, first=10))["totalCount"] == 0


async def test_sessions_connection_and_report_lookups(client: GraphQLClient, dashboard: Dashboard) -> None:
    token = dashboard.account.token
    sessions = (
        await client.data(
            """{ sessions(first: 100, status: COMPLETED, interviewType: TECHNICAL) {
                 totalCount edges { node { id status interviewType report { id } } } } }""",
            token=token,
        )
    )["sessions"]
    assert sessions["totalCount"] == 25
    assert {e["node"]["report"]["id"] for e in sessions["edges"]} == {
        rid for rid, kind in dashboard.types.items() if kind == "TECHNICAL"
    }
    active = await client.data("{ sessions(status: ACTIVE) { totalCount } }", token=token)
    assert active["sessions"]["totalCount"] == 0

    newest = dashboard.report_ids[0]
    report = (
        await client.data("query($id: ID!) { report(id: $id) { id session { id } } }", {"id": newest}, token)
    )["report"]
    by_session = await client.data(
        "query($s: ID!) { reportBySession(sessionId: $s) { id } }", {"s": report["session"]["id"]}, token
    )
    assert by_session["reportBySession"]["id"] == newest

    stranger = await client.register()
    assert (
        await client.error_code("query($id: ID!) { report(id: $id) { id } }", {"id": newest}, stranger.token)
        == "NOT_FOUND"
    )
    # the contract: another user's session is NOT_FOUND, never null
    assert (
        await client.error_code(
            "query($s: ID!) { reportBySession(sessionId: $s) { id } }",
            {"s": report["session"]["id"]},
            stranger.token,
        )
        == "NOT_FOUND"
    )


async def test_stored_answers_give_their_voice_metrics(client: GraphQLClient, dashboard: Dashboard) -> None:
    """Voice metrics are read from the stored transcript (its JSONB filler words parsed), on the
    page's best answers and on a session's transcripts alike."""
    page = await _page(
        client,
        dashboard.account.token,
        """query($first: Int) { reports(first: $first) { edges { node {
             bestAnswer { voiceMetrics { fillerWords fillerWordCount speechPace } }
             session { transcripts { speaker voiceMetrics { fillerWords } } }
           } } } }""",
        first=3,
    )
    for edge in page["edges"]:
        node = edge["node"]
        assert node["bestAnswer"]["voiceMetrics"]["fillerWords"] == ["um", "like"]
        assert node["bestAnswer"]["voiceMetrics"]["fillerWordCount"] == 2
        spoken = [t["voiceMetrics"] for t in node["session"]["transcripts"] if t["speaker"] == "USER"]
        assert spoken == [{"fillerWords": ["um", "like"]}] * 2
        assert all(t["voiceMetrics"] is None for t in node["session"]["transcripts"] if t["speaker"] == "AI")
