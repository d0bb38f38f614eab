"""Poison answers: a turn that never finishes (its process dies each time) is not retried forever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview.db.tables import AudioChunk, Transcript
from interview.interviews.turn.recovery import recover_unfinished_answers
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import (
    Interview,
    error_of,
    interview_with_question,
    recorded_events,
    result_of,
    submit,
    with_settings,
)


async def _left_unfinished(client: GraphQLClient, attempts: int) -> tuple[Interview, str]:
    """An answer as a process that died mid-turn `attempts` times leaves it: RECEIVED, counted."""
    interview = await interview_with_question(client)
    answer_id = result_of(await submit(interview, 1))["transcript"]["id"]
    await Transcript.update(
        {
            Transcript.status: "RECEIVED",
            Transcript.turn_attempts: attempts,
            Transcript.timestamp: datetime.now(UTC) - timedelta(minutes=5),
        }
    ).where(Transcript.id == answer_id)
    return interview, answer_id


async def test_recovery_gives_up_after_the_attempts_and_keeps_the_answer(
    services: Services, client: GraphQLClient
) -> None:
    interview, answer_id = await _left_unfinished(client, attempts=3)
    session_id = interview.session_id
    patient = with_settings(services, turn_max_attempts=3, turn_recovery_grace_seconds=0)
    async with recorded_events(patient, session_id) as events:
        assert await recover_unfinished_answers(patient) == 0
    answer = await Transcript.select().where(Transcript.id == answer_id).first()
    assert answer is not None and answer["status"] == "FAILED" and answer["error_code"] == "INTERNAL"
    assert answer["turn_attempts"] == 3
    assert await AudioChunk.count().where(AudioChunk.session == session_id) == 1
    [failed] = events.of("TurnFailed")
    assert failed["sequenceNumber"] == 1 and "after 3 attempts" in failed["message"]
    # and a later pass, in any process, leaves it alone
    assert await recover_unfinished_answers(patient) == 0


async def test_a_submit_of_an_abandoned_answer_does_not_run_it_again(client: GraphQLClient) -> None:
    interview, answer_id = await _left_unfinished(client, attempts=3)  # the default turn_max_attempts
    await Transcript.update({Transcript.status: "FAILED"}).where(Transcript.id == answer_id)
    error = error_of(await submit(interview, 1))
    assert "after 3 attempts" in error["message"] and "skip this question" in error["message"]
    row = await Transcript.select(Transcript.turn_attempts).where(Transcript.id == answer_id).first()
    assert row is not None and row["turn_attempts"] == 3
