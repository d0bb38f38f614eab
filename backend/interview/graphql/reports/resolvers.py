"""Reports: reading them (owners, API tokens, share links), ending interviews, sharing."""

from __future__ import annotations

import strawberry

from interview.accounts.principal import Scope
from interview.graphql.context import Info
from interview.graphql.enums import InterviewType
from interview.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor, page_of
from interview.graphql.reports.types import (
    Report,
    ReportConnection,
    ReportEdge,
    ReportShareLink,
    described_mutation,
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
        rows, total = await report_queries.list_reports(
            principal.user_id,
            size,
            decode_cursor(after) if after else None,
            interview_type.value if interview_type else None,
        )
        page, has_next = page_of(rows, size)
        edges = [
            ReportEdge(cursor=encode_cursor(r["created_at"], r["id"]), node=Report.from_row(r)) for r in page
        ]
        return ReportConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )


@strawberry.type
class ReportMutation:
    @described_mutation("Ends the interview and builds its report. Ending twice returns the same report.")
    async def end_interview(self, info: Info, session_id: strawberry.ID) -> Report:
        principal = info.context.user(Scope.INTERVIEW)
        services = info.context.services
        row = await reports.end_interview(
            principal.user_id, session_id, services.providers.report_writer, services.broker
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
