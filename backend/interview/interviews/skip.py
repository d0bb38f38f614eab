"""Skipping the awaited question: it is marked skipped (no answer row) and the next one is asked.

The next question is generated first and stored in the same transaction that marks the skip, so
a failing interviewer leaves the question open rather than the interview stuck. Its speech
events are held until that commit, then published with QuestionAsked and LiveMetricsUpdated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from interview.ai.base import NextQuestion, SynthesizedSpeech
from interview.db.rows import Row
from interview.db.tables import InterviewSession, Question, Transcript
from interview.db.transactions import in_transaction
from interview.errors import Conflict
from interview.interviews.difficulty import next_difficulty
from interview.interviews.lifecycle import owned_session, require_active
from interview.interviews.live_metrics import refresh_live_metrics
from interview.interviews.personas import persona_profile
from interview.interviews.questions import interview_context, persona_of, store_question
from interview.interviews.turn import answers
from interview.interviews.turn.speaking import QuestionSpeaker, SpeechOutbox, announce_next_question
from interview.interviews.turn.store import previous_evaluation, scores_before
from interview.services import Services


@dataclass(frozen=True)
class SkipOutcome:
    next_question: Row | None
    """None when the skipped question was the interview's last."""
    next_question_audio: SynthesizedSpeech | None
    live_metrics: Row


async def skip_question(services: Services, user_id: UUID, session_id: str) -> SkipOutcome:
    """Skip the awaited question; CONFLICT when the session is not ACTIVE or nothing is awaited."""
    session = await owned_session(user_id, session_id)
    require_active(session)
    question = await answers.awaited_question(session["id"])
    if question is None:
        raise Conflict("No question is awaiting an answer, so there is nothing to skip.")
    number = question["sequence_number"]
    persona = await persona_of(session)
    context = await interview_context(
        session,
        persona,
        number + 1,
        last_evaluation=await previous_evaluation(session["id"], number),
        last_answer_skipped=True,
    )
    speaker: QuestionSpeaker | None = None
    next_question: NextQuestion | None = None
    outbox = SpeechOutbox(services.broker, session["id"], held=True)
    if number < session["planned_questions"]:
        speaker = QuestionSpeaker(services.providers.tts, persona_profile(persona).voice, uuid4(), outbox)
        next_question = await speaker.listen(services.providers.interviewer.stream_question(context))
    try:
        stored_next, live = await _store_skip(session, persona, question, next_question, speaker)
    except BaseException:
        if speaker is not None:
            speaker.cancel()
        raise
    clip = await announce_next_question(services.broker, session["id"], speaker, outbox, stored_next, live)
    return SkipOutcome(next_question=stored_next, next_question_audio=clip, live_metrics=live)


async def _store_skip(
    session: Row,
    persona: Row,
    question: Row,
    next_question: NextQuestion | None,
    speaker: QuestionSpeaker | None,
) -> tuple[Row | None, Row]:
    """Mark the skip and store the next question together; CONFLICT if an answer or skip came first."""
    number = question["sequence_number"]

    async def write() -> tuple[Row | None, Row]:
        current = await answers.locked_question(question["id"])
        answered = await Transcript.exists().where(
            (Transcript.session == session["id"])
            & (Transcript.sequence_number == number)
            & (Transcript.speaker == "USER")
        )
        if current is None or current["skipped"] or answered:
            raise Conflict(f"Question {number} was answered or skipped meanwhile.")
        await Question.update({Question.skipped: True}).where(Question.id == question["id"])
        stored_next = None
        if next_question is not None and speaker is not None:
            stored_next = await store_question(
                session, persona, number + 1, next_question, question_id=speaker.question_id
            )
        history = await scores_before(session["id"], number)
        difficulty = next_difficulty(session["current_difficulty"], None, history, skipped=True)
        await InterviewSession.update({InterviewSession.current_difficulty: difficulty}).where(
            InterviewSession.id == session["id"]
        )
        live = await refresh_live_metrics(session, datetime.now(UTC), None)
        return stored_next, live

    return await in_transaction(write)
