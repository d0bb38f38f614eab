"""The figures of a report, computed by PostgreSQL in one query over the stored answers.

Which rows count:
- An answer is a USER transcript with status COMPLETE (RECEIVED/TRANSCRIBED/FAILED rows are
  answers that never finished and say nothing about the candidate).
- Category averages and the overall score average the feedback of those answers; a category that
  does not count for the interview type (`ai.base.SCORED_CATEGORIES`) has no average at all. The overall score
  is the mean of the answers' own overall scores (each already weighted for the interview type by
  `ai.base.overall_score`), so it stays comparable between interviews; null when nothing was scored.
- Speaking time is the sum of the answers' speaking time; the pace is words per minute over all of
  it, i.e. the answers' paces weighted by how long each was spoken (a 10 s answer must not weigh
  as much as a 2 minute one).
- Questions answered: asked questions with an answer (answered_at set) that were not skipped;
  response time averages `questions.response_time_seconds` of those.
- Best and worst answer: the highest and lowest feedback overall score (earlier answer on ties).
  With a single scored answer there is a best answer but no worst one: one answer cannot be both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from interview.ai.base import InterviewType, counts_for
from interview.db.tables import Report

_AGGREGATES_SQL = """
WITH answers AS (
    SELECT t.id, t.sequence_number, t.speaking_time_ms, t.filler_word_count, t.speech_pace,
           f.technical_score, f.clarity_score, f.confidence_score, f.behavioral_score, f.overall_score
    FROM transcripts t
    LEFT JOIN feedback f ON f.transcript = t.id
    WHERE t.session = {} AND t.speaker = 'USER' AND t.status = 'COMPLETE'
), asked AS (
    SELECT
        count(*) FILTER (WHERE answered_at IS NOT NULL AND NOT skipped) AS answered,
        count(*) FILTER (WHERE skipped) AS skipped,
        avg(response_time_seconds) FILTER (WHERE answered_at IS NOT NULL AND NOT skipped)
            AS avg_response_time_seconds
    FROM questions WHERE session = {}
)
SELECT
    round(avg(a.technical_score)::numeric, 1)::float8 AS avg_technical_score,
    round(avg(a.clarity_score)::numeric, 1)::float8 AS avg_clarity_score,
    round(avg(a.confidence_score)::numeric, 1)::float8 AS avg_confidence_score,
    round(avg(a.behavioral_score)::numeric, 1)::float8 AS avg_behavioral_score,
    round(avg(a.overall_score)::numeric, 1)::float8 AS overall_score,
    count(a.overall_score) AS scored_answers,
    coalesce(sum(a.speaking_time_ms), 0)::bigint AS speaking_time_ms,
    coalesce(sum(a.filler_word_count), 0)::bigint AS total_filler_words,
    round((
        sum(a.speech_pace * a.speaking_time_ms) FILTER (WHERE a.speaking_time_ms > 0)
        / nullif(sum(a.speaking_time_ms) FILTER (WHERE a.speech_pace IS NOT NULL), 0)
    )::numeric, 1)::float8 AS avg_speech_pace,
    (SELECT id FROM answers WHERE overall_score IS NOT NULL
        ORDER BY overall_score DESC, sequence_number LIMIT 1) AS best_answer,
    (SELECT id FROM answers WHERE overall_score IS NOT NULL
        ORDER BY overall_score ASC, sequence_number LIMIT 1) AS worst_answer,
    (SELECT answered FROM asked) AS questions_answered,
    (SELECT skipped FROM asked) AS questions_skipped,
    (SELECT round(avg_response_time_seconds::numeric, 1)::float8 FROM asked) AS avg_response_time_seconds
FROM answers a
"""


@dataclass(frozen=True)
class ReportAggregates:
    """The report's numbers; None where nothing was measured."""

    overall_score: float | None
    avg_technical_score: float | None
    avg_clarity_score: float | None
    avg_confidence_score: float | None
    avg_behavioral_score: float | None
    scored_answers: int
    speaking_time_ms: int
    total_filler_words: int
    avg_speech_pace: float | None
    avg_response_time_seconds: float | None
    questions_answered: int
    questions_skipped: int
    best_answer: UUID | None
    worst_answer: UUID | None

    @property
    def total_speaking_time_seconds(self) -> int:
        return round(self.speaking_time_ms / 1000)

    @property
    def fillers_per_minute(self) -> float | None:
        """Filler words per minute of speaking: about 1 reads as fluent, around 5 starts to hurt."""
        if self.speaking_time_ms <= 0:
            return None
        return round(self.total_filler_words / (self.speaking_time_ms / 60_000), 1)

    def columns(self) -> dict[str, Any]:
        """The values of the `reports` columns of the same names."""
        return {
            "overall_score": self.overall_score,
            "avg_technical_score": self.avg_technical_score,
            "avg_clarity_score": self.avg_clarity_score,
            "avg_confidence_score": self.avg_confidence_score,
            "avg_behavioral_score": self.avg_behavioral_score,
            "total_speaking_time_seconds": self.total_speaking_time_seconds,
            "avg_response_time_seconds": self.avg_response_time_seconds,
            "total_filler_words": self.total_filler_words,
            "avg_speech_pace": self.avg_speech_pace,
            "questions_answered": self.questions_answered,
            "questions_skipped": self.questions_skipped,
            "best_answer": self.best_answer,
            "worst_answer": self.worst_answer,
        }


async def report_aggregates(session_id: UUID, interview_type: InterviewType) -> ReportAggregates:
    """Every figure of the report for one session, in one round trip."""
    rows: list[dict[str, Any]] = await Report.raw(_AGGREGATES_SQL, session_id, session_id)
    row = rows[0]
    scored = int(row["scored_answers"])
    return ReportAggregates(
        overall_score=row["overall_score"],
        avg_technical_score=row["avg_technical_score"] if counts_for(interview_type, "technical") else None,
        avg_clarity_score=row["avg_clarity_score"],
        avg_confidence_score=row["avg_confidence_score"],
        avg_behavioral_score=(
            row["avg_behavioral_score"] if counts_for(interview_type, "behavioral") else None
        ),
        scored_answers=scored,
        speaking_time_ms=int(row["speaking_time_ms"]),
        total_filler_words=int(row["total_filler_words"]),
        avg_speech_pace=row["avg_speech_pace"],
        avg_response_time_seconds=row["avg_response_time_seconds"],
        questions_answered=int(row["questions_answered"]),
        questions_skipped=int(row["questions_skipped"]),
        best_answer=row["best_answer"],
        worst_answer=row["worst_answer"] if scored >= 2 else None,
    )
