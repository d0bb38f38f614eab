"""Per-request DataLoaders: every nested field is batched, so a page costs a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from uuid import UUID

from piccolo.columns import Column
from piccolo.table import Table
from strawberry.dataloader import DataLoader

from interview.db.tables import (
    Feedback,
    InterviewSession,
    LiveMetrics,
    Persona,
    Question,
    Report,
    Transcript,
    User,
)
from interview.interviews.answer_audio import turns_with_audio
from interview.interviews.report_percentile import percentiles

Row = dict[str, Any]


def _one_by(table: type[Table], column: Column) -> Callable[[Sequence[UUID]], Awaitable[list[Row | None]]]:
    async def load(keys: Sequence[UUID]) -> list[Row | None]:
        rows = await table.select().where(column.is_in(list(keys)))
        by_key = {row[column._meta.name]: row for row in rows}
        return [by_key.get(key) for key in keys]

    return load


def _many_by(
    table: type[Table], column: Column, *order: Column
) -> Callable[[Sequence[UUID]], Awaitable[list[list[Row]]]]:
    async def load(keys: Sequence[UUID]) -> list[list[Row]]:
        query = table.select().where(column.is_in(list(keys)))
        for order_column in order:
            query = query.order_by(order_column)
        grouped: dict[UUID, list[Row]] = defaultdict(list)
        for row in await query:
            grouped[row[column._meta.name]].append(row)
        return [grouped.get(key, []) for key in keys]

    return load


async def _report_json(keys: Sequence[UUID]) -> list[Any]:
    """The (large) report_json column of reports listed without it."""
    rows = await Report.select(Report.id, Report.report_json).where(Report.id.is_in(list(keys)))
    by_id = {row["id"]: row["report_json"] for row in rows}
    return [by_id.get(key) for key in keys]


class Loaders:
    """Created fresh for every request, so nothing is cached across requests."""

    def __init__(self) -> None:
        self.user = DataLoader(_one_by(User, User.id))
        self.persona = DataLoader(_one_by(Persona, Persona.id))
        self.session = DataLoader(_one_by(InterviewSession, InterviewSession.id))
        self.transcript = DataLoader(_one_by(Transcript, Transcript.id))
        self.feedback_by_transcript = DataLoader(_one_by(Feedback, Feedback.transcript))
        self.live_metrics_by_session = DataLoader(_one_by(LiveMetrics, LiveMetrics.session))
        self.report_by_session = DataLoader(_one_by(Report, Report.session))
        self.questions_by_session = DataLoader(_many_by(Question, Question.session, Question.sequence_number))
        self.transcripts_by_session = DataLoader(
            _many_by(Transcript, Transcript.session, Transcript.sequence_number, Transcript.timestamp)
        )
        self.report_json = DataLoader(_report_json)
        self.percentile = DataLoader(percentiles)
        """A report's percentile rank, computed when read for a whole page at once."""
        self.has_answer_audio = DataLoader(turns_with_audio)
        """Whether audio is stored for a (session id, sequence number) turn."""
