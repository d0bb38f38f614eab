"""Transcript.audioUrl: the candidate hears their own answers through a signed URL, no headers."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from interview.db.tables import AudioChunk, Transcript
from interview.interviews.media import OWNER, media_path
from interview.services import Services

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import interview_with_question, result_of, spoken_answer, submit

TRANSCRIPTS = "query($s: ID!) { session(id: $s) { transcripts { id speaker sequenceNumber audioUrl } } }"
CREATE_TOKEN = 'mutation($s: [TokenScope!]!) { createApiToken(name: "player", scopes: $s) { token } }'


def media_path_of(url: str, services: Services) -> str:
    """The path of a signed media URL (the tests' client serves the app at its own origin)."""
    base = services.settings.base_url()
    assert url.startswith(base + "/media/"), url
    return url.removeprefix(base)


async def fetch(client: GraphQLClient, path: str, **headers: str) -> tuple[int, bytes, str]:
    response = await client.http.get(path, headers=headers)
    return response.status_code, response.content, response.headers.get("content-type", "")


async def test_the_owner_hears_the_answer_exactly_as_uploaded_without_headers(
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
    path = media_path_of(answer["audioUrl"], services)
    assert answer_id not in path and interview.session_id not in path  # nothing named in clear

    status, body, mime = await fetch(client, path)  # no Authorization header: an <audio src> works
    assert status == 200 and mime == "audio/webm"
    assert hashlib.sha256(body).digest() == hashlib.sha256(spoken_answer()).digest()

    # a dashboard's read-only token gets a working URL too
    api_token = (await client.data(CREATE_TOKEN, {"s": ["REPORTS_READ"]}, token))["createApiToken"]["token"]
    again = (await client.data(TRANSCRIPTS, {"s": interview.session_id}, api_token))["session"]["transcripts"]
    url = next(t["audioUrl"] for t in again if t["speaker"] == "USER")
    assert (await fetch(client, media_path_of(url, services)))[1] == body


async def test_byte_ranges_let_a_player_seek(client: GraphQLClient, services: Services) -> None:
    interview = await interview_with_question(client)
    result_of(await submit(interview, 1))
    transcripts = (await client.data(TRANSCRIPTS, {"s": interview.session_id}, interview.account.token))[
        "session"
    ]["transcripts"]
    path = media_path_of(next(t["audioUrl"] for t in transcripts if t["audioUrl"]), services)
    whole = spoken_answer()

    response = await client.http.get(path, headers={"range": "bytes=10-19"})
    assert response.status_code == 206
    assert response.content == whole[10:20]
    assert response.headers["content-range"] == f"bytes 10-19/{len(whole)}"
    assert response.headers["accept-ranges"] == "bytes"
    tail = await client.http.get(path, headers={"range": "bytes=-5"})
    assert (tail.status_code, tail.content) == (206, whole[-5:])
    beyond = await client.http.get(path, headers={"range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(whole)}"


async def test_a_tampered_forged_or_unknown_url_is_a_bare_404(
    client: GraphQLClient, services: Services
) -> None:
    interview = await interview_with_question(client)
    answer_id = result_of(await submit(interview, 1))["transcript"]["id"]
    transcripts = (await client.data(TRANSCRIPTS, {"s": interview.session_id}, interview.account.token))[
        "session"
    ]["transcripts"]
    path = media_path_of(next(t["audioUrl"] for t in transcripts if t["audioUrl"]), services)
    question_id = next(t["id"] for t in transcripts if t["speaker"] == "AI")
    header, payload, signature = path.removeprefix("/media/").split(".")
    secret = services.settings.resolved_secret_key()
    ttl = services.settings.media_url_ttl_seconds
    expired = datetime.now(UTC) - timedelta(seconds=ttl + 301)  # past the ttl and the rounding

    def flip(text: str) -> str:
        return text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]

    for bad in [
        f"/media/{header}.{payload}.{flip(signature)}",  # tampered signature
        f"/media/{header}.{flip(payload)}.{signature}",  # tampered claims
        media_path("answer", answer_id, OWNER, "another-servers-secret-key", ttl),  # forged
        media_path("answer", answer_id, OWNER, secret, ttl, now=expired),  # expired
        media_path("answer", uuid.uuid4(), OWNER, secret, ttl),  # no such answer
        media_path("answer", question_id, OWNER, secret, ttl),  # the interviewer's turn: no recording
        f"/media/{interview.account.token}",  # a login token is not a media token
        "/media/not-a-token",
    ]:
        assert bad is not None
        owner = f"Bearer {interview.account.token}"  # even the owner's header does not help
        assert await fetch(client, bad, authorization=owner) == (404, b"", ""), bad
    assert (await fetch(client, path))[0] == 200
    fresh = media_path("answer", answer_id, OWNER, secret, ttl)
    assert fresh is not None and (await fetch(client, fresh))[0] == 200


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
    status, body, mime = await fetch(client, media_path_of(by_number[1]["audioUrl"], services))
    assert (status, body, mime) == (200, b"".join(chunks), "audio/webm")
    secret, ttl = services.settings.resolved_secret_key(), services.settings.media_url_ttl_seconds
    unrecorded = media_path("answer", by_number[2]["id"], OWNER, secret, ttl)
    assert unrecorded is not None and (await fetch(client, unrecorded))[0] == 404
