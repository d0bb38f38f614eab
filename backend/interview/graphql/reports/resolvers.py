"""Reports: reading them (owners, API tokens, share links), ending interviews, sharing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import strawberry
from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionNode

from interview.accounts.principal import Scope
from interview.graphql.context import Info
from interview.graphql.decorators import described_mutation
from interview.graphql.enums import InterviewType
from interview.graphql.loaders import fetched, prime
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
    async def report_by_share_token(self, info: Info, token: str) -> Report | None:
        """No login needed. The holder sees this report and its session (questions, answers, feedback):
        the interview itself, never its user (InterviewSession has no user field, answers are
        spoken by "Candidate") nor any other session."""
        row = await report_queries.shared_report(token)
        info.context.anonymous_candidate = True
        info.context.shared_sessions[row["session"]] = token
        return Report.from_row(row)

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
        fields = _selected(info, ("edges", "node"))
        page = await report_queries.list_reports(
            principal.user_id,
            size,
            decode_cursor(after) if after else None,
            interview_type.value if interview_type else None,
            with_total="totalCount" in _selected(info, ()),
            joined=report_queries.Joined(
                session="session" in fields,
                persona="persona" in _selected(info, ("edges", "node", "session")),
                answers=tuple(c for c, f in _ANSWER_FIELDS if f in fields),
            ),
        )
        rows, has_next = page_of(page.rows, size)
        related = await _related(info, page, len(rows), fields)
        edges = [
            ReportEdge(cursor=encode_cursor(r["created_at"], r["id"]), node=Report.from_row(r, related=extra))
            for r, extra in zip(rows, related, strict=True)
        ]
        return ReportConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=page.total,
        )


_ANSWER_FIELDS = (("best_answer", "bestAnswer"), ("worst_answer", "worstAnswer"))


def _selected(info: Info, path: tuple[str, ...]) -> set[str]:
    """The field names selected at `path` below the resolver's field (through fragments), read from
    the query's syntax tree: Strawberry's selected_fields would convert the whole tree first."""
    raw = info._raw_info
    names: set[str] = set()
    for node in raw.field_nodes:
        if node.selection_set is not None:
            _collect(node.selection_set.selections, path, raw.fragments, names)
    return names


def _collect(
    selections: Sequence[SelectionNode],
    path: tuple[str, ...],
    fragments: dict[str, FragmentDefinitionNode],
    names: set[str],
) -> None:
    for selection in selections:
        if isinstance(selection, FieldNode):
            if not path:
                names.add(selection.name.value)
            elif selection.name.value == path[0] and selection.selection_set is not None:
                _collect(selection.selection_set.selections, path[1:], fragments, names)
        elif isinstance(selection, InlineFragmentNode):  # a fragment: same level
            _collect(selection.selection_set.selections, path, fragments, names)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            _collect(fragments[selection.name.value].selection_set.selections, path, fragments, names)


async def _related(
    info: Info, page: report_queries.ReportPage, size: int, fields: set[str]
) -> list[dict[str, Any]]:
    """What the page's nested fields will ask for, handed to each Report.

    The rows read along with the page are primed into the DataLoaders (so they serve anything
    asked again deeper in the query), and percentiles are fetched in one batch. Handing the rows to
    each Report lets its fields resolve synchronously, without a task per field, which is most of
    what a page of 50 costs in GraphQL execution.
    """
    loaders = info.context.loaders
    related: list[dict[str, Any]] = page.related[:size]  # one dict per report, joined rows or none
    by_loader = {"session": loaders.session, "persona": loaders.persona}
    for part in related[0].keys() if related else ():
        loader = by_loader.get(part, loaders.transcript)
        prime(loader, {row["id"]: row for extra in related if (row := extra[part]) is not None})
    if fields & {"percentileRank", "comparedToCount"}:
        percentiles = await fetched(loaders.percentile, [row["id"] for row in page.rows[:size]])
        for extra, percentile in zip(related, percentiles, strict=True):
            extra["percentile"] = percentile
    return related


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
            turn_locks=services.turn_locks,
        )
        return Report.from_row(row)

    @described_mutation(
        "A read-only link to one report. Enabling again returns the live link; enabled = false "
        "revokes it and returns null; enabling after that makes a new token."
    )
    async def share_report(
        self,
        info: Info,
        report_id: strawberry.ID,
        enabled: bool = True,
        include_video: Annotated[
            bool,
            strawberry.argument(
                description=(
                    "Let the link's readers play the answers' videos (off unless ticked; each call sets it)."
                )
            ),
        ] = False,
    ) -> ReportShareLink | None:
        principal = info.context.user(Scope.INTERVIEW)
        settings = info.context.services.settings
        link = await reports.share_report(
            principal.user_id,
            report_id,
            enabled,
            settings.base_url(),
            settings.resolved_secret_key(),
            info.context.services.broker,
            include_video=include_video,
        )
        if link is None:
            return None
        return ReportShareLink(
            token=link.token, url=link.url, created_at=link.created_at, includes_video=link.includes_video
        )
