"""The session's live figures after each turn: progress, rolling score averages, time remaining."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from interview.ai.base import counts_for
from interview.db.rows import Row
from interview.db.tables import Feedback, LiveMetrics, Question
from interview.speech.types import VoiceMetrics


def rolling_average(scores: Sequence[float]) -> float | None:
    """The plain mean of every scored answer so far (None before the first), to one decimal.

    Plain, not weighted towards recent answers: an interview has at most 50 questions and the
    candidate compares this figure with the report's averages, which are plain means too.
    """
    if not scores:
        return None
    return round(sum(scores) / len(scores), 1)


def estimated_time_remaining(
    started: datetime, now: datetime, questions_done: int, planned: int
) -> int | None:
    """Seconds left: the average time per question so far × the questions still to come.

    A question's time runs from the interview's start (so the first one includes reading it),
    through thinking, answering and waiting for feedback. None before any question is done, when
    there is no pace to extrapolate from; 0 once every planned question is done.
    """
    if questions_done <= 0:
        return None
    remaining = max(0, planned - questions_done)
    per_question = max(0.0, (now - started).total_seconds()) / questions_done
    return round(per_question * remaining)


async def live_metrics_row(session_id: UUID) -> Row | None:
    """The session's live metrics row (every session gets one when it starts)."""
    row: Row | None = await LiveMetrics.select().where(LiveMetrics.session == session_id).first()
    return row


async def current_live_metrics(session_id: UUID) -> Row:
    """The session's live metrics row, created if missing (rows made by hand may lack it)."""
    row = await live_metrics_row(session_id)
    if row is None:
        await LiveMetrics.insert(LiveMetrics(session=session_id)).on_conflict(action="DO NOTHING")
        row = await live_metrics_row(session_id)
    assert row is not None
    return row


async def refresh_live_metrics(session: Row, now: datetime, voice: VoiceMetrics | None) -> Row:
    """Recompute the live metrics from the stored turns (call inside the turn's transaction).

    `voice` is the answer just given (its pace and volume become the current ones); None after a
    skip, which leaves them as they were. The silence counter is cleared either way: no answer is
    in progress until the next one's first chunk, and a candidate listening to the next question
    is not "silent" (the live recorder's 1.5 s of trailing silence would otherwise stay on show).
    """
    session_id: UUID = session["id"]
    scores = await Feedback.select(
        Feedback.technical_score, Feedback.clarity_score, Feedback.confidence_score, Feedback.behavioral_score
    ).where(Feedback.session == session_id)
    done = await Question.count().where(
        (Question.session == session_id) & (Question.answered_at.is_not_null() | (Question.skipped == True))  # noqa: E712
    )
    values: dict[Any, Any] = {
        LiveMetrics.questions_completed: done,
        LiveMetrics.rolling_technical_avg: rolling_average([s["technical_score"] for s in scores])
        if counts_for(session["interview_type"], "technical")
        else None,
        LiveMetrics.rolling_clarity_avg: rolling_average([s["clarity_score"] for s in scores]),
        LiveMetrics.rolling_confidence_avg: rolling_average([s["confidence_score"] for s in scores]),
        LiveMetrics.rolling_behavioral_avg: rolling_average([s["behavioral_score"] for s in scores])
        if counts_for(session["interview_type"], "behavioral")
        else None,
        LiveMetrics.estimated_time_remaining: estimated_time_remaining(
            session["start_time"], now, done, session["planned_questions"]
        ),
        LiveMetrics.silence_duration_ms: None,
        LiveMetrics.last_updated: now,
    }
    if voice is not None:
        values[LiveMetrics.current_speech_pace] = voice.speech_pace
        values[LiveMetrics.current_volume] = voice.volume_level
    await LiveMetrics.update(values).where(LiveMetrics.session == session_id)
    return await current_live_metrics(session_id)
