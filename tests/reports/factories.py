"""Completed interviews as test data: rows inserted with the Piccolo tables, as the answer turn stores them.

The report code reads only the database, so these rows are all it needs; nothing of ours is mocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from interview.ai.base import InterviewType, overall_score
from interview.db.tables import Feedback, InterviewSession, Persona, Question, Report, Transcript


@dataclass(frozen=True)
class Answer:
    """One question of a test interview and what the candidate did with it."""

    text: str = "I built a caching layer with Redis and measured p99 latency before and after."
    scores: tuple[float, float, float, float] | None = (7.0, 6.0, 6.5, 5.0)
    """technical, clarity, confidence, behavioral; None: answered but not (yet) scored."""
    speaking_time_ms: int = 30_000
    speech_pace: float = 140.0
    filler_words: tuple[str, ...] = ("um", "like")
    response_time_seconds: int = 5
    skipped: bool = False
    question: str = "Tell me about a system you made faster."


SKIPPED = Answer(skipped=True, scores=None, text="")


@dataclass
class StoredInterview:
    session_id: UUID
    user_id: UUID
    interview_type: InterviewType
    questions: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    """USER transcript rows by sequence number."""
    feedback: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Feedback rows by sequence number."""


async def persona_id() -> UUID:
    row = await Persona.select(Persona.id).order_by(Persona.sort_order).first()
    assert row is not None, "the services fixture seeds personas"
    return UUID(str(row["id"]))


async def stored_interview(
    user_id: str | UUID,
    answers: list[Answer],
    interview_type: InterviewType = "TECHNICAL",
    status: str = "ACTIVE",
    job_title: str = "Backend Engineer",
    start_time: datetime | None = None,
) -> StoredInterview:
    """A session with `answers` asked and answered (or skipped), as the answer turn leaves them."""
    user = UUID(str(user_id))
    started = start_time or datetime.now(UTC) - timedelta(minutes=30)
    session = InterviewSession(
        user=user,
        persona=await persona_id(),
        job_title=job_title,
        interview_type=interview_type,
        difficulty="MEDIUM",
        current_difficulty="MEDIUM",
        status=status,
        start_time=started,
        planned_questions=max(1, len(answers)),
        total_responses=sum(1 for a in answers if not a.skipped),
    )
    await session.save()
    stored = StoredInterview(session_id=session.id, user_id=user, interview_type=interview_type)
    for number, answer in enumerate(answers, start=1):
        asked = started + timedelta(minutes=2 * number)
        question = Question(
            session=session.id,
            sequence_number=number,
            question_text=f"{answer.question} (#{number})",
            question_type="TECHNICAL",
            difficulty="MEDIUM",
            generated_by_model="test/bank",
            asked_at=asked,
            skipped=answer.skipped,
            answered_at=None if answer.skipped else asked + timedelta(seconds=40),
            response_time_seconds=None if answer.skipped else answer.response_time_seconds,
        )
        await question.save()
        await Transcript(
            session=session.id,
            question=question.id,
            sequence_number=number,
            speaker="AI",
            speaker_name="Interviewer",
            text=question.question_text,
            status="COMPLETE",
            timestamp=asked,
        ).save()
        stored.questions.append(await _row(Question, question.id))
        if answer.skipped:
            continue
        words = round(answer.speech_pace * answer.speaking_time_ms / 60_000)
        transcript = Transcript(
            session=session.id,
            question=question.id,
            sequence_number=number,
            speaker="USER",
            speaker_name="Candidate",
            text=answer.text,
            status="COMPLETE",
            language="en",
            audio_duration_ms=answer.speaking_time_ms + 1_500,
            confidence_score=0.9,
            stt_model="test/stt",
            speech_pace=answer.speech_pace,
            pause_count=2,
            longest_pause_ms=900,
            response_latency_ms=600,
            speaking_time_ms=answer.speaking_time_ms,
            word_count=words,
            filler_word_count=len(answer.filler_words),
            filler_words=list(answer.filler_words),
            volume_level=0.6,
            volume_dbfs=-24.0,
            clarity_score=7.5,
            timestamp=asked + timedelta(seconds=40),
        )
        await transcript.save()
        stored.answers[number] = await _row(Transcript, transcript.id)
        if answer.scores is None:
            continue
        technical, clarity, confidence, behavioral = answer.scores
        feedback = Feedback(
            session=session.id,
            transcript=transcript.id,
            technical_score=technical,
            clarity_score=clarity,
            confidence_score=confidence,
            behavioral_score=behavioral,
            overall_score=overall_score(interview_type, technical, clarity, confidence, behavioral),
            technical_feedback=f"Technical feedback for answer {number}.",
            clarity_feedback="Clear enough.",
            confidence_feedback="Steady.",
            behavioral_feedback="Some structure.",
            has_situation=True,
            has_action=True,
            speech_quality_score=7.0,
            filler_words_detected=list(answer.filler_words),
            feedback_summary=f"Summary of answer {number}.",
            improvement_suggestions=[f"Quantify the result of answer {number}."],
            evaluator_model="test/rubric",
        )
        await feedback.save()
        stored.feedback[number] = await _row(Feedback, feedback.id)
    return stored


async def _row(table: Any, row_id: UUID) -> dict[str, Any]:
    row: dict[str, Any] | None = await table.select().where(table.id == row_id).first()
    assert row is not None
    return row


async def completed_with_report(
    user_id: str | UUID, interview_type: InterviewType, overall: float | None
) -> UUID:
    """A COMPLETED session with a report of the given overall score (the percentile's population)."""
    stored = await stored_interview(user_id, [], interview_type, status="COMPLETED")
    report = Report(
        session=stored.session_id,
        user=stored.user_id,
        interview_type=interview_type,
        overall_score=overall,
        generator_model="test/report",
        report_json={"version": 1},
    )
    await report.save()
    return UUID(str(report.id))
