"""Reading reports: by id, by session, by share token, and a user's list."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from interview.db.rows import columns_sql, fetch_rows
from interview.db.tables import Report
from interview.errors import NotFound
from interview.interviews.lifecycle import parse_id


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
    return (
        await Report.select()
        .where((Report.session == parse_id(session_id)) & (Report.user == user_id))
        .first()
    )


async def shared_report(token: str) -> dict[str, Any]:
    row = await Report.select().where(Report.share_token == token).first() if token else None
    if row is None:
        raise NotFound("This share link is not valid (it may have been revoked).")
    return row


_LIST_SQL = (
    f"SELECT {columns_sql(Report, without=['report_json'])} FROM reports WHERE {{where}} "
    "ORDER BY created_at DESC, id DESC LIMIT ${limit}"
)
"""A list leaves out report_json (tens of kB per report); GraphQL loads it only when asked for."""
_COUNT_SQL = "SELECT count(*) AS count FROM reports WHERE {where}"


async def list_reports(
    user_id: UUID,
    first: int,
    after: tuple[datetime, UUID] | None,
    interview_type: str | None,
    with_total: bool = True,
) -> tuple[list[dict[str, Any]], int]:
    """`first + 1` rows after the cursor, newest first, and the filtered total (0 unless asked for)."""
    conditions: list[str] = ['"user" = $1']
    values: list[Any] = [user_id]
    if interview_type is not None:
        values.append(interview_type)
        conditions.append(f"interview_type = ${len(values)}")
    where = " AND ".join(conditions)
    page_where, page_values = where, list(values)
    if after is not None:
        page_values += [after[0], after[1]]
        page_where += f" AND (created_at, id) < (${len(page_values) - 1}, ${len(page_values)})"
    page_values.append(first + 1)
    page_sql = _LIST_SQL.format(where=page_where, limit=len(page_values))
    rows = await fetch_rows(Report, page_sql, *page_values)
    if not with_total:
        return rows, 0
    counted = await fetch_rows(Report, _COUNT_SQL.format(where=where), *values)
    return rows, int(counted[0]["count"])
