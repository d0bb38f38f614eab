"""An interview as the report sees it: its rows loaded once, and the report writer's input built from them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from interview.ai.base import AnswerSummary, ReportInput
from interview.db.tables import Feedback, InterviewSession, Persona, Question, Transcript
from interview.interviews.report_aggregates import ReportAggregates
from interview.interviews.stored import Row, evaluation_of, voice_metrics_of


@dataclass(frozen=True)
class InterviewRecord:
    """A session with its persona, questions (in order), finished answers and their feedback."""

    session: Row
    persona: Row
    questions: list[Row]
    answers: dict[int, Row]
    """USER transcripts with status COMPLETE, by sequence number."""
    feedback: dict[UUID, Row]
    """Feedback rows by transcript id."""

    def answer_to(self, question: Row) -> Row | None:
        return self.answers.get(question["sequence_number"])

    def feedback_of(self, answer: Row | None) -> Row | None:
        return self.feedback.get(answer["id"]) if answer is not None else None


async def load_record(session_id: UUID) -> InterviewRecord:
    """Four small indexed queries, whatever the interview's length."""
    session = await InterviewSession.select().where(InterviewSession.id == session_id).first()
    if session is None:
        raise LookupError(f"session {session_id} does not exist")
    persona = await Persona.select().where(Persona.id == session["persona"]).first()
    assert persona is not None, "sessions reference personas with ON DELETE RESTRICT"
    questions = (
        await Question.select().where(Question.session == session_id).order_by(Question.sequence_number)
    )
    answers = await Transcript.select().where(
        (Transcript.session == session_id)
        & (Transcript.speaker == "USER")
        & (Transcript.status == "COMPLETE")
    )
    feedback = await Feedback.select().where(Feedback.session == session_id)
    return InterviewRecord(
        session=session,
        persona=persona,
        questions=questions,
        answers={row["sequence_number"]: row for row in answers},
        feedback={row["transcript"]: row for row in feedback},
    )


def report_input(record: InterviewRecord, aggregates: ReportAggregates) -> ReportInput:
    """What the report writer is given: every question with its answer, scores and delivery."""
    answers: list[AnswerSummary] = []
    for question in record.questions:
        answer = record.answer_to(question)
        feedback = record.feedback_of(answer)
        answers.append(
            AnswerSummary(
                sequence_number=question["sequence_number"],
                question_text=question["question_text"],
                answer_text=answer["text"] if answer is not None else "",
                evaluation=evaluation_of(feedback) if feedback is not None else None,
                voice_metrics=voice_metrics_of(answer) if answer is not None else None,
                skipped=bool(question["skipped"]),
            )
        )
    session = record.session
    return ReportInput(
        job_title=session["job_title"],
        interview_type=session["interview_type"],
        difficulty=session["difficulty"],
        persona_name=record.persona["name"],
        answers=answers,
        averages={
            "technical": aggregates.avg_technical_score,
            "clarity": aggregates.avg_clarity_score,
            "confidence": aggregates.avg_confidence_score,
            "behavioral": aggregates.avg_behavioral_score,
            "overall": aggregates.overall_score,
            "speech_pace": aggregates.avg_speech_pace,
            "fillers_per_minute": aggregates.fillers_per_minute,
            "response_time_seconds": aggregates.avg_response_time_seconds,
        },
    )
