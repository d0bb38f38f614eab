"""Listing a user's interviews, newest first, with keyset pagination."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable

from interview.db.tables import InterviewSession


async def list_sessions(
    user_id: UUID,
    first: int,
    after: tuple[datetime, UUID] | None,
    status: str | None,
    interview_type: str | None,
) -> tuple[list[dict[str, Any]], int]:
    """`first + 1` rows after the cursor (to tell whether more follow) and the filtered total."""
    condition: Combinable = InterviewSession.user == user_id
    if status is not None:
        condition &= InterviewSession.status == status
    if interview_type is not None:
        condition &= InterviewSession.interview_type == interview_type
    query = InterviewSession.select().where(condition)
    if after is not None:
        query = query.where(WhereRaw("(start_time, id) < ({}, {})", after[0], after[1]))
    rows = await query.order_by(InterviewSession.start_time, InterviewSession.id, ascending=False).limit(
        first + 1
    )
    total = await InterviewSession.count().where(condition)
    return rows, total
