"""The pace shown while an answer is spoken ends within 10% of the pace stored for the answer.

Real speech (Piper) streamed chunk by chunk through appendAnswerAudio, heard by the local Whisper
as it arrives, watched on the liveMetrics subscription; then finishAnswer stores the final pace.
A recorder sends a chunk a second and Whisper transcribes about 15× faster than real time, so
each chunk's closed utterances are transcribed before the next chunk comes: the test waits for
that (the answer's `settled`) instead of sleeping a second per chunk.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

import pytest
from interview.db.tables import Transcript
from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, speak_script
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.recordings import LiveRecording, live_recording
from tests.live.ws import METRICS, GraphQLWebSocket
from tests.speech_fixtures import piper

pytestmark = pytest.mark.slow

INITIAL = "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id sequenceNumber } } }"
APPEND = """
mutation($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {
  appendAnswerAudio(
    sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio
  ) { currentSpeechPace lastUpdated }
}
"""
LIVE = "query($id: ID!) { liveMetrics(sessionId: $id) { currentSpeechPace lastUpdated } }"
FINISH = """
mutation($sessionId: ID!) {
  finishAnswer(sessionId: $sessionId, sequenceNumber: 1) {
    transcript { id } voiceMetrics { speechPace } liveMetrics { currentSpeechPace }
  }
}
"""

STOPPED_AT_ONCE = AnswerScript(
    sentences=[
        "So I took the job on my own and I got it done in a week.",
        "It was hard but I kept at it and the team was glad.",
        "We shipped it on time and no one had to stay late.",
    ],
    silences_after=[0.9, 0.7],
    leading_seconds=0.8,
    trailing_seconds=0.3,
    voice=VoiceProfile(name="candidate"),
)
"""Short plain words, where syllables alone read a third under the true pace, and a stop 0.3 s
after the last word: the last sentence is still open (not transcribed) when the recording ends."""


@cache
def stopped_at_once() -> LiveRecording:
    answer = speak_script(piper(), STOPPED_AT_ONCE)
    webm = encode_pcm(answer.samples, SAMPLE_RATE, "webm", live=True)
    count = max(2, round(len(answer.samples) / SAMPLE_RATE))
    size = -(-len(webm) // count)
    return LiveRecording(
        answer=answer, webm=webm, chunks=[webm[i : i + size] for i in range(0, len(webm), size)]
    )


RECORDINGS = {
    "closing silence": live_recording,
    "stopped at once": stopped_at_once,
}


async def _stream(
    live_server: LiveServer,
    client: GraphQLClient,
    account: Account,
    session_id: str,
    recording: LiveRecording,
) -> None:
    key = (UUID(session_id), 1)
    for index, chunk in enumerate(recording.chunks):
        response = await client.upload(
            APPEND,
            {"sessionId": session_id, "sequenceNumber": 1, "chunkIndex": index},
            "audio",
            chunk,
            token=account.token,
        )
        assert not response.json().get("errors"), response.json()
        live = live_server.services.live_answers.get(key)
        assert live is not None
        await live.settled()


async def _last_published(ws: GraphQLWebSocket, operation: str, last_updated: str) -> dict[str, Any]:
    """The subscription's messages up to the one the stored row was written with."""
    while True:
        metrics: dict[str, Any] = (await ws.next_payload(operation))["data"]["liveMetrics"]
        if metrics["lastUpdated"] == last_updated:
            return metrics


@pytest.mark.parametrize("name", list(RECORDINGS))
async def test_the_last_live_pace_is_within_ten_percent_of_the_stored_pace(
    live_server: LiveServer, client: GraphQLClient, name: str
) -> None:
    recording = RECORDINGS[name]()
    account = await client.register()
    session = await start_interview(client, account)
    session_id: str = session["id"]
    await client.data(INITIAL, {"id": session_id}, account.token)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(METRICS, {"id": session_id})
        await ws.next_payload(operation)  # the metrics as they stand
        await _stream(live_server, client, account, session_id, recording)
        stored = (await client.data(LIVE, {"id": session_id}, account.token))["liveMetrics"]
        seen = await _last_published(ws, operation, stored["lastUpdated"])
    assert seen["currentSpeechPace"] == stored["currentSpeechPace"]
    finished = (await client.data(FINISH, {"sessionId": session_id}, account.token))["finishAnswer"]
    row = (
        await Transcript.select(Transcript.speech_pace)
        .where(Transcript.id == UUID(finished["transcript"]["id"]))
        .first()
    )
    assert row is not None
    final = row["speech_pace"]
    assert final == finished["voiceMetrics"]["speechPace"] == finished["liveMetrics"]["currentSpeechPace"]
    assert seen["currentSpeechPace"] == pytest.approx(final, rel=0.10), (name, seen, final)
