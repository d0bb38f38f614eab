"""Reports: reading them (owners, API tokens, share links), ending interviews, sharing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from interview.accounts.principal import Scope
from interview.graphql.context import Info
from interview.graphql.decorators import described_mutation
from interview.graphql.enums import InterviewType
from interview.graphql.loaders import fetched
from interview.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor, page_of
from interview.graphql.reports.types import (
    Report,
    ReportConnection,
    ReportEdge,
    ReportShareLink,
)
from interview.interviews import report_queries, reports


@strawberry.type
class ReportQuery:
    @strawberry.field
    async def report(self, info: Info, id: strawberry.ID) -> Report | None:
        principal = info.context.user(Scope.REPORTS_READ)
        return Report.from_row(await report_queries.owned_report(principal.user_id, id))

    @strawberry.field
    async def report_by_session(self, info: Info, session_id: strawberry.ID) -> Report | None:
        principal = info.context.user(Scope.REPORTS_READ)
        row = await report_queries.report_for_session(principal.user_id, session_id)
        return Report.from_row(row) if row else None

    @strawberry.field
    async def report_by_share_token(self, token: str) -> Report | None:
        """No login needed. The holder sees this report and its session (questions, answers, feedback):
        the interview itself, never its user (InterviewSession has no user field) nor any other session."""
        return Report.from_row(await report_queries.shared_report(token), share_token=token)

    @strawberry.field
    async def reports(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        interview_type: InterviewType | None = None,
    ) -> ReportConnection:
        principal = info.context.user(Scope.REPORTS_READ)
        size = check_page_size(20 if first is None else first)
        selected = _selected(info.selected_fields[0].selections, ())
        rows, total = await report_queries.list_reports(
            principal.user_id,
            size,
            decode_cursor(after) if after else None,
            interview_type.value if interview_type else None,
            with_total="totalCount" in selected,
        )
        page, has_next = page_of(rows, size)
        related = await _related(info, page, info.selected_fields[0].selections)
        edges = [
            ReportEdge(cursor=encode_cursor(r["created_at"], r["id"]), node=Report.from_row(r, related=extra))
            for r, extra in zip(page, related, strict=True)
        ]
        return ReportConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )


def _selected(selections: list[Selection], path: tuple[str, ...]) -> set[str]:
    """The field names selected at `path` below a field (through fragments)."""
    names: set[str] = set()
    for selection in selections:
        if not isinstance(selection, SelectedField):
            names |= _selected(selection.selections, path)  # a fragment: same level
        elif not path:
            names.add(selection.name)
        elif selection.name == path[0]:
            names |= _selected(selection.selections, path[1:])
    return names


async def _related(
    info: Info, page: list[dict[str, Any]], selections: list[Selection]
) -> list[dict[str, Any]]:
    """What the page's nested fields will ask for, fetched now in one batch per kind.

    The same DataLoaders' load functions do the fetching, and their caches are primed with the
    rows (so they serve anything asked again deeper in the query); handing the rows to each
    Report lets its fields resolve synchronously, without a task per field, which is most of what
    a page of 50 costs in GraphQL execution.
    """
    loaders = info.context.loaders
    fields = _selected(selections, ("edges", "node"))
    with_persona = "persona" in _selected(selections, ("edges", "node", "session"))
    related: list[dict[str, Any]] = [{} for _ in page]
    answers = [c for c, f in (("best_answer", "bestAnswer"), ("worst_answer", "worstAnswer")) if f in fields]
    jobs: list[Awaitable[Any]] = []
    if "session" in fields:
        jobs.append(_sessions(info, [row["session"] for row in page], with_persona))
    if answers:
        ids = [row[c] for row in page for c in answers if row[c] is not None]
        jobs.append(fetched(loaders.transcript, ids))
    if fields & {"percentileRank", "comparedToCount"}:
        jobs.append(fetched(loaders.percentile, [row["id"] for row in page]))
    if not jobs:
        return related
    results = iter(await asyncio.gather(*jobs))
    if "session" in fields:
        for extra, (session, persona) in zip(related, next(results), strict=True):
            extra["session"] = session
            if with_persona:
                extra["persona"] = persona
    if answers:
        transcripts = {t["id"]: t for t in next(results) if t is not None}
        for extra, row in zip(related, page, strict=True):
            for column in answers:
                if row[column] is not None:
                    extra[column] = transcripts.get(row[column])
    if fields & {"percentileRank", "comparedToCount"}:
        for extra, percentile in zip(related, next(results), strict=True):
            extra["percentile"] = percentile
    return related


async def _sessions(
    info: Info, ids: list[Any], with_persona: bool
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """The sessions and, when asked for, their personas (a second batch: it needs the sessions)."""
    loaders = info.context.loaders
    sessions = [row for row in await fetched(loaders.session, ids) if row is not None]
    assert len(sessions) == len(ids), "a report's session is deleted with it (ON DELETE CASCADE)"
    if not with_persona:
        return [(session, None) for session in sessions]
    personas = await fetched(loaders.persona, [session["persona"] for session in sessions])
    return list(zip(sessions, personas, strict=True))


@strawberry.type
class ReportMutation:
    @described_mutation("Ends the interview and builds its report. Ending twice returns the same report.")
    async def end_interview(self, info: Info, session_id: strawberry.ID) -> Report:
        principal = info.context.user(Scope.INTERVIEW)
        services = info.context.services
        row = await reports.end_interview(
            principal.user_id,
            session_id,
            services.providers.report_writer,
            services.broker,
            database_dsn=services.database.dsn,
        )
        return Report.from_row(row)

    @described_mutation(
        "A read-only link to one report. Enabling again returns the live link; enabled = false "
        "revokes it and returns null; enabling after that makes a new token."
    )
    async def share_report(
        self, info: Info, report_id: strawberry.ID, enabled: bool = True
    ) -> ReportShareLink | None:
        principal = info.context.user(Scope.INTERVIEW)
        link = await reports.share_report(
            principal.user_id, report_id, enabled, info.context.services.settings.base_url()
        )
        if link is None:
            return None
        return ReportShareLink(token=link.token, url=link.url, created_at=link.created_at)
