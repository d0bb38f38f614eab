"""Audio bombs through the API: refused by what the file declares, before anything is stored."""

from __future__ import annotations

from interview.db.tables import AudioChunk, Transcript
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import (
    client_for,
    error_of,
    interview_with_question,
    result_of,
    submit,
    with_settings,
)
from tests.speech.audio_bombs import BOMB

APPEND = (
    "mutation($s: ID!, $i: Int!, $a: Upload!) "
    "{ appendAnswerAudio(sessionId: $s, sequenceNumber: 1, chunkIndex: $i, audio: $a) { silenceDurationMs } }"
)


async def _stored(session_id: str) -> tuple[int, int]:
    answers = await Transcript.count().where(
        (Transcript.session == session_id) & (Transcript.speaker == "USER")
    )
    return int(answers), int(await AudioChunk.count().where(AudioChunk.session == session_id))


async def test_a_420_byte_answer_declaring_6_minutes_is_refused(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    error = error_of(await submit(interview, 1, BOMB))
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "longer than 5 minutes" in error["message"]
    assert await _stored(interview.session_id) == (0, 0)


async def test_a_bomb_as_the_first_recorder_chunk_is_refused(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    response = await client.upload(
        APPEND, {"s": interview.session_id, "i": 0}, "a", BOMB, token=interview.account.token
    )
    assert error_of(response)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await _stored(interview.session_id) == (0, 0)


async def test_the_answer_cap_is_a_setting(services: Services) -> None:
    async with client_for(with_settings(services, max_answer_seconds=2.0)) as client:
        interview = await interview_with_question(client)
        error = error_of(await submit(interview, 1))  # the spoken answer is ~5 s
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE" and "longer than 2 s" in error["message"]


async def test_a_turn_over_its_time_fails_and_keeps_the_answer(services: Services) -> None:
    async with client_for(with_settings(services, turn_timeout_seconds=0.2)) as client:
        interview = await interview_with_question(client)
        error = error_of(await submit(interview, 1))
        assert error["extensions"]["code"] == "PROVIDER_UNAVAILABLE" and "took over 0.2 s" in error["message"]
    answer = (
        await Transcript.select()
        .where((Transcript.session == interview.session_id) & (Transcript.speaker == "USER"))
        .first()
    )
    assert answer is not None and answer["status"] == "FAILED"
    assert answer["turn_attempts"] == 0  # a run that ended (here: timed out) is no crash
    async with client_for(services) as client:
        interview.client = client
        result = result_of(await submit(interview, 1))
        assert result["transcript"]["id"] == str(answer["id"])
