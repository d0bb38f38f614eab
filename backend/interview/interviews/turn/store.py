"""What a finished turn writes, in one transaction, and how evaluations are read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from interview.ai.base import Evaluation, NextQuestion
from interview.db.rows import Row
from interview.db.tables import Feedback, InterviewSession, Question, Transcript
from interview.db.transactions import in_transaction
from interview.interviews.difficulty import next_difficulty
from interview.interviews.live_metrics import refresh_live_metrics
from interview.interviews.questions import store_question
from interview.interviews.stored import evaluation_of
from interview.speech.types import VoiceMetrics


@dataclass(frozen=True)
class StoredTurn:
    answer: Row
    feedback: Row
    next_question: Row | None
    live_metrics: Row


def response_time_seconds(answer_duration_ms: int | None) -> int | None:
    """How long the candidate took to answer: the recording's length, from "Start answer" to "Done".

    This is what a candidate means by how long their answers took. The time from the question
    being stored to the answer being stored is not: it also counts synthesising and playing the
    question, reading it and the upload, which made ~20 s answers show as "106 s" on reports.
    """
    if answer_duration_ms is None:
        return None
    return max(0, round(answer_duration_ms / 1000))


async def previous_evaluation(session_id: UUID, before: int) -> Evaluation | None:
    """The evaluation of the latest answer before question `before` (None if there is none)."""
    answer = (
        await Transcript.select(Transcript.id)
        .where(
            (Transcript.session == session_id)
            & (Transcript.speaker == "USER")
            & (Transcript.status == "COMPLETE")
            & (Transcript.sequence_number < before)
        )
        .order_by(Transcript.sequence_number, ascending=False)
        .first()
    )
    if answer is None:
        return None
    row = await Feedback.select().where(Feedback.transcript == answer["id"]).output(load_json=True).first()
    return evaluation_of(row) if row else None


async def scores_before(session_id: UUID, sequence_number: int) -> list[float | None]:
    """The overall scores of the questions before `sequence_number`, oldest first (None: skipped)."""
    rows = (
        await Question.select(Question.answer_quality_score)
        .where((Question.session == session_id) & (Question.sequence_number < sequence_number))
        .order_by(Question.sequence_number)
    )
    return [row["answer_quality_score"] for row in rows]


async def feedback_by_id(feedback_id: UUID) -> Row:
    row: Row | None = await Feedback.select().where(Feedback.id == feedback_id).output(load_json=True).first()
    assert row is not None
    return row


async def store_turn(
    session: Row,
    persona: Row,
    question: Row,
    answer: Row,
    evaluation: Evaluation,
    voice: VoiceMetrics,
    next_question: NextQuestion | None,
    next_question_id: UUID | None,
) -> StoredTurn:
    """Everything the turn decided, in one transaction; the answer becomes COMPLETE.

    The answer's `result_json` keeps the ids (and the live metrics as they were) so a replayed
    submit returns this same result. An answer COMPLETE already is returned as stored: a call made
    again after losing its connection during COMMIT cannot tell whether that COMMIT landed.
    """
    current = await _answer(answer["id"])
    if current["status"] == "COMPLETE":
        return await stored_result(current)
    now = datetime.now(UTC)

    async def write() -> tuple[UUID, Row | None, Row]:
        feedback = Feedback(
            session=session["id"],
            transcript=answer["id"],
            technical_score=evaluation.technical,
            clarity_score=evaluation.clarity,
            confidence_score=evaluation.confidence,
            behavioral_score=evaluation.behavioral,
            overall_score=evaluation.overall,
            technical_feedback=evaluation.technical_feedback,
            clarity_feedback=evaluation.clarity_feedback,
            confidence_feedback=evaluation.confidence_feedback,
            behavioral_feedback=evaluation.behavioral_feedback,
            has_situation=evaluation.star.has_situation,
            has_task=evaluation.star.has_task,
            has_action=evaluation.star.has_action,
            has_result=evaluation.star.has_result,
            speech_quality_score=evaluation.speech_quality,
            filler_words_detected=json.dumps(evaluation.filler_words),
            feedback_summary=evaluation.summary,
            improvement_suggestions=json.dumps(evaluation.suggestions),
            evaluator_model=evaluation.model,
            prompt_version=evaluation.prompt_version,
        )
        await feedback.save()
        answered_at: datetime = answer["timestamp"]
        await Question.update(
            {
                Question.answered_at: answered_at,
                Question.response_time_seconds: response_time_seconds(answer["audio_duration_ms"]),
                Question.answer_quality_score: evaluation.overall,
            }
        ).where(Question.id == question["id"])
        stored_next = None
        if next_question is not None:
            stored_next = await store_question(
                session, persona, question["sequence_number"] + 1, next_question, question_id=next_question_id
            )
        difficulty = next_difficulty(
            session["current_difficulty"],
            evaluation.overall,
            await scores_before(session["id"], question["sequence_number"]),
        )
        await InterviewSession.update(
            {
                InterviewSession.total_responses: InterviewSession.total_responses + 1,
                InterviewSession.current_difficulty: difficulty,
            }
        ).where(InterviewSession.id == session["id"])
        live = await refresh_live_metrics(session, now, voice)
        result = {
            "feedbackId": feedback.id,
            "nextQuestionId": stored_next["id"] if stored_next else None,
            "liveMetrics": live,
        }
        await Transcript.update(
            {
                Transcript.status: "COMPLETE",
                Transcript.error_code: None,
                Transcript.result_json: json.dumps(result, default=str),
            }
        ).where(Transcript.id == answer["id"])
        return feedback.id, stored_next, live

    feedback_id, stored_next, live = await in_transaction(write)
    return StoredTurn(
        answer=await _answer(answer["id"]),
        feedback=await feedback_by_id(feedback_id),
        next_question=stored_next,
        live_metrics=live,
    )


async def _answer(answer_id: UUID) -> Row:
    stored: Row | None = (
        await Transcript.select().where(Transcript.id == answer_id).output(load_json=True).first()
    )
    assert stored is not None
    return stored


async def stored_result(answer: Row) -> StoredTurn:
    """The result of a COMPLETE answer, rebuilt from its `result_json` (for a replayed submit)."""
    result = answer["result_json"]
    if isinstance(result, str):
        result = json.loads(result)
    next_id = result.get("nextQuestionId")
    next_question = (
        await Question.select().where(Question.id == UUID(next_id)).first() if next_id is not None else None
    )
    return StoredTurn(
        answer=answer,
        feedback=await feedback_by_id(UUID(result["feedbackId"])),
        next_question=next_question,
        live_metrics=_revive_live_metrics(result["liveMetrics"]),
    )


def _revive_live_metrics(snapshot: dict[str, Any]) -> Row:
    row = dict(snapshot)
    for name in ("id", "session"):
        row[name] = UUID(row[name])
    row["last_updated"] = datetime.fromisoformat(row["last_updated"])
    return row
