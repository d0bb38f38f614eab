"""The same answer twice, one after the other or racing: one answer stored, one result returned."""

from __future__ import annotations

import asyncio
from typing import Any

from interview.db.tables import AudioChunk, Feedback, Question, Transcript
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import interview_with_question, recorded_events, result_of, submit


def _identity(result: dict[str, Any]) -> tuple[Any, ...]:
    turn = result["interviewerResponse"]
    return (
        result["transcript"]["id"],
        result["transcription"],
        result["voiceMetrics"],
        result["evaluation"],
        turn["question"],
        turn["audio"]["mimeType"],
        result["liveMetrics"],
    )


async def _stored(session_id: str) -> tuple[int, int, int, int]:
    return (
        int(
            await Transcript.count().where(
                (Transcript.session == session_id) & (Transcript.speaker == "USER")
            )
        ),
        int(await AudioChunk.count().where(AudioChunk.session == session_id)),
        int(await Feedback.count().where(Feedback.session == session_id)),
        int(await Question.count().where(Question.session == session_id)),
    )


async def test_submitting_the_same_answer_again_replays_the_first_result_and_publishes_nothing(
    client: GraphQLClient, services: Services
) -> None:
    interview = await interview_with_question(client)
    first = result_of(await submit(interview, 1))
    async with recorded_events(services, interview.session_id) as events:
        again = result_of(await submit(interview, 1))
    assert _identity(again) == _identity(first)
    assert again["interviewerResponse"]["audio"]["base64"]
    assert events.messages == []
    assert await _stored(interview.session_id) == (1, 1, 1, 2)


async def test_two_racing_submits_store_one_answer_and_return_the_same_result(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    responses = await asyncio.gather(submit(interview, 1), submit(interview, 1))
    first, second = (result_of(response) for response in responses)
    assert _identity(first) == _identity(second)
    assert await _stored(interview.session_id) == (1, 1, 1, 2)
