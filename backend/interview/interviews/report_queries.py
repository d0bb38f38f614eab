"""Reading reports: by id, by session, by share token, and a user's list."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from asyncpg import Record

from interview.accounts.tokens import hash_token
from interview.db.rows import columns_sql, fetch_records
from interview.db.tables import InterviewSession, Persona, Report, Transcript
from interview.errors import NotFound
from interview.interviews.lifecycle import owned_session, parse_id


async def owned_report(user_id: UUID, report_id: str) -> dict[str, Any]:
    row = (
        await Report.select()
        .where((Report.id == parse_id(report_id, "report")) & (Report.user == user_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No report with id {report_id}.")
    return row


async def report_for_session(user_id: UUID, session_id: str) -> dict[str, Any] | None:
    """The report of the user's own session, None while it has none; NOT_FOUND for a session the
    user may not see (another user's looks exactly like one that does not exist)."""
    session = await owned_session(user_id, session_id)
    return await Report.select().where(Report.session == session["id"]).first()


async def shared_report(token: str) -> dict[str, Any]:
    row = await Report.select().where(Report.share_token == hash_token(token)).first() if token else None
    if row is None:
        raise NotFound("This share link is not valid (it may have been revoked).")
    return row


_TOTAL = "#total"


@dataclass(frozen=True)
class Joined:
    """What a page of reports reads besides the reports, in the same statement (a join each)."""

    session: bool = False
    persona: bool = False
    """The session's persona (joined through the session)."""
    answers: tuple[str, ...] = ()
    """Report columns that name a transcript ("best_answer", "worst_answer") to read along."""


@dataclass
class ReportPage:
    rows: list[dict[str, Any]]
    """`first + 1` reports after the cursor, newest first (without report_json)."""
    total: int
    """The filtered total (0 unless asked for)."""
    related: list[dict[str, dict[str, Any] | None]] = field(default_factory=list)
    """Per report, the joined rows: "session", "persona", and each of Joined.answers (a transcript
    row, or None when the report names none)."""


async def list_reports(
    user_id: UUID,
    first: int,
    after: tuple[datetime, UUID] | None,
    interview_type: str | None,
    with_total: bool = True,
    joined: Joined = Joined(),
) -> ReportPage:
    """A page of a user's reports, with what `joined` names and the total, in one statement.

    A list leaves out report_json (tens of kB per report); GraphQL loads it only when asked for.
    """
    values: list[Any] = [user_id]
    if interview_type is not None:
        values.append(interview_type)
    page_values = list(values)
    if after is not None:
        page_values += [after[0], after[1]]
    page_values.append(first + 1)
    sql = _page_sql(interview_type is not None, after is not None, with_total, joined)
    records = await fetch_records(Report, sql, *page_values)
    if not records:
        total = await _count(interview_type is not None, values) if with_total else 0
        return ReportPage([], total)
    page = _split(records)
    page.total = int(records[0][_TOTAL]) if with_total else 0
    return page


def _conditions(qualifier: str, by_type: bool, after: bool) -> str:
    conditions = [f'{qualifier}"user" = $1']
    if by_type:
        conditions.append(f"{qualifier}interview_type = $2")
    if after:
        first = 3 if by_type else 2
        conditions.append(f"({qualifier}created_at, {qualifier}id) < (${first}, ${first + 1})")
    return " AND ".join(conditions)


@functools.cache
def _page_sql(by_type: bool, after: bool, with_total: bool, joined: Joined) -> str:
    limit = 2 + by_type + 2 * after
    select = [columns_sql(Report, without=["report_json"], alias="r")]
    joins = []
    if joined.session or joined.persona:
        select.append(columns_sql(InterviewSession, alias="s", prefix="session."))
        joins.append("JOIN interview_sessions s ON s.id = r.session")
    if joined.persona:
        select.append(columns_sql(Persona, alias="p", prefix="persona."))
        joins.append("JOIN personas p ON p.id = s.persona")
    for column in joined.answers:
        select.append(columns_sql(Transcript, alias=column, prefix=f"{column}."))
        joins.append(f'LEFT JOIN transcripts "{column}" ON "{column}".id = r."{column}"')
    if with_total:  # an uncorrelated subquery: counted once, in the page's snapshot
        select.append(f'(SELECT count(*) FROM reports WHERE {_conditions("", by_type, False)}) AS "{_TOTAL}"')
    return (
        f"SELECT {', '.join(select)} FROM reports r {' '.join(joins)} "
        f"WHERE {_conditions('r.', by_type, after)} "
        f"ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}"
    )


async def _count(by_type: bool, values: list[Any]) -> int:
    sql = f"SELECT count(*) AS count FROM reports WHERE {_conditions('', by_type, False)}"
    return int((await fetch_records(Report, sql, *values))[0]["count"])


def _split(records: list[Record]) -> ReportPage:
    """Each record cut into its tables' rows: the report's columns come first, then each joined
    table's, named "<part>.<column>"."""
    names = [name for name in records[0].keys() if name != _TOTAL]
    bounds: dict[str, tuple[int, int, tuple[str, ...]]] = {}
    for index, name in enumerate(names):
        part, _, column = name.rpartition(".")
        start, _, columns = bounds.get(part, (index, index, ()))
        bounds[part] = (start, index + 1, (*columns, column if part else name))
    report_start, report_end, report_names = bounds.pop("")
    parts = [(part, start, slice(start, end), columns) for part, (start, end, columns) in bounds.items()]
    page = ReportPage([], 0)
    personas: dict[Any, dict[str, Any]] = {}  # a page has a few personas: one dict each
    for record in records:
        page.rows.append(dict(zip(report_names, record[report_start:report_end], strict=True)))
        related: dict[str, dict[str, Any] | None] = {}
        for part, start, columns_slice, columns in parts:
            row_id = record[start]
            if row_id is None:  # a LEFT JOIN that found nothing
                related[part] = None
            elif part == "persona" and row_id in personas:
                related[part] = personas[row_id]
            else:
                related[part] = row = dict(zip(columns, record[columns_slice], strict=True))
                if part == "persona":
                    personas[row_id] = row
        page.related.append(related)
    return page
