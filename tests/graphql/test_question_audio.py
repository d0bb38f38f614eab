"""The interviewer's voice, stored: each question is synthesised once and every later ask reads the clip.

Syntheses are counted where they happen, at the fake OpenAI server (one Realtime session per clip),
with the cloud chain pointed at it.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from interview.ai.fallback import FallbackTTS, Step
from interview.ai.openai.tts import OpenAIRealtimeTTS
from interview.ai.registry import build_providers
from interview.db.tables import QuestionAudio
from interview.interviews.turn.speaking import split_sentences
from interview.services import Services

from tests.factories import start_interview
from tests.fakes.fake_ai_server import FakeAIServer, Fault
from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401
from tests.graphql_client import Account, GraphQLClient
from tests.interviews.helpers import (
    SKIP,
    Interview,
    client_for,
    interview_with_question,
    result_of,
    spoken_answer,
)

AUDIO = "audio { mimeType base64 durationMs url }"
INITIAL = (
    f"mutation($s: ID!) {{ initialQuestion(sessionId: $s) {{ question {{ id questionText }} {AUDIO} }} }}"
)
QUESTIONS = "query($s: ID!) { session(id: $s) { questions { id audio { mimeType durationMs url } } } }"
"""As a page asks after a reload: the URL (a list of clips as base64 is over the cost limit)."""
REASKED = "mutation($s: ID!) { initialQuestion(sessionId: $s) { question { audio { base64 durationMs } } } }"
SUBMITTED_AUDIO = """
mutation($s: ID!, $a: Upload!, $n: Int!) {
  submitAnswer(sessionId: $s, audio: $a, sequenceNumber: $n) {
    interviewerResponse { question { id questionText } audio { mimeType base64 durationMs url } }
  }
}
"""


@pytest.fixture
def cloud(services: Services, fake_ai: FakeAIServer) -> Services:  # noqa: F811
    """Both vendors configured and pointed at the fake; database and broker shared with the suite."""
    settings = services.settings.model_copy(
        update={**fake_ai.settings_overrides(), "provider_timeout_seconds": 1.0, "provider_max_retries": 1}
    )
    return dataclasses.replace(services, settings=settings, providers=build_providers(settings))


@pytest.fixture
async def cloud_client(cloud: Services) -> AsyncIterator[GraphQLClient]:
    async with client_for(cloud) as client:
        yield client


def syntheses(fake_ai: FakeAIServer, text: str) -> int:  # noqa: F811
    """How many clips of `text` (or of its sentences) were synthesised through the fake's Realtime API."""
    wanted = {text, *split_sentences(text)}
    count = 0
    for request in fake_ai.requests_to("realtime"):
        if request.query.get("intent") == "transcription":
            continue
        for event in request.events:
            if event.get("type") == "conversation.item.create":
                spoken = " ".join(c.get("text", "") for c in event["item"].get("content", []))
                count += spoken in wanted
    return count


async def served(client: GraphQLClient, url: str) -> tuple[int, bytes, str]:
    """What a signed URL serves to a client without any header (an <audio src>)."""
    response = await client.http.get("/media/" + url.split("/media/", 1)[1])
    return response.status_code, response.content, response.headers.get("content-type", "")


async def submit_for_audio(interview: Interview) -> dict[str, Any]:
    """submitAnswer for question 1; its interviewerResponse."""
    response = await interview.client.upload(
        SUBMITTED_AUDIO,
        {"s": interview.session_id, "n": 1},
        "a",
        spoken_answer(),
        token=interview.account.token,
    )
    turn: dict[str, Any] = result_of(response)["interviewerResponse"]
    return turn


async def questions_of(client: GraphQLClient, session_id: str, token: str) -> list[dict[str, Any]]:
    data = await client.data(QUESTIONS, {"s": session_id}, token)
    questions: list[dict[str, Any]] = data["session"]["questions"]
    return questions


async def stored_clips(session_id: str) -> int:
    return int(await QuestionAudio.count().where(QuestionAudio.session == session_id))


async def _new_session(client: GraphQLClient) -> tuple[Account, str]:
    account = await client.register()
    return account, (await start_interview(client, account))["id"]


async def test_the_first_question_is_spoken_once_and_asking_again_returns_the_stored_clip(
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    account, session_id = await _new_session(cloud_client)
    first = (await cloud_client.data(INITIAL, {"s": session_id}, account.token))["initialQuestion"]
    text = first["question"]["questionText"]
    assert first["audio"]["durationMs"] > 0 and first["audio"]["url"]
    assert syntheses(fake_ai, text) == 1

    for _ in range(3):
        again = (await cloud_client.data(INITIAL, {"s": session_id}, account.token))["initialQuestion"]
        assert again["question"] == first["question"]
        assert again["audio"]["base64"] == first["audio"]["base64"]
        assert again["audio"]["durationMs"] == first["audio"]["durationMs"]
    assert syntheses(fake_ai, text) == 1
    assert await stored_clips(session_id) == 1

    status, body, mime = await served(cloud_client, first["audio"]["url"])
    assert status == 200 and mime == first["audio"]["mimeType"]
    assert body == base64.b64decode(first["audio"]["base64"])


async def test_racing_first_questions_are_one_question_spoken_once(
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    account, session_id = await _new_session(cloud_client)
    results = await asyncio.gather(
        *(cloud_client.data(INITIAL, {"s": session_id}, account.token) for _ in range(3))
    )
    turns = [result["initialQuestion"] for result in results]
    assert len({turn["question"]["id"] for turn in turns}) == 1
    assert len({turn["audio"]["base64"] for turn in turns}) == 1
    assert syntheses(fake_ai, turns[0]["question"]["questionText"]) == 1


async def test_question_audio_is_the_stored_clip_after_a_reload(
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    account, session_id = await _new_session(cloud_client)
    first = (await cloud_client.data(INITIAL, {"s": session_id}, account.token))["initialQuestion"]
    requests = len(fake_ai.requests)

    questions = await questions_of(cloud_client, session_id, account.token)
    assert [q["id"] for q in questions] == [first["question"]["id"]]
    audio = questions[0]["audio"]
    assert audio["mimeType"] == first["audio"]["mimeType"]
    assert audio["durationMs"] == first["audio"]["durationMs"]
    status, body, mime = await served(cloud_client, audio["url"])
    assert (status, mime) == (200, audio["mimeType"])
    assert body == base64.b64decode(first["audio"]["base64"])
    # Question.audio with its bytes, where one question is asked for.
    reasked = (await cloud_client.data(REASKED, {"s": session_id}, account.token))["initialQuestion"]
    assert reasked["question"]["audio"]["base64"] == first["audio"]["base64"]
    assert len(fake_ai.requests) == requests  # nothing synthesised to answer any of it


async def test_a_replayed_submit_returns_the_first_clip_without_synthesising_again(
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    interview = await interview_with_question(cloud_client)
    fake_ai.requests.clear()  # the fake interviewer may ask question 2 in question 1's words
    first = await submit_for_audio(interview)
    text = first["question"]["questionText"]
    spoken = syntheses(fake_ai, text)
    assert spoken == len(split_sentences(text))  # each sentence once, as it streamed
    assert first["audio"]["url"] and await stored_clips(interview.session_id) == 2

    again = await submit_for_audio(interview)
    assert again["question"] == first["question"]
    assert again["audio"]["base64"] == first["audio"]["base64"]
    assert syntheses(fake_ai, text) == spoken
    assert await stored_clips(interview.session_id) == 2

    questions = await questions_of(cloud_client, interview.session_id, interview.account.token)
    assert questions[1]["audio"]["durationMs"] == first["audio"]["durationMs"]
    status, body, _ = await served(cloud_client, first["audio"]["url"])
    assert status == 200 and body == base64.b64decode(first["audio"]["base64"])


async def test_a_skip_stores_the_next_questions_clip(
    cloud_client: GraphQLClient,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    interview = await interview_with_question(cloud_client)
    token = interview.account.token
    skip = SKIP.replace("audio { mimeType durationMs }", "audio { mimeType durationMs url }")
    asked = (await cloud_client.data(skip, {"s": interview.session_id}, token))["skipQuestion"]
    questions = await questions_of(cloud_client, interview.session_id, token)
    assert questions[1]["id"] == asked["question"]["id"]
    assert questions[1]["audio"]["durationMs"] == asked["audio"]["durationMs"] > 0
    assert questions[1]["audio"]["url"] and asked["audio"]["url"]
    assert (await served(cloud_client, asked["audio"]["url"]))[0] == 200


async def test_a_question_whose_speech_failed_has_no_audio_and_is_not_synthesised_again(
    cloud: Services,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    only_cloud_voice = dataclasses.replace(
        cloud,
        providers=dataclasses.replace(
            cloud.providers, tts=FallbackTTS([Step(OpenAIRealtimeTTS(cloud.settings))])
        ),
    )
    async with client_for(only_cloud_voice) as client:
        account, session_id = await _new_session(client)
        fake_ai.fail("realtime", *[Fault.http(500)] * 10)
        first = (await client.data(INITIAL, {"s": session_id}, account.token))["initialQuestion"]
        assert first["audio"] is None
        tried = len(fake_ai.requests_to("realtime"))
        assert tried >= 1

        again = (await client.data(INITIAL, {"s": session_id}, account.token))["initialQuestion"]
        questions = await questions_of(client, session_id, account.token)
    assert again["audio"] is None and questions[0]["audio"] is None
    assert len(fake_ai.requests_to("realtime")) == tried
    assert await stored_clips(session_id) == 0


async def test_a_share_links_reader_hears_the_questions_until_the_link_is_revoked(
    cloud_client: GraphQLClient,
) -> None:
    interview = await interview_with_question(cloud_client)
    token = interview.account.token
    end = "mutation($s: ID!) { endInterview(sessionId: $s) { id } }"
    report_id = (await cloud_client.data(end, {"s": interview.session_id}, token))["endInterview"]["id"]
    share = "mutation($r: ID!, $on: Boolean!) { shareReport(reportId: $r, enabled: $on) { token } }"
    link = (await cloud_client.data(share, {"r": report_id, "on": True}, token))["shareReport"]["token"]
    by_link = (
        "query($t: String!) { reportByShareToken(token: $t) { session { questions { audio { url } } } } }"
    )
    shared = (await cloud_client.data(by_link, {"t": link}))["reportByShareToken"]["session"]["questions"]
    owners = await questions_of(cloud_client, interview.session_id, token)
    shared_url, owners_url = shared[0]["audio"]["url"], owners[0]["audio"]["url"]
    assert shared_url != owners_url  # scoped to the link
    assert (await served(cloud_client, shared_url))[0] == 200

    await cloud_client.data(share, {"r": report_id, "on": False}, token)
    assert (await served(cloud_client, shared_url))[:2] == (404, b"")
    assert (await served(cloud_client, owners_url))[0] == 200
