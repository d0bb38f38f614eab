"""GET /answers/{transcriptId}/audio and Transcript.audioUrl: the candidate hears their own answers."""

from __future__ import annotations

import hashlib
import uuid

from interview.db.tables import AudioChunk, Transcript
from interview.services import Services

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import interview_with_question, result_of, spoken_answer, submit

TRANSCRIPTS = "query($s: ID!) { session(id: $s) { transcripts { id speaker sequenceNumber audioUrl } } }"
CREATE_TOKEN = 'mutation($s: [TokenScope!]!) { createApiToken(name: "player", scopes: $s) { token } }'


def _path(url: str, services: Services) -> str:
    base = services.settings.base_url()
    assert url.startswith(base + "/answers/"), url
    return url.removeprefix(base)


async def _get(client: GraphQLClient, path: str, token: str | None = None) -> tuple[int, bytes, str]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.http.get(path, headers=headers)
    return response.status_code, response.content, response.headers.get("content-type", "")


async def test_the_owner_hears_the_answer_exactly_as_uploaded(
    client: GraphQLClient, services: Services
) -> None:
    interview = await interview_with_question(client)
    answer_id = result_of(await submit(interview, 1))["transcript"]["id"]
    token = interview.account.token

    transcripts = (await client.data(TRANSCRIPTS, {"s": interview.session_id}, token))["session"][
        "transcripts"
    ]
    assert [t["audioUrl"] is not None for t in transcripts] == [t["speaker"] == "USER" for t in transcripts]
    answer = next(t for t in transcripts if t["speaker"] == "USER")
    assert answer["id"] == answer_id
    path = _path(answer["audioUrl"], services)
    assert path == f"/answers/{answer_id}/audio"

    status, body, mime = await _get(client, path, token)
    assert status == 200 and mime == "audio/webm"
    assert hashlib.sha256(body).digest() == hashlib.sha256(spoken_answer()).digest()

    api_token = (await client.data(CREATE_TOKEN, {"s": ["REPORTS_READ"]}, token))["createApiToken"]["token"]
    assert (await _get(client, path, api_token))[1] == body


async def test_everyone_else_gets_a_bare_404(client: GraphQLClient) -> None:
    interview = await interview_with_question(client)
    answer_id = result_of(await submit(interview, 1))["transcript"]["id"]
    token = interview.account.token
    transcripts = (await client.data(TRANSCRIPTS, {"s": interview.session_id}, token))["session"][
        "transcripts"
    ]
    question_id = next(t["id"] for t in transcripts if t["speaker"] == "AI")
    stranger = await client.register("Stranger")

    for path, caller in [
        (f"/answers/{answer_id}/audio", None),
        (f"/answers/{answer_id}/audio", stranger.token),
        (f"/answers/{answer_id}/audio", "not-a-token"),
        (f"/answers/{uuid.uuid4()}/audio", token),
        ("/answers/not-an-id/audio", token),
        (f"/answers/{question_id}/audio", token),  # the interviewer's turn has no recording
    ]:
        status, body, _ = await _get(client, path, caller)
        assert (status, body) == (404, b""), (path, caller)


async def test_a_live_recording_is_its_chunks_in_order_and_no_audio_means_no_url(
    client: GraphQLClient, services: Services
) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    session_id = uuid.UUID(session["id"])
    chunks = [b"chunk-zero|", b"chunk-one|", b"chunk-two"]
    for number in (1, 2):
        await Transcript(
            session=session_id,
            sequence_number=number,
            speaker="USER",
            speaker_name="Candidate",
            text="An answer.",
            status="COMPLETE",
        ).save()
    for index in (2, 0, 1):  # stored out of order, as chunks may arrive
        data = chunks[index]
        await AudioChunk(
            session=session_id,
            sequence_number=1,
            chunk_index=index,
            kind="LIVE",
            data=data,
            mime_type="audio/webm",
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        ).save()

    transcripts = (await client.data(TRANSCRIPTS, {"s": session["id"]}, account.token))["session"][
        "transcripts"
    ]
    by_number = {t["sequenceNumber"]: t for t in transcripts}
    assert by_number[2]["audioUrl"] is None
    status, body, mime = await _get(client, _path(by_number[1]["audioUrl"], services), account.token)
    assert (status, body, mime) == (200, b"".join(chunks), "audio/webm")
    status, _, _ = await _get(client, f"/answers/{by_number[2]['id']}/audio", account.token)
    assert status == 404
