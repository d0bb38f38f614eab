"""appendAnswerAudio: recorder chunks stored as they come, measured live, published each time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import numpy as np
import pytest
from interview.db.tables import AudioChunk
from interview.services import Services
from interview.speech.encode import encode_pcm
from interview.speech.types import SAMPLE_RATE

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.interviews.helpers import client_for, with_settings
from tests.live.conftest import LiveServer
from tests.live.recordings import LiveRecording, live_recording
from tests.live.ws import METRICS, GraphQLWebSocket

pytestmark = pytest.mark.slow

INITIAL = "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id sequenceNumber } } }"
APPEND = """
mutation($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {
  appendAnswerAudio(
    sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio
  ) {
    sessionId currentQuestionNumber currentVolume currentSpeechPace silenceDurationMs lastUpdated
  }
}
"""


@pytest.fixture(scope="module")
def recording() -> LiveRecording:
    return live_recording()


async def _asked(client: GraphQLClient, account: Account) -> str:
    session = await start_interview(client, account)
    await client.data(INITIAL, {"id": session["id"]}, account.token)
    session_id: str = session["id"]
    return session_id


async def _append(
    client: GraphQLClient,
    account: Account,
    session_id: str,
    index: int,
    data: bytes,
    sequence_number: int = 1,
) -> dict[str, Any]:
    response = await client.upload(
        APPEND,
        {"sessionId": session_id, "sequenceNumber": sequence_number, "chunkIndex": index},
        "audio",
        data,
        token=account.token,
    )
    body: dict[str, Any] = response.json()
    return body


async def _metrics(
    client: GraphQLClient, account: Account, session_id: str, index: int, data: bytes
) -> dict[str, Any]:
    body = await _append(client, account, session_id, index, data)
    assert not body.get("errors"), body
    metrics: dict[str, Any] = body["data"]["appendAnswerAudio"]
    return metrics


async def _code(
    client: GraphQLClient, account: Account, session_id: str, index: int, data: bytes, **kw: Any
) -> Any:
    body = await _append(client, account, session_id, index, data, **kw)
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


async def _stored(session_id: str) -> list[int]:
    rows = (
        await AudioChunk.select(AudioChunk.chunk_index)
        .where((AudioChunk.session == UUID(session_id)) & (AudioChunk.kind == "LIVE"))
        .order_by(AudioChunk.chunk_index)
    )
    return [row["chunk_index"] for row in rows]


async def test_chunks_in_order_update_the_meters_and_publish_each_time(
    live_server: LiveServer, client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    session_id = await _asked(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(METRICS, {"id": session_id})
        before = (await ws.next_payload(operation))["data"]["liveMetrics"]
        assert before["currentVolume"] is None
        returned = [
            await _metrics(client, account, session_id, index, chunk)
            for index, chunk in enumerate(recording.chunks)
        ]
        published = [
            (await ws.next_payload(operation))["data"]["liveMetrics"] for _ in range(len(recording.chunks))
        ]
    assert [m["lastUpdated"] for m in published] == [m["lastUpdated"] for m in returned]
    assert all(0.3 < m["currentVolume"] < 0.95 for m in returned), returned
    last = returned[-1]
    assert last["currentQuestionNumber"] == 1
    # The recording ends with 1.5 s of silence after the last word.
    assert 1100 <= last["silenceDurationMs"] <= 1700, last
    assert all(m["silenceDurationMs"] < 600 for m in returned[1:-1]), returned
    # Pace: the words recognised so far, and syllables for the speech not transcribed yet (the
    # chunks came faster than speech, so most of it): within 25% of the truth here.
    truth = recording.answer.words_per_minute
    assert last["currentSpeechPace"] == pytest.approx(truth, rel=0.25), (last, truth)
    assert await _stored(session_id) == list(range(len(recording.chunks)))


async def test_out_of_order_chunks_are_measured_up_to_the_first_gap(
    client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    session_id = await _asked(client, account)
    chunks = recording.chunks
    first = await _metrics(client, account, session_id, 0, chunks[0])
    early = await _metrics(client, account, session_id, 2, chunks[2])
    # Chunk 1 is missing: only chunk 0 can be decoded, so the meters read as after chunk 0.
    assert (early["currentVolume"], early["silenceDurationMs"], early["currentSpeechPace"]) == (
        first["currentVolume"],
        first["silenceDurationMs"],
        first["currentSpeechPace"],
    )
    filled = await _metrics(client, account, session_id, 1, chunks[1])
    assert filled["currentVolume"] != first["currentVolume"]
    for index in range(3, len(chunks)):
        last = await _metrics(client, account, session_id, index, chunks[index])
    assert last["silenceDurationMs"] >= 1100
    assert await _stored(session_id) == list(range(len(chunks)))


async def test_a_repeated_chunk_is_a_no_op_and_other_bytes_under_its_index_conflict(
    client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    session_id = await _asked(client, account)
    chunks = recording.chunks
    await _metrics(client, account, session_id, 0, chunks[0])
    after_one = await _metrics(client, account, session_id, 1, chunks[1])
    again = await _metrics(client, account, session_id, 1, chunks[1])
    assert again == after_one, "a retried upload changes nothing, not even lastUpdated"
    conflict = await _code(client, account, session_id, 1, chunks[2])
    assert conflict["code"] == "CONFLICT"
    assert conflict["chunkIndex"] == 1
    assert await _stored(session_id) == [0, 1]


async def test_chunks_are_refused_for_the_wrong_turn_a_foreign_session_or_bad_audio(
    client: GraphQLClient, recording: LiveRecording
) -> None:
    account = await client.register()
    stranger = await client.register()
    session_id = await _asked(client, account)
    chunk = recording.chunks[0]
    wrong = await _code(client, account, session_id, 0, chunk, sequence_number=2)
    assert (wrong["code"], wrong["expected"]) == ("CONFLICT", 1)
    assert (await _code(client, stranger, session_id, 0, chunk))["code"] == "NOT_FOUND"
    assert (await _code(client, account, session_id, 0, b"this is not audio at all"))[
        "code"
    ] == "INVALID_AUDIO"
    assert (await _code(client, account, session_id, -1, chunk))["code"] == "BAD_USER_INPUT"
    await client.data(
        "mutation($id: ID!) { pauseInterview(sessionId: $id) { id } }", {"id": session_id}, account.token
    )
    assert (await _code(client, account, session_id, 0, chunk))["code"] == "CONFLICT"
    assert await _stored(session_id) == []


FINISH = """
mutation($sessionId: ID!) { finishAnswer(sessionId: $sessionId, sequenceNumber: 1) { transcript { id } } }
"""
LIVE = "query($id: ID!) { liveMetrics(sessionId: $id) { currentVolume currentSpeechPace silenceDurationMs } }"


async def test_a_refused_take_leaves_no_figures_in_the_live_metrics(client: GraphQLClient) -> None:
    account = await client.register()
    session_id = await _asked(client, account)
    # Room noise, no speech: the meters count silence while it is recorded.
    hiss = np.random.default_rng(7).normal(0, 30, SAMPLE_RATE * 4).astype(np.int16)
    webm = encode_pcm(hiss, SAMPLE_RATE, "webm", live=True)
    size = -(-len(webm) // 4)
    for index in range(4):
        measured = await _metrics(client, account, session_id, index, webm[index * size : (index + 1) * size])
    assert measured["silenceDurationMs"] >= 2000, measured
    refused = await client.execute(FINISH, {"sessionId": session_id}, account.token)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", refused
    after = (await client.data(LIVE, {"id": session_id}, account.token))["liveMetrics"]
    # Nothing of the refused take stays on show while the candidate records it again.
    assert after == {"currentVolume": None, "currentSpeechPace": None, "silenceDurationMs": None}


STORED_ANSWER = "query($id: ID!) { session(id: $id) { transcripts { id speaker text audioUrl } } }"


async def test_a_streamed_answer_is_stored_once_and_a_retry_runs_from_its_chunks(
    services: Services, recording: LiveRecording
) -> None:
    """The recorder chunks are the answer's stored audio (no second copy of the joined recording):
    a turn that failed is run again from them, and they are what its playback serves."""
    impatient = with_settings(services, turn_timeout_seconds=0.001)
    async with client_for(impatient) as client:
        account = await client.register()
        session_id = await _asked(client, account)
        for index, chunk in enumerate(recording.chunks):
            await _metrics(client, account, session_id, index, chunk)
        failed = await client.execute(FINISH, {"sessionId": session_id}, account.token)
    assert failed["errors"][0]["extensions"]["code"] == "PROVIDER_UNAVAILABLE", failed

    chunks = await AudioChunk.select(AudioChunk.kind, AudioChunk.size_bytes).where(
        AudioChunk.session == UUID(session_id)
    )
    assert {chunk["kind"] for chunk in chunks} == {"LIVE"}
    assert sum(chunk["size_bytes"] for chunk in chunks) == sum(len(c) for c in recording.chunks)

    async with client_for(services) as client:
        retried = await client.data(FINISH, {"sessionId": session_id}, account.token)
        stored = await client.data(STORED_ANSWER, {"id": session_id}, account.token)
        [answer] = [t for t in stored["session"]["transcripts"] if t["speaker"] == "USER"]
        assert answer["id"] == retried["finishAnswer"]["transcript"]["id"]
        assert "index" in answer["text"].lower()
        played = await client.http.get(answer["audioUrl"])
    assert played.status_code == 200 and played.headers["content-type"].startswith("audio/webm")
    assert played.content == b"".join(recording.chunks)
