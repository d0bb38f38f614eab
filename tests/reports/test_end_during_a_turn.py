"""Ending right after answering: an answer a live turn is still processing makes it into the report."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from interview.db.tables import Feedback, Question, Transcript
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.reports.factories import Answer, stored_interview

END = "mutation($s: ID!) { endInterview(sessionId: $s) { id questionsAnswered bestAnswer { id } } }"


async def _answer_received(session_id: UUID) -> dict[str, Any]:
    """Question 2 asked and its answer stored (RECEIVED), as a turn leaves it before its slow work."""
    question = Question(
        session=session_id,
        sequence_number=2,
        question_text="And how did you test it?",
        question_type="TECHNICAL",
        difficulty="MEDIUM",
        generated_by_model="test/bank",
    )
    await question.save()
    answer = Transcript(
        session=session_id,
        question=question.id,
        sequence_number=2,
        speaker="USER",
        speaker_name="Candidate",
        status="RECEIVED",
    )
    await answer.save()
    return {"question": question.id, "answer": answer.id}


async def _finish_turn(session_id: UUID, ids: dict[str, Any]) -> None:
    """What a turn stores at its end: the answer COMPLETE, its feedback, the question answered."""
    await Transcript.update(
        {
            Transcript.status: "COMPLETE",
            Transcript.text: "With a replay of production traffic.",
            Transcript.speech_pace: 130.0,
            Transcript.speaking_time_ms: 10_000,
            Transcript.filler_word_count: 0,
        }
    ).where(Transcript.id == ids["answer"])
    await Feedback(
        session=session_id,
        transcript=ids["answer"],
        technical_score=9.5,
        clarity_score=9.5,
        confidence_score=9.5,
        behavioral_score=9.5,
        overall_score=9.5,
        technical_feedback="t",
        clarity_feedback="c",
        confidence_feedback="f",
        behavioral_feedback="b",
        feedback_summary="Excellent.",
        evaluator_model="test/rubric",
    ).save()
    await Question.update({Question.answered_at: datetime.now(UTC), Question.response_time_seconds: 3}).where(
        Question.id == ids["question"]
    )


async def test_an_answer_in_flight_is_waited_for(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, [Answer()])
    ids = await _answer_received(stored.session_id)

    async with services.turn_locks.try_hold(ids["answer"]) as taken:  # the live turn
        assert taken
        ending = asyncio.create_task(client.data(END, {"s": str(stored.session_id)}, account.token))
        await asyncio.sleep(0.4)
        assert not ending.done()  # waiting for the turn
        await _finish_turn(stored.session_id, ids)
    report = (await ending)["endInterview"]
    assert report["questionsAnswered"] == 2
    assert report["bestAnswer"]["id"] == str(ids["answer"])


async def test_an_abandoned_answer_is_not_waited_for(client: GraphQLClient) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, [Answer()])
    await _answer_received(stored.session_id)  # RECEIVED, but no turn holds its lock
    started = time.monotonic()
    report = (await client.data(END, {"s": str(stored.session_id)}, account.token))["endInterview"]
    assert time.monotonic() - started < 5
    assert report["questionsAnswered"] == 1
