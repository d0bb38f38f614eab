"""GraphQL types of reports, share links and the dashboards' connections."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON

from interview.graphql.context import Info
from interview.graphql.interviews.types import InterviewSession, Transcript
from interview.graphql.pagination import PageInfo
from interview.interviews.reports import download_path, shared_download_path

Row = dict[str, Any]
F = TypeVar("F", bound=Callable[..., Any])


def described_field(description: str) -> Callable[[F], F]:
    """`@strawberry.field(description=...)`, typed (mypy sees the called decorator as untyped)."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def described_mutation(description: str) -> Callable[[F], F]:
    """`@strawberry.mutation(description=...)`, typed."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _strings(value: Any) -> list[str]:
    return [str(item) for item in (_json(value) or [])]


@strawberry.type
class Report:
    id: strawberry.ID
    overall_score: float | None = strawberry.field(
        description="Null (like the averages) when no answer was scored."
    )
    avg_technical_score: float | None
    avg_clarity_score: float | None
    avg_confidence_score: float | None
    avg_behavioral_score: float | None
    strengths: list[str]
    weaknesses: list[str]
    key_highlights: list[str]
    immediate_improvements: list[str]
    practice_areas: list[str]
    resources_recommended: JSON
    total_speaking_time_seconds: int
    avg_response_time_seconds: float | None
    total_filler_words: int
    avg_speech_pace: float | None
    questions_answered: int
    questions_skipped: int
    report_json: JSON
    generator_model: str
    created_at: datetime
    row: strawberry.Private[Row]
    share_token: strawberry.Private[str | None] = None
    """Set when the report was reached through a share link (the download URL then uses it)."""

    @classmethod
    def from_row(cls, row: Row, share_token: str | None = None) -> Report:
        return cls(
            id=strawberry.ID(str(row["id"])),
            overall_score=row["overall_score"],
            avg_technical_score=row["avg_technical_score"],
            avg_clarity_score=row["avg_clarity_score"],
            avg_confidence_score=row["avg_confidence_score"],
            avg_behavioral_score=row["avg_behavioral_score"],
            strengths=_strings(row["strengths"]),
            weaknesses=_strings(row["weaknesses"]),
            key_highlights=_strings(row["key_highlights"]),
            immediate_improvements=_strings(row["immediate_improvements"]),
            practice_areas=_strings(row["practice_areas"]),
            resources_recommended=_json(row["resources_recommended"]),
            total_speaking_time_seconds=row["total_speaking_time_seconds"],
            avg_response_time_seconds=row["avg_response_time_seconds"],
            total_filler_words=row["total_filler_words"],
            avg_speech_pace=row["avg_speech_pace"],
            questions_answered=row["questions_answered"],
            questions_skipped=row["questions_skipped"],
            report_json=_json(row["report_json"]),
            generator_model=row["generator_model"],
            created_at=row["created_at"],
            row=row,
            share_token=share_token,
        )

    @described_field(
        "0..100: the share of completed interviews of the same type with a lower overall score; "
        "null until at least 10 exist."
    )
    async def percentile_rank(self, info: Info) -> int | None:
        # Computed when read (always current), batched for a page: see interviews/report_percentile.py.
        return (await info.context.loaders.percentile.load(self.row["id"])).rank

    @described_field(
        "How many other completed interviews of the same type it was compared with."
    )
    async def compared_to_count(self, info: Info) -> int:
        return (await info.context.loaders.percentile.load(self.row["id"])).compared_to

    @described_field(
        "The print-ready HTML report. GET it with the owner's bearer token; through a share link "
        "the URL carries the share token and needs no login."
    )
    def download_url(self, info: Info) -> str:
        base = info.context.services.settings.base_url().rstrip("/")
        if self.share_token is not None:
            return base + shared_download_path(self.share_token)
        return base + download_path(str(self.row["id"]))

    @strawberry.field
    async def session(self, info: Info) -> InterviewSession:
        row = await info.context.loaders.session.load(self.row["session"])
        assert row is not None, "a report's session is deleted with it (ON DELETE CASCADE)"
        return InterviewSession.from_row(row)

    @strawberry.field
    async def best_answer(self, info: Info) -> Transcript | None:
        if self.row["best_answer"] is None:
            return None
        row = await info.context.loaders.transcript.load(self.row["best_answer"])
        return Transcript.from_row(row) if row else None

    @strawberry.field
    async def worst_answer(self, info: Info) -> Transcript | None:
        if self.row["worst_answer"] is None:
            return None
        row = await info.context.loaders.transcript.load(self.row["worst_answer"])
        return Transcript.from_row(row) if row else None


@strawberry.type
class ReportShareLink:
    token: str = strawberry.field(description="The secret for reportByShareToken.")
    url: str = strawberry.field(
        description="A page of the SPA showing the report to anyone holding the link."
    )
    created_at: datetime


@strawberry.type
class InterviewSessionEdge:
    cursor: str
    node: InterviewSession


@strawberry.type
class InterviewSessionConnection:
    edges: list[InterviewSessionEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ReportEdge:
    cursor: str
    node: Report


@strawberry.type
class ReportConnection:
    edges: list[ReportEdge]
    page_info: PageInfo
    total_count: int
