"""GraphQL types of reports, share links and the dashboards' connections."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from interview.db.rows import Row
from interview.graphql.context import Info
from interview.graphql.decorators import described_field
from interview.graphql.interviews.types import InterviewSession, Transcript
from interview.graphql.later import later
from interview.graphql.media import media_url
from interview.graphql.pagination import PageInfo
from interview.interviews.report_percentile import Percentile
from interview.interviews.stored import json_value


def _strings(value: Any) -> list[str]:
    return [str(item) for item in (json_value(value) or [])]


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
    total_speaking_time_seconds: int
    avg_response_time_seconds: float | None
    total_filler_words: int
    avg_speech_pace: float | None
    questions_answered: int
    questions_skipped: int
    generator_model: str
    created_at: datetime
    row: strawberry.Private[Row]
    related: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)
    """Rows fetched beforehand for a whole page: "session", "best_answer", "worst_answer" (transcript
    rows or None), "persona" (the session's) and "percentile"; a field whose key is absent loads
    through the DataLoaders."""

    @classmethod
    def from_row(cls, row: Row, related: dict[str, Any] | None = None) -> Report:
        return cls(
            id=strawberry.ID(str(row["id"])),
            overall_score=row["overall_score"],
            avg_technical_score=row["avg_technical_score"],
            avg_clarity_score=row["avg_clarity_score"],
            avg_confidence_score=row["avg_confidence_score"],
            avg_behavioral_score=row["avg_behavioral_score"],
            total_speaking_time_seconds=row["total_speaking_time_seconds"],
            avg_response_time_seconds=row["avg_response_time_seconds"],
            total_filler_words=row["total_filler_words"],
            avg_speech_pace=row["avg_speech_pace"],
            questions_answered=row["questions_answered"],
            questions_skipped=row["questions_skipped"],
            generator_model=row["generator_model"],
            created_at=row["created_at"],
            row=row,
            related=related or {},
        )

    # The JSON columns are parsed only when asked for: a dashboard page does not pay for them.
    @strawberry.field
    def strengths(self) -> list[str]:
        return _strings(self.row["strengths"])

    @strawberry.field
    def weaknesses(self) -> list[str]:
        return _strings(self.row["weaknesses"])

    @strawberry.field
    def key_highlights(self) -> list[str]:
        return _strings(self.row["key_highlights"])

    @strawberry.field
    def immediate_improvements(self) -> list[str]:
        return _strings(self.row["immediate_improvements"])

    @strawberry.field
    def practice_areas(self) -> list[str]:
        return _strings(self.row["practice_areas"])

    @strawberry.field
    def resources_recommended(self) -> JSON:
        return cast(JSON, json_value(self.row["resources_recommended"]))

    @strawberry.field
    async def report_json(self, info: Info) -> JSON:
        # Lists select reports without this (large) column; it is then loaded, batched, on demand.
        if "report_json" in self.row:
            return cast(JSON, json_value(self.row["report_json"]))
        return cast(JSON, json_value(await info.context.loaders.report_json.load(self.row["id"])))

    # The nested fields below are sync: on a page, the `reports` resolver has fetched what they
    # need in one batch per kind (see `related`), and a sync field that has its value costs no
    # task. Reached any other way, they return an awaitable of the DataLoader, which graphql-core
    # awaits like an async resolver.

    @described_field(
        "0..100: the share of completed interviews of the same type with a lower overall score; "
        "null until at least 10 exist."
    )
    def percentile_rank(self, info: Info) -> int | None:
        # Computed when read (always current), batched for a page: see interviews/report_percentile.py.
        if "percentile" in self.related:
            return cast(Percentile, self.related["percentile"]).rank
        return later(self._rank(info))

    @described_field("How many other completed interviews of the same type it was compared with.")
    def compared_to_count(self, info: Info) -> int:
        if "percentile" in self.related:
            return cast(Percentile, self.related["percentile"]).compared_to
        return later(self._compared_to(info))

    async def _rank(self, info: Info) -> int | None:
        return (await info.context.loaders.percentile.load(self.row["id"])).rank

    async def _compared_to(self, info: Info) -> int:
        return (await info.context.loaders.percentile.load(self.row["id"])).compared_to

    @described_field(
        "A printable report (print-ready HTML); a signed URL, see the conventions. Reached through "
        "a share link, it stops working when the link is revoked."
    )
    def download_url(self, info: Info) -> str:
        # Through a share link, the PDF speaks of "the candidate" (interviews/third_person.py).
        kind = "shared-report" if self.row["session"] in info.context.shared_sessions else "report"
        url = media_url(info, kind, self.row["id"], self.row["session"])
        assert url is not None, "a share link shares its report"
        return url

    @strawberry.field
    def session(self, info: Info) -> InterviewSession:
        if "session" in self.related:
            persona = {"persona": self.related["persona"]} if "persona" in self.related else None
            return InterviewSession.from_row(self.related["session"], related=persona)
        return later(self._session(info))

    async def _session(self, info: Info) -> InterviewSession:
        row = await info.context.loaders.session.load(self.row["session"])
        assert row is not None, "a report's session is deleted with it (ON DELETE CASCADE)"
        return InterviewSession.from_row(row)

    @described_field("The job posting the interview was tailored to, as pasted; null when none was given.")
    def job_description(self, info: Info) -> str | None:
        if "session" in self.related:
            return cast(str | None, self.related["session"].get("job_description"))
        return later(self._job_description(info))

    async def _job_description(self, info: Info) -> str | None:
        row = await info.context.loaders.session.load(self.row["session"])
        return cast(str | None, row.get("job_description")) if row is not None else None

    @strawberry.field
    def best_answer(self, info: Info) -> Transcript | None:
        return self._answer(info, "best_answer")

    @strawberry.field
    def worst_answer(self, info: Info) -> Transcript | None:
        return self._answer(info, "worst_answer")

    def _answer(self, info: Info, column: str) -> Transcript | None:
        transcript_id = self.row[column]
        if transcript_id is None:
            return None
        if column in self.related:
            row = self.related[column]
            return Transcript.from_row(row) if row else None
        return later(self._load_answer(info, transcript_id))

    async def _load_answer(self, info: Info, transcript_id: Any) -> Transcript | None:
        row = await info.context.loaders.transcript.load(transcript_id)
        return Transcript.from_row(row) if row else None


@strawberry.type
class ReportShareLink:
    token: str = strawberry.field(description="The secret for reportByShareToken.")
    url: str = strawberry.field(
        description="A page of the SPA showing the report to anyone holding the link."
    )
    created_at: datetime
    includes_video: bool = strawberry.field(
        default=False, description="Whether the link's readers may play the answers' videos."
    )


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
