"""Reading reports: by id, by session, by share token, and a user's list."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable

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


LIST_COLUMNS = [column for column in Report._meta.columns if column._meta.name != "report_json"]
"""A list leaves out report_json (tens of kB per report); GraphQL loads it only when asked for."""


async def list_reports(
    user_id: UUID,
    first: int,
    after: tuple[datetime, UUID] | None,
    interview_type: str | None,
    with_total: bool = True,
) -> tuple[list[dict[str, Any]], int]:
    """`first + 1` rows after the cursor, newest first, and the filtered total (0 unless asked for)."""
    condition: Combinable = Report.user == user_id
    if interview_type is not None:
        condition &= Report.interview_type == interview_type
    query = Report.select(*LIST_COLUMNS).where(condition)
    if after is not None:
        query = query.where(WhereRaw("(created_at, id) < ({}, {})", after[0], after[1]))
    rows = await query.order_by(Report.created_at, Report.id, ascending=False).limit(first + 1)
    return rows, await Report.count().where(condition) if with_total else 0
