"""A whole answer turn seen by a websocket subscriber: the contract's events, in its order."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.recordings import LiveRecording, live_recording
from tests.live.ws import EVENTS, GraphQLWebSocket

pytestmark = pytest.mark.slow

INITIAL = "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id sequenceNumber } } }"
APPEND = """
mutation($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {
  appendAnswerAudio(
    sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio
  ) { currentVolume }
}
"""
FINISH = """
mutation($sessionId: ID!, $sequenceNumber: Int!) {
  finishAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber) {
    transcript { id sequenceNumber speaker text }
    transcription { text durationMs }
    voiceMetrics { speechPace volumeLevel }
    evaluation { id overallScore }
    interviewerResponse { question { id sequenceNumber questionText leadIn } }
    liveMetrics { questionsCompleted currentQuestionNumber currentSpeechPace silenceDurationMs }
  }
}
"""
LIVE = "query($id: ID!) { liveMetrics(sessionId: $id) { lastUpdated } }"
SUBMIT = """
mutation($sessionId: ID!, $sequenceNumber: Int!, $audio: Upload!) {
  submitAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber, audio: $audio) {
    transcript { id } evaluation { id } interviewerResponse { question { id sequenceNumber } }
  }
}
"""

# What the contract orders; InterviewerAcknowledged (an addition) may come anywhere after the transcript.
CONTRACT_TYPES = {
    "TranscriptReady",
    "AnswerEvaluated",
    "InterviewerSpeech",
    "QuestionAsked",
    "LiveMetricsUpdated",
}


@pytest.fixture(scope="module")
def recording() -> LiveRecording:
    return live_recording()


def assert_turn_in_contract_order(
    events: list[dict[str, Any]], answer_id: str, question: dict[str, Any]
) -> None:
    """TranscriptReady first; then AnswerEvaluated and InterviewerSpeech 0..n (the last final) as
    each is ready (the relaxed order); QuestionAsked after both, then LiveMetricsUpdated."""
    ordered = [e for e in events if e["__typename"] in CONTRACT_TYPES]
    kinds = [e["__typename"] for e in ordered]
    speech = [e for e in ordered if e["__typename"] == "InterviewerSpeech"]
    assert kinds[0] == "TranscriptReady" and kinds[-2:] == ["QuestionAsked", "LiveMetricsUpdated"], kinds
    assert sorted(kinds[1:-2]) == ["AnswerEvaluated"] + ["InterviewerSpeech"] * len(speech), kinds
    assert ordered[0]["transcript"]["id"] == answer_id
    assert ordered[kinds.index("AnswerEvaluated")]["transcriptId"] == answer_id
    assert [s["chunkIndex"] for s in speech] == list(range(len(speech)))
    assert [s["final"] for s in speech] == [False] * (len(speech) - 1) + [True]
    assert all(s["questionId"] == question["id"] for s in speech)
    spoken = "".join(s["textDelta"] for s in speech)
    said = f"{question['leadIn'] or ''} {question['questionText']}"
    assert "".join(spoken.split()) == "".join(said.split())
    assert any(s["audio"] for s in speech)
    assert ordered[-2]["question"]["id"] == question["id"]
    assert ordered[-1]["metrics"]["questionsCompleted"] == 1
    acknowledged = [i for i, e in enumerate(events) if e["__typename"] == "InterviewerAcknowledged"]
    assert all(i > events.index(ordered[0]) for i in acknowledged)


async def _asked(client: GraphQLClient, account: Account) -> str:
    session = await start_interview(client, account)
    await client.data(INITIAL, {"id": session["id"]}, account.token)
    session_id: str = session["id"]
    return session_id


async def test_a_live_recorded_answer_finishes_into_the_whole_turn_in_order(
    live_server: LiveServer, client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    session_id = await _asked(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session_id})
        assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
        for index, chunk in enumerate(recording.chunks):
            response = await client.upload(
                APPEND,
                {"sessionId": session_id, "sequenceNumber": 1, "chunkIndex": index},
                "audio",
                chunk,
                token=account.token,
            )
            assert not response.json().get("errors"), response.json()
        while_recording = await ws.events_until(operation, "PartialTranscript")
        assert {e["__typename"] for e in while_recording} == {"LiveMetricsUpdated", "PartialTranscript"}
        partial = while_recording[-1]
        # The words are recognised while the answer is still open (the recording's closing
        # silence ends its utterance), before finishAnswer.
        assert partial["sequenceNumber"] == 1 and "measuring" in partial["text"].lower(), partial
        # New words bring the pace again (LiveMetricsUpdated); let the transcription settle and
        # read every event it caused, up to the live metrics as stored, before finishing.
        live = live_server.services.live_answers.get((UUID(session_id), 1))
        assert live is not None
        await live.settled()
        stored = (await client.data(LIVE, {"id": session_id}, account.token))["liveMetrics"]
        while_settling = [partial]
        while not (
            while_settling[-1]["__typename"] == "LiveMetricsUpdated"
            and while_settling[-1]["metrics"]["lastUpdated"] == stored["lastUpdated"]
        ):
            while_settling.append(await ws.event(operation))
        assert {e["__typename"] for e in while_settling} == {"LiveMetricsUpdated", "PartialTranscript"}
        result = (await client.data(FINISH, {"sessionId": session_id, "sequenceNumber": 1}, account.token))[
            "finishAnswer"
        ]
        events = await ws.events_until(operation, "QuestionAsked")
        events.append(await ws.event(operation))
    assert result["transcript"]["sequenceNumber"] == 1
    assert "index" in result["transcript"]["text"].lower()
    assert result["transcription"]["durationMs"] > 0.9 * recording.duration_seconds * 1000
    assert result["interviewerResponse"]["question"]["sequenceNumber"] == 2
    assert result["liveMetrics"]["questionsCompleted"] == 1
    # Between answers the meters show the last answer, and no silence: nobody is answering yet.
    assert result["liveMetrics"]["currentSpeechPace"] == result["voiceMetrics"]["speechPace"]
    assert result["liveMetrics"]["silenceDurationMs"] is None
    assert_turn_in_contract_order(
        events, result["transcript"]["id"], result["interviewerResponse"]["question"]
    )
    # Finishing again replays the first result.
    again = (await client.data(FINISH, {"sessionId": session_id, "sequenceNumber": 1}, account.token))[
        "finishAnswer"
    ]
    assert again["transcript"]["id"] == result["transcript"]["id"]


async def test_finish_answer_checks_the_turn_and_the_chunks(
    client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    stranger = await client.register()
    session_id = await _asked(client, account)
    variables = {"sessionId": session_id, "sequenceNumber": 1}
    assert await client.error_code(FINISH, variables, stranger.token) == "NOT_FOUND"
    body = await client.execute(FINISH, {**variables, "sequenceNumber": 3}, account.token)
    assert body["errors"][0]["extensions"] == {"code": "CONFLICT", "expected": 1}
    assert await client.error_code(FINISH, variables, account.token) == "BAD_USER_INPUT"  # nothing recorded
    for index in (0, 2):
        await client.upload(
            APPEND, {**variables, "chunkIndex": index}, "audio", recording.chunks[index], token=account.token
        )
    body = await client.execute(FINISH, variables, account.token)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "missingChunk": 1}


async def test_a_submitted_answer_reaches_the_subscriber_in_contract_order(
    live_server: LiveServer, client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    session_id = await _asked(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(EVENTS, {"id": session_id})
        assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
        response = await client.upload(
            SUBMIT,
            {"sessionId": session_id, "sequenceNumber": 1},
            "audio",
            recording.webm,
            token=account.token,
        )
        body = response.json()
        assert not body.get("errors"), body
        result = body["data"]["submitAnswer"]
        events = await ws.events_until(operation, "QuestionAsked")
        events.append(await ws.event(operation))
    question = next(e["question"] for e in events if e["__typename"] == "QuestionAsked")
    assert question["id"] == result["interviewerResponse"]["question"]["id"]
    assert_turn_in_contract_order(events, result["transcript"]["id"], question)
