"""QuestionAsked carries the question's stored clip: a subscriber can play it by its signed URL."""

from __future__ import annotations

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.live.conftest import LiveServer
from tests.live.ws import GraphQLWebSocket

ASKED = """
subscription($id: ID!) {
  interviewEvents(sessionId: $id) {
    __typename
    ... on QuestionAsked { question { id audio { mimeType durationMs url } } }
  }
}
"""
INITIAL = """
mutation($s: ID!) { initialQuestion(sessionId: $s) { question { id } audio { mimeType durationMs url } } }
"""


async def test_question_asked_brings_the_stored_audio(live_server: LiveServer, client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    async with GraphQLWebSocket.open(live_server.ws_url, account.token) as ws:
        operation = await ws.subscribe(ASKED, {"id": session["id"]})
        await ws.event(operation)  # the current live metrics come first
        turn = (await client.data(INITIAL, {"s": session["id"]}, account.token))["initialQuestion"]
        asked = (await ws.events_until(operation, "QuestionAsked"))[-1]["question"]
    assert asked["id"] == turn["question"]["id"]
    audio = asked["audio"]
    assert audio["url"] and (audio["mimeType"], audio["durationMs"]) == (
        turn["audio"]["mimeType"],
        turn["audio"]["durationMs"],
    )
    response = await client.http.get("/media/" + audio["url"].split("/media/", 1)[1])
    assert response.status_code == 200 and response.content
