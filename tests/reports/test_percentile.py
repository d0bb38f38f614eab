"""percentileRank: the share of other completed interviews of the same type with a lower score."""

from __future__ import annotations

from uuid import UUID

import pytest
from interview.db.tables import Report
from interview.interviews.report_html import rank_sentence
from interview.interviews.report_percentile import MIN_SAMPLE, Percentile, percentile_rank, percentiles

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.interviews.helpers import INITIAL, Interview, result_of, submit
from tests.reports.factories import completed_with_report

RANK = "query($id: ID!) { report(id: $id) { overallScore percentileRank comparedToCount } }"


async def _expected(report_id: UUID, interview_type: str) -> tuple[int | None, int]:
    """Computed in Python from every stored report of the type (independent of the SQL under test)."""
    rows = await Report.select(Report.id, Report.overall_score).where(Report.interview_type == interview_type)
    mine = next(r["overall_score"] for r in rows if r["id"] == report_id)
    others = [r["overall_score"] for r in rows if r["id"] != report_id and r["overall_score"] is not None]
    if mine is None or len(others) < 10:
        return None, len(others)
    return round(100 * sum(1 for s in others if s < mine) / len(others)), len(others)


def test_the_formula() -> None:
    assert percentile_rank(lower=0, compared_to=9, has_score=True) is None
    assert percentile_rank(lower=5, compared_to=10, has_score=True) == 50
    assert percentile_rank(lower=10, compared_to=10, has_score=True) == 100
    assert percentile_rank(lower=0, compared_to=12, has_score=True) == 0
    assert percentile_rank(lower=1, compared_to=3, has_score=True) is None
    assert percentile_rank(lower=2, compared_to=30, has_score=False) is None
    assert percentile_rank(lower=1, compared_to=30, has_score=True) == 3


async def test_null_until_ten_others_then_the_share_below(client: GraphQLClient) -> None:
    account = await client.register()
    # The database is shared with other tests: use the type with the fewest scored reports so far.
    counts = {
        kind: await Report.count().where((Report.interview_type == kind) & Report.overall_score.is_not_null())
        for kind in ("SYSTEM_DESIGN", "BEHAVIORAL", "TECHNICAL")
    }
    kind = min(counts, key=lambda k: counts[k])
    if counts[kind] >= MIN_SAMPLE:
        pytest.skip("every interview type already has 10 scored reports in this database")
    mine = await completed_with_report(account.user_id, kind, 6.0)  # type: ignore[arg-type]
    others = 0
    while others < MIN_SAMPLE + 5:
        expected_rank, expected_count = await _expected(mine, kind)
        body = await client.data(RANK, {"id": str(mine)}, account.token)
        assert body["report"]["comparedToCount"] == expected_count
        assert body["report"]["percentileRank"] == expected_rank
        if expected_count < MIN_SAMPLE:
            assert body["report"]["percentileRank"] is None
        # alternate lower and higher scores; a tie and a null score do not count as lower
        score = [2.0, 9.0, 6.0, 5.5, None][others % 5]
        await completed_with_report(account.user_id, kind, score)  # type: ignore[arg-type]
        others += 1
    rank = (await client.data(RANK, {"id": str(mine)}, account.token))["report"]
    assert rank["percentileRank"] is not None and rank["comparedToCount"] >= MIN_SAMPLE


async def test_batched_for_many_reports(client: GraphQLClient) -> None:
    account = await client.register()
    ids = [
        await completed_with_report(account.user_id, "TECHNICAL", score) for score in (1.0, 5.0, 9.5, None)
    ]
    results = await percentiles([*ids, UUID(int=0)])
    for report_id, result in zip(ids, results, strict=False):
        rank, count = await _expected(report_id, "TECHNICAL")
        assert (result.rank, result.compared_to) == (rank, count)
    assert results[-1].rank is None and results[-1].compared_to == 0


END = "mutation($s: ID!) { endInterview(sessionId: $s) { id overallScore } }"
BY_SESSION = "query($s: ID!) { reportBySession(sessionId: $s) { id percentileRank comparedToCount } }"


async def _interview_through_the_api(client: GraphQLClient, account: Account, interview_type: str) -> str:
    """A spoken answer to question 1, then endInterview: a completed, scored interview."""
    session = await start_interview(client, account, interview_type=interview_type)
    await client.data(INITIAL, {"s": session["id"]}, account.token)
    result_of(await submit(Interview(client, account, session["id"], {}), 1))
    report = (await client.data(END, {"s": session["id"]}, account.token))["endInterview"]
    assert report["overallScore"] is not None
    session_id: str = session["id"]
    return session_id


async def test_the_candidates_own_and_peers_completed_interviews_of_the_type_are_compared(
    client: GraphQLClient,
) -> None:
    kind = "SYSTEM_DESIGN"
    before = await Report.count().where((Report.interview_type == kind) & Report.overall_score.is_not_null())
    candidate, peer = await client.register(), await client.register("Peer")
    await _interview_through_the_api(client, candidate, kind)
    await _interview_through_the_api(client, peer, kind)
    await _interview_through_the_api(client, peer, "BEHAVIORAL")  # another type: not compared
    latest = await _interview_through_the_api(client, candidate, kind)
    standing = (await client.data(BY_SESSION, {"s": latest}, candidate.token))["reportBySession"]
    assert standing["comparedToCount"] == before + 2
    expected_rank, _ = await _expected(UUID(standing["id"]), kind)
    assert standing["percentileRank"] == expected_rank


def test_the_rank_in_words_says_how_many_there_are_never_a_bare_zero() -> None:
    scored = {"interview_type": "SYSTEM_DESIGN", "overall_score": 6.5}
    first = rank_sentence(scored, Percentile(rank=None, compared_to=0))
    assert first.startswith("not ranked yet: the first system design interview with a score")
    assert "0" not in first.replace(str(MIN_SAMPLE), "")
    assert rank_sentence(scored, Percentile(rank=None, compared_to=1)).startswith(
        "not ranked yet: only 1 other system design interview has a score so far"
    )
    assert "only 4 other system design interviews have" in rank_sentence(scored, Percentile(None, 4))
    assert rank_sentence(scored, Percentile(rank=40, compared_to=15)) == (
        "better than 40% of 15 other system design interviews"
    )
    unscored = {**scored, "overall_score": None}
    assert (
        rank_sentence(unscored, Percentile(None, 3)) == "not ranked: no answer in this interview was scored"
    )
