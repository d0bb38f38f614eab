"""The Python `gql` client, as a third-party dashboard would use it: HTTP, multipart upload, websockets.

`gql` refuses binary websocket frames ("Binary data received in the websocket"), so its
subscription is the check that every graphql-transport-ws message is a text frame.
"""

from __future__ import annotations

import io

import pytest
from gql import Client, FileVar, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from tests.conformance.clients import candidate, graphql, tone_wav
from tests.live.processes import ApiProcess

pytestmark = pytest.mark.slow

GRAPHQL_TRANSPORT_WS = "graphql-transport-ws"

EVENTS = """subscription Events($id: ID!) {
      interviewEvents(sessionId: $id) {
        __typename sessionId at
        ... on LiveMetricsUpdated { metrics { sessionId questionsCompleted } }
        ... on SessionStatusChanged { status }
      }
    }"""


def _events(session_id: str) -> GraphQLRequest:
    request = gql(EVENTS)
    request.variable_values = {"id": session_id}
    return request


def _http(server: ApiProcess, token: str | None = None) -> Client:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    transport = HTTPXAsyncTransport(url=f"{server.http_url}/graphql", headers=headers, timeout=60)
    return Client(transport=transport)


def _websocket(server: ApiProcess, token: str) -> Client:
    transport = WebsocketsTransport(
        url=server.ws_url,
        init_payload={"authorization": f"Bearer {token}"},
        subprotocols=[GRAPHQL_TRANSPORT_WS],  # type: ignore[list-item]
    )
    return Client(transport=transport)


async def test_queries_and_mutations_over_http(api_server: ApiProcess) -> None:
    async with _http(api_server) as anonymous:
        personas = await anonymous.execute(gql("{ personas { id name } }"))
        assert personas["personas"]
        with pytest.raises(TransportQueryError) as refused:
            await anonymous.execute(gql("{ sessions { totalCount } }"))
        assert refused.value.errors and refused.value.errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    interview = await candidate(api_server)
    async with _http(api_server, interview.token) as signed_in:
        query = gql("query($id: ID!) { session(id: $id) { id status } }")
        query.variable_values = {"id": interview.session_id}
        assert (await signed_in.execute(query))["session"] == {"id": interview.session_id, "status": "ACTIVE"}


async def test_an_answer_file_uploaded_as_a_multipart_request(api_server: ApiProcess) -> None:
    interview = await candidate(api_server)
    await graphql(
        api_server,
        "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { sequenceNumber } } }",
        {"id": interview.session_id},
        interview.token,
    )
    append = gql(
        """mutation($id: ID!, $audio: Upload!) {
             appendAnswerAudio(sessionId: $id, sequenceNumber: 1, chunkIndex: 0, audio: $audio) {
               sessionId currentQuestionNumber
             }
           }"""
    )
    append.variable_values = {
        "id": interview.session_id,
        "audio": FileVar(io.BytesIO(tone_wav()), filename="answer.wav", content_type="audio/wav"),
    }
    async with _http(api_server, interview.token) as client:
        metrics = (await client.execute(append, upload_files=True))["appendAnswerAudio"]
        assert metrics["sessionId"] == interview.session_id

        not_audio = gql(
            """mutation($id: ID!, $audio: Upload!) {
                 submitAnswer(sessionId: $id, audio: $audio, sequenceNumber: 1) { transcript { id } }
               }"""
        )
        not_audio.variable_values = {
            "id": interview.session_id,
            "audio": FileVar(io.BytesIO(b"certainly not audio"), filename="answer.webm"),
        }
        with pytest.raises(TransportQueryError) as refused:
            await client.execute(not_audio, upload_files=True)
        assert refused.value.errors and refused.value.errors[0]["extensions"]["code"] == "INVALID_AUDIO"


async def test_a_subscription_over_graphql_transport_ws(api_server: ApiProcess) -> None:
    interview = await candidate(api_server)
    seen: list[dict[str, object]] = []
    async with _websocket(api_server, interview.token) as client:
        async for result in client.subscribe(_events(interview.session_id)):
            event = result["interviewEvents"]
            seen.append(event)
            if event["__typename"] == "LiveMetricsUpdated" and len(seen) == 1:
                await graphql(
                    api_server,
                    "mutation($id: ID!) { cancelInterview(sessionId: $id) { id } }",
                    {"id": interview.session_id},
                    interview.token,
                )
        # The generator ended by itself: the server completed the subscription after CANCELLED.
    assert [event["__typename"] for event in seen] == ["LiveMetricsUpdated", "SessionStatusChanged"]
    assert seen[1]["status"] == "CANCELLED"


async def test_gql_gets_a_contract_error_for_a_strangers_session(api_server: ApiProcess) -> None:
    owner = await candidate(api_server)
    stranger = await candidate(api_server)
    async with _websocket(api_server, stranger.token) as client:
        with pytest.raises(TransportQueryError) as refused:
            async for _ in client.subscribe(_events(owner.session_id)):
                pass
    assert refused.value.errors and refused.value.errors[0]["extensions"]["code"] == "NOT_FOUND"
