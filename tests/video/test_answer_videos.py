"""Answer videos end to end through the real app: chunked upload over HTTP, the checked publish,
playback by signed URL with byte ranges, captions, timeline markers, sharing and deletion."""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import av
import httpx
import pytest
from interview.app import create_app
from interview.db.tables import AnswerVideo, Feedback, InterviewSession
from interview.media_storage.s3 import S3MediaStorage
from interview.services import Services

from tests.graphql_client import Account, GraphQLClient
from tests.reports.factories import Answer, stored_interview
from tests.video.recordings import TEXT, answer_video, chunks

pytestmark = pytest.mark.timeout(300)

QUOTING_FEEDBACK = "You named the cause plainly: 'the cache was the problem'."

SESSION_VIDEOS = """
query($id: ID!) { session(id: $id) { transcripts {
  speaker videoUrl captionsUrl timeline { kind startMs endMs label }
} } }
"""
SHARED_VIDEOS = """
query($token: String!) { reportByShareToken(token: $token) { session { transcripts {
  speaker videoUrl captionsUrl timeline { kind }
} } } }
"""


def _auth(account: Account) -> dict[str, str]:
    return {"authorization": f"Bearer {account.token}"}


def _path(url: str) -> str:
    return urlsplit(url).path


async def _interview(account: Account, video_enabled: bool = True) -> UUID:
    stored = await stored_interview(account.user_id, [Answer(text=TEXT), Answer(text="Second answer.")])
    await Feedback.update({Feedback.technical_feedback: QUOTING_FEEDBACK}).where(
        Feedback.session == stored.session_id
    )
    if not video_enabled:
        await InterviewSession.update({InterviewSession.video_enabled: False}).where(
            InterviewSession.id == stored.session_id
        )
    return stored.session_id


async def _record(
    http: httpx.AsyncClient, account: Account, session_id: UUID, data: bytes, number: int = 1
) -> httpx.Response:
    for index, piece in enumerate(chunks(data)):
        sent = await http.put(
            f"/uploads/video/{session_id}/{number}/chunks/{index}", content=piece, headers=_auth(account)
        )
        assert sent.status_code == 200, sent.text
    return await http.post(f"/uploads/video/{session_id}/{number}/finish", headers=_auth(account))


async def _answer(client: GraphQLClient, account: Account, session_id: UUID) -> dict[str, Any]:
    data = await client.data(SESSION_VIDEOS, {"id": str(session_id)}, account.token)
    answers = [t for t in data["session"]["transcripts"] if t["speaker"] == "USER"]
    first: dict[str, Any] = answers[0]
    return first


_CUES = b"\x1c\x53\xbb\x6b"
"""The Matroska Cues element id: the index a player seeks by."""


def _packets(webm: bytes) -> list[bytes]:
    with av.open(io.BytesIO(webm)) as container:
        return [bytes(packet) for packet in container.demux() if packet.size]


def _code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_a_recorded_answer_plays_with_ranges_captions_and_markers(
    client: GraphQLClient, services: Services
) -> None:
    account = await client.register("Video Candidate")
    session_id = await _interview(account)
    recording = answer_video()

    finished = await _record(client.http, account, session_id, recording)
    assert finished.status_code == 200, finished.text
    assert 7000 <= finished.json()["durationMs"] <= 8500

    answer = await _answer(client, account, session_id)
    whole = await client.http.get(_path(answer["videoUrl"]))
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "video/webm"
    assert len(whole.content) == finished.json()["sizeBytes"]
    # The same packets, remuxed so a browser can seek: a duration and cues, which MediaRecorder omits.
    assert _packets(whole.content) == _packets(recording)
    with av.open(io.BytesIO(whole.content)) as played:
        assert played.duration is not None
        assert abs(played.duration / 1000 - finished.json()["durationMs"]) < 300
    assert _CUES in whole.content
    ranged = await client.http.get(_path(answer["videoUrl"]), headers={"range": "bytes=100-1099"})
    assert ranged.status_code == 206
    assert ranged.headers["content-range"] == f"bytes 100-1099/{len(whole.content)}"
    assert ranged.content == whole.content[100:1100]

    captions = await client.http.get(_path(answer["captionsUrl"]))
    assert captions.headers["content-type"].startswith("text/vtt")
    assert captions.text.startswith("WEBVTT")
    assert "cache" in captions.text and "deploy." in captions.text

    markers = answer["timeline"]
    pauses = [m for m in markers if m["kind"] == "LONG_PAUSE"]
    assert len(pauses) == 1 and 2000 <= pauses[0]["startMs"] <= 2600 and 4500 <= pauses[0]["endMs"] <= 5100
    assert [m["label"] for m in markers if m["kind"] == "FILLER"] == ["um", "basically"]
    quotes = [m for m in markers if m["kind"] == "QUOTE"]
    assert [q["label"] for q in quotes] == ["the cache was the problem"]
    assert quotes[0]["endMs"] <= pauses[0]["startMs"] + 1  # said before the pause
    assert [m["startMs"] for m in markers] == sorted(m["startMs"] for m in markers)

    # The second answer has no video: no URLs, no markers.
    data = await client.data(SESSION_VIDEOS, {"id": str(session_id)}, account.token)
    second = [t for t in data["session"]["transcripts"] if t["speaker"] == "USER"][1]
    assert second["videoUrl"] is None and second["captionsUrl"] is None and second["timeline"] == []


async def test_nothing_is_visible_before_the_finish_and_a_bad_recording_is_dropped_whole(
    client: GraphQLClient, services: Services
) -> None:
    account = await client.register("Half Recorder")
    session_id = await _interview(account)
    recording = answer_video()
    first = await client.http.put(
        f"/uploads/video/{session_id}/1/chunks/0", content=recording[:5000], headers=_auth(account)
    )
    assert first.status_code == 200 and first.json() == {"receivedBytes": 5000}
    assert (await _answer(client, account, session_id))["videoUrl"] is None

    # A gap in the chunks cannot be published.
    await client.http.put(
        f"/uploads/video/{session_id}/1/chunks/2", content=b"x" * 10, headers=_auth(account)
    )
    gap = await client.http.post(f"/uploads/video/{session_id}/1/finish", headers=_auth(account))
    assert gap.status_code == 409 and gap.json()["errors"][0]["extensions"]["missingChunk"] == 1

    # Bytes that are no webm video (chunk 0 sent again replaces the first): refused, and the row
    # and every staged chunk are gone.
    for index in (0, 1):
        await client.http.put(
            f"/uploads/video/{session_id}/1/chunks/{index}", content=os.urandom(4000), headers=_auth(account)
        )
    bad = await client.http.post(f"/uploads/video/{session_id}/1/finish", headers=_auth(account))
    assert bad.status_code == 400 and _code(bad) == "BAD_USER_INPUT"
    assert not await AnswerVideo.exists().where(AnswerVideo.session == session_id)
    assert await services.media_storage.delete_prefix(f"{session_id}/") == 0

    # A sound-only webm is no video either.
    from tests.video.recordings import spoken, webm_video

    sound_only = await _record(client.http, account, session_id, webm_video(spoken(), with_video=False))
    assert sound_only.status_code == 400 and _code(sound_only) == "BAD_USER_INPUT"

    # The candidate records again, and this time it is published.
    again = await _record(client.http, account, session_id, recording)
    assert again.status_code == 200
    assert (await _answer(client, account, session_id))["videoUrl"] is not None
    repeated = await client.http.post(f"/uploads/video/{session_id}/1/finish", headers=_auth(account))
    assert repeated.json() == again.json()
    late = await client.http.put(
        f"/uploads/video/{session_id}/1/chunks/99", content=b"x", headers=_auth(account)
    )
    assert late.status_code == 409 and _code(late) == "CONFLICT"


@pytest.fixture
async def capped_client(services: Services) -> AsyncIterator[GraphQLClient]:
    settings = services.settings.model_copy(update={"video_max_bytes": 40_000, "video_max_seconds": 5})
    async with GraphQLClient.open(create_app(settings, services=services)) as capped:
        yield capped


async def test_the_size_and_duration_caps_are_clear_errors(capped_client: GraphQLClient) -> None:
    account = await capped_client.register("Long Talker")
    session_id = await _interview(account)
    recording = answer_video()  # ~56 KB and 7.7 s: over both caps
    responses = [
        await capped_client.http.put(
            f"/uploads/video/{session_id}/1/chunks/{i}", content=piece, headers=_auth(account)
        )
        for i, piece in enumerate(chunks(recording))
    ]
    refused = [r for r in responses if r.status_code != 200]
    assert refused and refused[0].status_code == 413 and _code(refused[0]) == "PAYLOAD_TOO_LARGE"
    assert "MiB" in refused[0].json()["errors"][0]["message"]

    other = await _interview(account)
    from tests.video.recordings import spoken, webm_video

    longer = webm_video(spoken()[: 16_000 * 6], fps=2)  # 6 s of sound, a tiny picture: small but too long
    assert len(longer) < 40_000, len(longer)
    too_long = await _record(capped_client.http, account, other, longer)
    assert too_long.status_code == 413 and _code(too_long) == "PAYLOAD_TOO_LARGE"
    assert "min" in too_long.json()["errors"][0]["message"]
    assert not await AnswerVideo.exists().where(AnswerVideo.session == other)


async def test_the_upload_follows_the_apis_auth_rules(client: GraphQLClient) -> None:
    owner = await client.register("Owner")
    stranger = await client.register("Stranger")
    session_id = await _interview(owner)
    url = f"/uploads/video/{session_id}/1/chunks/0"

    anonymous = await client.http.put(url, content=b"x")
    assert anonymous.status_code == 401 and _code(anonymous) == "UNAUTHENTICATED"
    theirs = await client.http.put(url, content=b"x", headers=_auth(stranger))
    assert theirs.status_code == 404 and _code(theirs) == "NOT_FOUND"
    reader = await client.data(
        'mutation { createApiToken(name: "dash", scopes: [REPORTS_READ]) { token } }', token=owner.token
    )
    read_only = await client.http.put(
        url, content=b"x", headers={"authorization": f"Bearer {reader['createApiToken']['token']}"}
    )
    assert read_only.status_code == 403 and _code(read_only) == "FORBIDDEN"
    not_asked = await client.http.put(
        f"/uploads/video/{session_id}/9/chunks/0", content=b"x", headers=_auth(owner)
    )
    assert not_asked.status_code == 404
    no_video = await _interview(owner, video_enabled=False)
    refused = await client.http.put(
        f"/uploads/video/{no_video}/1/chunks/0", content=b"x", headers=_auth(owner)
    )
    assert refused.status_code == 409 and _code(refused) == "CONFLICT"
    bad_number = await client.http.put(
        f"/uploads/video/{session_id}/x/chunks/0", content=b"x", headers=_auth(owner)
    )
    assert bad_number.status_code == 400


async def test_a_share_link_shows_video_only_when_the_owner_includes_it(client: GraphQLClient) -> None:
    account = await client.register("Sharer")
    session_id = await _interview(account)
    assert (await _record(client.http, account, session_id, answer_video())).status_code == 200
    report = await client.data(
        "mutation($s: ID!) { endInterview(sessionId: $s) { id } }", {"s": str(session_id)}, account.token
    )
    report_id = report["endInterview"]["id"]
    share = (
        "mutation($r: ID!, $v: Boolean!)"
        " { shareReport(reportId: $r, includeVideo: $v) { token includesVideo } }"
    )

    without = (await client.data(share, {"r": report_id, "v": False}, account.token))["shareReport"]
    assert without["includesVideo"] is False
    seen = await client.data(SHARED_VIDEOS, {"token": without["token"]})
    answer = next(t for t in seen["reportByShareToken"]["session"]["transcripts"] if t["speaker"] == "USER")
    assert answer["videoUrl"] is None and answer["captionsUrl"] is None and answer["timeline"] == []

    included = (await client.data(share, {"r": report_id, "v": True}, account.token))["shareReport"]
    assert included["token"] == without["token"] and included["includesVideo"] is True
    seen = await client.data(SHARED_VIDEOS, {"token": included["token"]})
    answer = next(t for t in seen["reportByShareToken"]["session"]["transcripts"] if t["speaker"] == "USER")
    assert answer["timeline"]
    assert (await client.http.get(_path(answer["videoUrl"]))).status_code == 200
    assert (await client.http.get(_path(answer["captionsUrl"]))).status_code == 200

    # Unticking it withdraws the video at once, from URLs already handed out too.
    await client.data(share, {"r": report_id, "v": False}, account.token)
    assert (await client.http.get(_path(answer["videoUrl"]))).status_code == 404
    assert (await client.http.get(_path(answer["captionsUrl"]))).status_code == 404


async def _delete_interview(client: GraphQLClient, account: Account, session_id: UUID) -> None:
    await client.data(
        "mutation($s: ID!) { deleteInterview(sessionId: $s) }", {"s": str(session_id)}, account.token
    )


async def test_deleting_an_interview_or_account_removes_the_stored_videos(
    client: GraphQLClient, services: Services
) -> None:
    account = await client.register("Leaver")
    kept, deleted = await _interview(account), await _interview(account)
    for session_id in (kept, deleted):
        assert (await _record(client.http, account, session_id, answer_video())).status_code == 200
    url = (await _answer(client, account, deleted))["videoUrl"]
    # A half-recorded second answer leaves staged chunks: they go too.
    await client.http.put(f"/uploads/video/{deleted}/2/chunks/0", content=b"x" * 100, headers=_auth(account))

    await _delete_interview(client, account, deleted)
    assert (await client.http.get(_path(url))).status_code == 404
    assert await services.media_storage.delete_prefix(f"{deleted}/") == 0
    kept_key = await AnswerVideo.select(AnswerVideo.storage_key).where(AnswerVideo.session == kept).first()
    assert kept_key is not None and await services.media_storage.size(kept_key["storage_key"]) is not None

    await client.data(
        "mutation($p: String!) { deleteAccount(password: $p) }", {"p": "correct horse battery"}, account.token
    )
    assert await services.media_storage.size(kept_key["storage_key"]) is None
    assert await services.media_storage.delete_prefix(f"{kept}/") == 0


async def test_videos_go_to_and_come_from_s3_compatible_storage(
    services: Services, s3_storage: S3MediaStorage
) -> None:
    on_s3 = dataclasses.replace(services, media_storage=s3_storage)
    async with GraphQLClient.open(create_app(services.settings, services=on_s3)) as client:
        account = await client.register("Cloud Candidate")
        session_id = await _interview(account)
        recording = answer_video()
        assert (await _record(client.http, account, session_id, recording)).status_code == 200
        answer = await _answer(client, account, session_id)
        whole = await client.http.get(_path(answer["videoUrl"]))
        assert _packets(whole.content) == _packets(recording)
        ranged = await client.http.get(_path(answer["videoUrl"]), headers={"range": "bytes=-500"})
        assert ranged.status_code == 206 and ranged.content == whole.content[-500:]
        stored = (
            await AnswerVideo.select(AnswerVideo.storage_key).where(AnswerVideo.session == session_id).first()
        )
        assert stored is not None and await s3_storage.size(stored["storage_key"]) == len(whole.content)
        await _delete_interview(client, account, session_id)
        assert await s3_storage.size(stored["storage_key"]) is None
        assert await s3_storage.delete_prefix(f"{session_id}/") == 0


async def test_recording_a_refused_answer_again_replaces_its_video(
    client: GraphQLClient, services: Services
) -> None:
    """ "No speech detected" leaves the question open: the next take's video replaces the first; once
    the answer is taken, its video is final."""
    from interview.db.tables import Transcript

    from tests.video.recordings import spoken, webm_video

    account = await client.register("Second Take")
    session_id = await _interview(account)
    answer = (
        (Transcript.session == session_id)
        & (Transcript.sequence_number == 1)
        & (Transcript.speaker == "USER")
    )
    await Transcript.update({Transcript.status: "FAILED"}).where(answer)

    first = await _record(client.http, account, session_id, answer_video())
    assert first.status_code == 200, first.text
    first_key = (
        await AnswerVideo.select(AnswerVideo.storage_key).where(AnswerVideo.session == session_id).first()
    )
    shorter = webm_video(spoken()[: 16_000 * 3])
    second = await _record(client.http, account, session_id, shorter)
    assert second.status_code == 200, second.text
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["durationMs"] < first.json()["durationMs"] - 2000
    assert first_key is not None  # the same key, now holding the second take alone
    assert await services.media_storage.size(first_key["storage_key"]) == second.json()["sizeBytes"]

    await Transcript.update({Transcript.status: "COMPLETE"}).where(answer)
    played = await client.http.get(_path((await _answer(client, account, session_id))["videoUrl"]))
    assert len(played.content) == second.json()["sizeBytes"]
    taken = await client.http.put(
        f"/uploads/video/{session_id}/1/chunks/0", content=shorter[:4000], headers=_auth(account)
    )
    assert taken.status_code == 409 and _code(taken) == "CONFLICT"


async def test_video_uploads_are_rate_limited_per_user(services: Services) -> None:
    settings = services.settings.model_copy(update={"video_requests_per_minute": 3})
    async with GraphQLClient.open(create_app(settings, services=services)) as limited:
        account = await limited.register("Fast Uploader")
        other = await limited.register("Other Uploader")
        session_id = await _interview(account)
        other_session = await _interview(other)
        recording = answer_video()
        codes = []
        for index in range(4):
            sent = await limited.http.put(
                f"/uploads/video/{session_id}/1/chunks/{index}",
                content=recording[:1000],
                headers=_auth(account),
            )
            codes.append(sent.status_code)
        assert codes[:3] == [200, 200, 200] and codes[3] == 429, codes
        assert _code(sent) == "RATE_LIMITED"
        assert 1 <= int(sent.headers["retry-after"]) <= 60
        assert sent.json()["errors"][0]["extensions"]["retryAfter"] == int(sent.headers["retry-after"])
        # Counted per user: another candidate uploads meanwhile.
        theirs = await limited.http.put(
            f"/uploads/video/{other_session}/1/chunks/0", content=recording[:1000], headers=_auth(other)
        )
        assert theirs.status_code == 200, theirs.text


async def test_a_large_recording_is_published_without_holding_it_in_memory(client: GraphQLClient) -> None:
    """The finish streams the chunks through temporary files: Python's allocations while publishing a
    recording of several MB stay a fraction of its size (they were twice its size)."""
    import tracemalloc

    from tests.video.recordings import spoken, webm_video

    account = await client.register("Big Recorder")
    session_id = await _interview(account)
    recording = webm_video(spoken(), noisy=True)
    assert len(recording) > 4_000_000
    for index, piece in enumerate(chunks(recording, 512 * 1024)):
        sent = await client.http.put(
            f"/uploads/video/{session_id}/1/chunks/{index}", content=piece, headers=_auth(account)
        )
        assert sent.status_code == 200, sent.text
    tracemalloc.start()
    try:
        finished = await client.http.post(f"/uploads/video/{session_id}/1/finish", headers=_auth(account))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert finished.status_code == 200, finished.text
    assert finished.json()["sizeBytes"] > 4_000_000
    assert peak < len(recording) / 2, f"peak {peak} bytes for a {len(recording)}-byte recording"
    played = await client.http.get(_path((await _answer(client, account, session_id))["videoUrl"]))
    assert _packets(played.content) == _packets(recording)
