"""A turn whose result loses its database connection mid-transaction still completes, once.

The connection is lost for real, where a PostgreSQL restart loses it: a trigger on the turn's
first write of its result (the feedback row) terminates its own backend, the first time only (a
sequence counts, since it is not rolled back with the transaction).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from interview.db.piccolo_engine import DB
from interview.db.tables import Feedback, Transcript
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import interview_with_question, result_of, submit

LOSE_THE_FIRST_FEEDBACK_CONNECTION = [
    "CREATE SEQUENCE lose_connection_once",
    """CREATE FUNCTION lose_connection_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('lose_connection_once') = 1 THEN
        PERFORM pg_terminate_backend(pg_backend_pid());
      END IF;
      RETURN NEW;
    END $$""",
    "CREATE TRIGGER lose_connection_once BEFORE INSERT ON feedback"
    " FOR EACH ROW EXECUTE FUNCTION lose_connection_once()",
]


@pytest.fixture
async def feedback_loses_its_connection_once(services: Services) -> AsyncIterator[None]:
    for statement in LOSE_THE_FIRST_FEEDBACK_CONNECTION:
        await DB.run_ddl(statement)
    try:
        yield
    finally:
        for statement in (
            "DROP TRIGGER lose_connection_once ON feedback",
            "DROP FUNCTION lose_connection_once()",
            "DROP SEQUENCE lose_connection_once",
        ):
            await DB.run_ddl(statement)


async def test_the_turn_outlasts_a_connection_lost_while_storing_its_result(
    client: GraphQLClient, feedback_loses_its_connection_once: None
) -> None:
    interview = await interview_with_question(client)
    result = result_of(await submit(interview, 1))
    assert result["interviewerResponse"]["question"]["sequenceNumber"] == 2
    answer_id = result["transcript"]["id"]
    answer = await Transcript.select(Transcript.status).where(Transcript.id == answer_id).first()
    assert answer == {"status": "COMPLETE"}
    assert await Feedback.count().where(Feedback.transcript == answer_id) == 1
    sequence = await DB.run_ddl("SELECT last_value FROM lose_connection_once")
    assert sequence[0]["last_value"] == 2, "the first try was the one cut off"
