"""SQL written once (interview/db/rows.py) reads the same rows as Piccolo's select()."""

from __future__ import annotations

from typing import Any

from interview.db.rows import fetch_rows, rows_by_sql
from interview.db.tables import ALL_TABLES, CommonPassword, InterviewSession, Persona, Report, Transcript
from interview.interviews import report_queries
from interview.interviews.reports import end_interview
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.reports.factories import SKIPPED, Answer, stored_interview


def _by_id(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: str(row["id"]))


async def test_rows_by_id_are_those_of_piccolos_select(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    for kind in ("TECHNICAL", "BEHAVIORAL"):
        stored = await stored_interview(account.user_id, [Answer(scores=(7, 6, 5, 4)), SKIPPED], kind)
        await end_interview(
            stored.user_id, str(stored.session_id), services.providers.report_writer, services.broker
        )
    compared = 0
    for table in (t for t in ALL_TABLES if t is not CommonPassword):  # the only key not a uuid
        ids = [row["id"] for row in await table.select(table.id).limit(20)]
        expected = await table.select().where(table.id.is_in(ids)) if ids else []
        rows = await fetch_rows(table, rows_by_sql(table, table.id), ids)
        assert rows == await table.raw(rows_by_sql(table, table.id).replace("$1", "{}"), ids)
        assert _by_id(rows) == _by_id(expected), table._meta.tablename
        assert [list(row) for row in rows[:1]] == [list(row) for row in expected[:1]]  # same key order
        compared += bool(ids)
    assert compared >= 7  # users, personas, sessions, questions, transcripts, feedback, reports


async def test_a_list_of_reports_is_piccolos_query(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    for index in range(5):
        kind = "TECHNICAL" if index % 2 else "BEHAVIORAL"
        stored = await stored_interview(account.user_id, [Answer(scores=(5 + index, 6, 5, 4))], kind)
        await end_interview(
            stored.user_id, str(stored.session_id), services.providers.report_writer, services.broker
        )
    everything = await Report.select(
        *[c for c in Report._meta.columns if c._meta.name != "report_json"]
    ).where(Report.user == account.user_id)
    newest = sorted(everything, key=lambda row: (row["created_at"], row["id"]), reverse=True)
    page = await report_queries.list_reports(account.user_id, 2, None, None)
    assert (page.rows, page.total) == (newest[:3], 5)
    after = (newest[1]["created_at"], newest[1]["id"])
    page = await report_queries.list_reports(account.user_id, 10, after, None, with_total=False)
    assert (page.rows, page.total) == (newest[2:], 0)
    technical = [row for row in newest if row["interview_type"] == "TECHNICAL"]
    page = await report_queries.list_reports(account.user_id, 10, None, "TECHNICAL")
    assert (page.rows, page.total) == (technical, 2)
    page = await report_queries.list_reports(account.user_id, 10, after, "TECHNICAL")
    assert page.rows == [row for row in technical if (row["created_at"], row["id"]) < after]
    assert page.total == 2
    # past the last report: no rows to carry the total, which is then counted on its own
    last = (newest[-1]["created_at"], newest[-1]["id"])
    page = await report_queries.list_reports(account.user_id, 10, last, "TECHNICAL")
    assert (page.rows, page.total) == ([], 2)


async def test_a_page_reads_its_joined_rows_as_piccolos_selects(
    client: GraphQLClient, services: Services
) -> None:
    """Sessions, personas and best/worst answers read with the page are the rows the DataLoaders
    would load; a report that names no answer gets None."""
    account = await client.register()
    for answers in ([Answer(scores=(8, 7, 6, 5)), Answer(scores=(3, 3, 3, 3))], [SKIPPED]):
        stored = await stored_interview(account.user_id, answers, "TECHNICAL")
        await end_interview(
            stored.user_id, str(stored.session_id), services.providers.report_writer, services.broker
        )
    joined = report_queries.Joined(session=True, persona=True, answers=("best_answer", "worst_answer"))
    page = await report_queries.list_reports(account.user_id, 10, None, None, joined=joined)
    alone = await report_queries.list_reports(account.user_id, 10, None, None)
    assert (page.rows, page.total) == (alone.rows, alone.total) and page.total == 2
    assert [row["questions_answered"] for row in page.rows] == [0, 2]  # newest first
    for row, related in zip(page.rows, page.related, strict=True):
        assert list(related) == ["session", "persona", "best_answer", "worst_answer"]
        session = await InterviewSession.select().where(InterviewSession.id == row["session"]).first()
        assert related["session"] == session and list(related["session"] or {}) == list(session or {})
        persona = await Persona.select().where(Persona.id == session["persona"]).first()
        assert related["persona"] == persona
        for column in ("best_answer", "worst_answer"):
            expected = None
            if row[column] is not None:
                expected = await Transcript.select().where(Transcript.id == row[column]).first()
            assert related[column] == expected
    assert page.related[0]["best_answer"] is None and page.related[1]["best_answer"] is not None
    assert page.related[1]["best_answer"] != page.related[1]["worst_answer"]
    only_sessions = await report_queries.list_reports(
        account.user_id, 1, None, None, with_total=False, joined=report_queries.Joined(session=True)
    )
    assert [list(related) for related in only_sessions.related] == [["session"], ["session"]]
    assert only_sessions.total == 0


async def test_fetch_rows_runs_in_the_current_transaction(services: Services) -> None:
    """Inside a Piccolo transaction the rows are read on its connection: its own writes are seen."""
    from interview.db.tables import Persona

    sql = "SELECT name FROM personas WHERE name = $1"
    async with Persona._meta.db.transaction():
        persona = await Persona.select().first()
        assert persona is not None
        await Persona.update({Persona.name: "Renamed in a transaction"}).where(Persona.id == persona["id"])
        assert await fetch_rows(Persona, sql, "Renamed in a transaction") == [
            {"name": "Renamed in a transaction"}
        ]
        outside = await services.database.engine.pool.fetch(sql, "Renamed in a transaction")
        assert outside == []  # not committed
        await Persona.update({Persona.name: persona["name"]}).where(Persona.id == persona["id"])
    assert await fetch_rows(Persona, sql, "Renamed in a transaction") == []
    assert await fetch_rows(Persona, "SELECT 1 AS one WHERE false") == []
