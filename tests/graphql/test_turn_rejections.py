"""What is not a turn is refused with the contract's codes, and rejected audio stores nothing."""

from __future__ import annotations

from interview.db.tables import AudioChunk, Transcript
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import (
    client_for,
    error_of,
    interview_with_question,
    result_of,
    silence,
    submit,
    with_settings,
)

PAUSE = "mutation($s: ID!) { pauseInterview(sessionId: $s) { status } }"


async def _stored(session_id: str) -> tuple[int, int]:
    answers = await Transcript.count().where(
        (Transcript.session == session_id) & (Transcript.speaker == "USER")
    )
    chunks = await AudioChunk.count().where(AudioChunk.session == session_id)
    return int(answers), int(chunks)


async def test_another_candidates_session_is_not_found(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    stranger = await client.register("Stranger")
    response = await client.upload(
        "mutation($s: ID!, $a: Upload!)"
        " { submitAnswer(sessionId: $s, audio: $a, sequenceNumber: 1) { transcript { id } } }",
        {"s": interview.session_id},
        "a",
        b"not even looked at",
        token=stranger.token,
    )
    assert error_of(response)["extensions"]["code"] == "NOT_FOUND"
    assert await _stored(interview.session_id) == (0, 0)


async def test_a_paused_interview_takes_no_answer(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    await client.data(PAUSE, {"s": interview.session_id}, interview.account.token)
    error = error_of(await submit(interview, 1))
    assert error["extensions"]["code"] == "CONFLICT" and error["extensions"]["status"] == "PAUSED"
    assert await _stored(interview.session_id) == (0, 0)


async def test_an_answer_to_a_question_not_awaited_names_the_awaited_one(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    for number in (2, 0, 7):
        error = error_of(await submit(interview, number))
        assert error["extensions"]["code"] == "CONFLICT"
        assert error["extensions"]["expected"] == 1
    assert await _stored(interview.session_id) == (0, 0)


async def test_rejected_audio_stores_nothing_and_leaves_the_question_open(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    text = error_of(await submit(interview, 1, b"This is my answer, typed.\n" * 20, filename="answer.webm"))
    assert text["extensions"]["code"] == "INVALID_AUDIO" and "text" in text["message"]
    assert await _stored(interview.session_id) == (0, 0)

    quiet = error_of(await submit(interview, 1, silence()))
    assert quiet["extensions"]["code"] == "BAD_USER_INPUT" and "no speech" in quiet["message"]
    assert await _stored(interview.session_id) == (0, 0)

    result = result_of(await submit(interview, 1))
    assert result["transcript"]["sequenceNumber"] == 1
    assert await _stored(interview.session_id) == (1, 1)


async def test_an_upload_over_the_limit_is_payload_too_large_and_stores_nothing(services: Services) -> None:
    small = with_settings(services, max_upload_bytes=20_000)
    async with client_for(small) as client:
        interview = await interview_with_question(client)
        error = error_of(await submit(interview, 1, b"\x1aE\xdf\xa3" + bytes(30_000)))
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await _stored(interview.session_id) == (0, 0)
