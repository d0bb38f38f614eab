"""store_turn made again for a stored answer (a retry after a COMMIT whose outcome was lost with its
connection) returns what was stored and writes nothing more."""

from __future__ import annotations

import dataclasses
from uuid import UUID

from interview.db.tables import Feedback, InterviewSession, Persona, Question, Transcript
from interview.interviews.stored import evaluation_of
from interview.interviews.turn.store import store_turn

from tests.ai.conftest import METRICS
from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import interview_with_question, result_of, submit


async def test_storing_a_stored_turn_again_returns_the_stored_result(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    first = result_of(await submit(interview, 1))
    session_id = UUID(interview.session_id)
    answer = await Transcript.select().where(Transcript.id == UUID(first["transcript"]["id"])).first()
    session = await InterviewSession.select().where(InterviewSession.id == session_id).first()
    assert answer is not None and session is not None
    question = await Question.select().where(Question.id == answer["question"]).first()
    persona = await Persona.select().where(Persona.id == session["persona"]).first()
    feedback = await Feedback.select().where(Feedback.transcript == answer["id"]).first()
    assert question is not None and persona is not None and feedback is not None

    other_evaluation = dataclasses.replace(evaluation_of(feedback), overall=1.0, summary="another")
    again = await store_turn(session, persona, question, answer, other_evaluation, METRICS, None, None)

    assert str(again.feedback["id"]) == first["evaluation"]["id"]
    assert again.feedback["overall_score"] == first["evaluation"]["overallScore"]
    assert again.next_question is not None
    assert str(again.next_question["id"]) == first["interviewerResponse"]["question"]["id"]
    assert await Feedback.count().where(Feedback.session == session_id) == 1
    assert await Question.count().where(Question.session == session_id) == 2
    stored_session = await InterviewSession.select().where(InterviewSession.id == session_id).first()
    assert stored_session is not None and stored_session["total_responses"] == 1
