"""skipQuestion: the awaited question is marked skipped and the next one asked, or null at the end."""

from __future__ import annotations

from interview.db.tables import Transcript
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import (
    SESSION,
    SKIP,
    client_for,
    error_of,
    interview_with_question,
    recorded_events,
    submit,
    with_settings,
)


async def test_skipping_asks_the_next_question_and_the_skipped_one_takes_no_answer(
    client: GraphQLClient, services: Services
) -> None:
    interview = await interview_with_question(client)
    token = interview.account.token
    async with recorded_events(services, interview.session_id) as events:
        turn = (await client.data(SKIP, {"s": interview.session_id}, token))["skipQuestion"]

    assert turn["question"]["sequenceNumber"] == 2 and not turn["question"]["skipped"]
    assert turn["audio"]["mimeType"] == "audio/ogg" and turn["audio"]["durationMs"] > 500
    session = (await client.data(SESSION, {"s": interview.session_id}, token))["session"]
    first, second = session["questions"]
    assert first["skipped"] and first["answeredAt"] is None and second["id"] == turn["question"]["id"]
    assert session["totalResponses"] == 0
    assert session["currentDifficulty"] == "EASY"  # one step down from MEDIUM after a skip
    assert not await Transcript.exists().where(
        (Transcript.session == interview.session_id) & (Transcript.speaker == "USER")
    )

    assert events.first_appearance() == ["InterviewerSpeech", "QuestionAsked", "LiveMetricsUpdated"]
    speech = events.of("InterviewerSpeech")
    assert [m["chunkIndex"] for m in speech] == list(range(len(speech))) and speech[-1]["final"]
    assert {m["questionId"] for m in speech} == {turn["question"]["id"]}
    assert events.of("LiveMetricsUpdated")[0]["metrics"]["questions_completed"] == 1

    error = error_of(await submit(interview, 1, b"unused"))
    assert error["extensions"]["code"] == "CONFLICT" and error["extensions"]["expected"] == 2


async def test_skipping_the_last_question_returns_null_and_then_nothing_is_awaited(
    services: Services,
) -> None:
    async with client_for(with_settings(services, interview_length=2)) as client:
        interview = await interview_with_question(client)
        token = interview.account.token
        assert (await client.data(SKIP, {"s": interview.session_id}, token))["skipQuestion"] is not None
        assert (await client.data(SKIP, {"s": interview.session_id}, token))["skipQuestion"] is None
        assert await client.error_code(SKIP, {"s": interview.session_id}, token) == "CONFLICT"
        session = (await client.data(SESSION, {"s": interview.session_id}, token))["session"]
        assert [q["skipped"] for q in session["questions"]] == [True, True]
        assert session["status"] == "ACTIVE"


async def test_skipping_needs_an_active_interview(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    token = interview.account.token
    await client.data(
        "mutation($s: ID!) { pauseInterview(sessionId: $s) { status } }", {"s": interview.session_id}, token
    )
    assert await client.error_code(SKIP, {"s": interview.session_id}, token) == "CONFLICT"
    stranger = await client.register("Stranger")
    assert await client.error_code(SKIP, {"s": interview.session_id}, stranger.token) == "NOT_FOUND"
