"""Speculative start (issue 19, item 4): the reply begun on a pause after a sentence is used by
finishAnswer when no words came after it, thrown away when some did, and never seen before.

Real PostgreSQL and Redis; the offline stack, or the cloud chain against the fake AI server.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator
from functools import cache
from typing import Any
from uuid import UUID

import pytest
from interview.ai.registry import build_providers
from interview.db.tables import Feedback, Question, QuestionAudio, Transcript
from interview.interviews.turn.live_answers import LiveAnswer, LiveAnswers
from interview.interviews.turn.speculation import Speculation
from interview.services import Services
from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, recorder_chunks, speak_script
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.fakes.fake_ai_server import FakeAIServer
from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401
from tests.interviews.helpers import (
    Interview,
    client_for,
    interview_with_question,
    recorded_events,
    speculative_replies,
)
from tests.speech_fixtures import piper

pytestmark = pytest.mark.slow

FIRST = "I would start by measuring where the time goes in the request."
SECOND = "Then I would add an index and cache the hot queries."

PAUSED = AnswerScript(
    sentences=[FIRST, SECOND],
    silences_after=[0.3],
    leading_seconds=0.8,
    trailing_seconds=2.0,
    voice=VoiceProfile(name="candidate"),
)
"""The candidate pauses after the last sentence, then presses Done."""

GOES_ON = AnswerScript(
    sentences=[FIRST, SECOND],
    silences_after=[2.2],
    leading_seconds=0.8,
    trailing_seconds=2.0,
    voice=VoiceProfile(name="candidate"),
)
"""A pause after the first sentence, then more words (and a pause before Done)."""

SCRIPTS = {"paused": PAUSED, "goes on": GOES_ON}

APPEND = """
mutation($s: ID!, $n: Int!, $i: Int!, $audio: Upload!) {
  appendAnswerAudio(sessionId: $s, sequenceNumber: $n, chunkIndex: $i, audio: $audio) { sessionId }
}
"""
FINISH = """
mutation($s: ID!, $n: Int!) {
  finishAnswer(sessionId: $s, sequenceNumber: $n) {
    transcript { id text }
    evaluation { id }
    interviewerResponse { question { id sequenceNumber questionText } }
  }
}
"""


@cache
def chunks_of(name: str) -> list[bytes]:
    """The script spoken and cut into 1 s recorder chunks by time (webm/opus, no duration header).

    By time, as a recorder's timeslice cuts: equal byte ranges could put a whole pause, which opus
    packs into a few bytes, inside one chunk with the speech after it, and no chunk would end in it.
    """
    answer = speak_script(piper(), SCRIPTS[name])
    return recorder_chunks(encode_pcm(answer.samples, SAMPLE_RATE, "webm", live=True))


@contextlib.asynccontextmanager
async def own_live_answers(services: Services) -> AsyncIterator[Services]:
    """The services with answers being recorded of their own (closed at the end)."""
    own = dataclasses.replace(services, live_answers=LiveAnswers())
    try:
        yield own
    finally:
        await own.live_answers.aclose()


@dataclasses.dataclass
class Streamed:
    """Speculations seen after each chunk was heard, in order (the same one repeats while it lasts)."""

    seen: list[Speculation] = dataclasses.field(default_factory=list)

    def note(self, live: LiveAnswer | None) -> None:
        if live is not None and live.speculation is not None and live.speculation not in self.seen:
            self.seen.append(live.speculation)


async def stream(services: Services, interview: Interview, chunks: list[bytes]) -> Streamed:
    """Append the chunks one by one, each heard before the next is sent."""
    streamed = Streamed()
    key = (UUID(interview.session_id), 1)
    for index, chunk in enumerate(chunks):
        response = await interview.client.upload(
            APPEND,
            {"s": interview.session_id, "n": 1, "i": index},
            "audio",
            chunk,
            token=interview.account.token,
        )
        assert not response.json().get("errors"), response.json()
        live = services.live_answers.get(key)
        assert live is not None
        await live.settled()
        streamed.note(live)
    return streamed


async def finish(interview: Interview) -> dict[str, Any]:
    data = await interview.client.data(FINISH, {"s": interview.session_id, "n": 1}, interview.account.token)
    result: dict[str, Any] = data["finishAnswer"]
    return result


async def nothing_stored(session_id: str) -> None:
    sid = UUID(session_id)
    assert await Transcript.count().where((Transcript.session == sid) & (Transcript.speaker == "USER")) == 0
    assert await Feedback.count().where(Feedback.session == sid) == 0
    assert await Question.count().where(Question.session == sid) == 1  # the first question only
    assert await QuestionAudio.count().where(QuestionAudio.session == sid) <= 1  # the first question's


# -- offline ---------------------------------------------------------------------------------


async def test_a_pause_after_the_last_sentence_starts_the_reply_that_finish_uses(services: Services) -> None:
    async with own_live_answers(services) as offline, client_for(offline) as client:
        interview = await interview_with_question(client)
        async with recorded_events(offline, interview.session_id) as events:
            streamed = await stream(offline, interview, chunks_of("paused"))
            assert len(streamed.seen) == 1, "one speculative reply, on the pause after the last sentence"
            speculation = streamed.seen[0]
            assert speculation.reply.speaker is not None
            await speculation.reply.outcome()  # the evaluation and the whole next question are ready
            before = set(events.types())
            await nothing_stored(interview.session_id)
            used = speculative_replies("used")

            result = await finish(interview)
            await events.wait_for("QuestionAsked")
        metrics = await client.http.get("/metrics")

    # (3) Nothing of it reached a subscriber or the database before finishAnswer.
    assert before <= {"LiveMetricsUpdated", "PartialTranscript"}, before
    # (1) The interviewer's speech and the stored next question are the speculative ones.
    question_id = str(speculation.reply.speaker.question_id)
    assert result["interviewerResponse"]["question"]["id"] == question_id
    speech = events.of("InterviewerSpeech")
    assert speech and all(m["questionId"] == question_id for m in speech), speech
    kinds = events.types()
    assert kinds.index("TranscriptReady") < kinds.index("InterviewerSpeech")
    assert speculative_replies("used") == used + 1
    assert (
        "measuring" in result["transcript"]["text"].lower()
        and "index" in result["transcript"]["text"].lower()
    )
    assert 'interview_speculative_replies_total{outcome="used"}' in metrics.text


async def test_words_after_the_pause_throw_the_reply_away_offline(services: Services) -> None:
    async with own_live_answers(services) as offline, client_for(offline) as client:
        interview = await interview_with_question(client)
        discarded = speculative_replies("discarded")
        streamed = await stream(offline, interview, chunks_of("goes on"))
        result = await finish(interview)

    # One reply on each pause offline: the first thrown away when the candidate went on.
    assert len(streamed.seen) == 2, streamed.seen
    thrown, used = streamed.seen
    assert thrown.heard.transcription.text.strip().lower().startswith("i would start")
    assert "index" not in thrown.heard.transcription.text.lower()
    assert speculative_replies("discarded") >= discarded + 1
    assert thrown.reply.evaluating.cancelled() or thrown.reply.evaluating.done()
    assert used.reply.speaker is not None
    assert result["interviewerResponse"]["question"]["id"] == str(used.reply.speaker.question_id)
    assert "index" in result["transcript"]["text"].lower()


# -- the cloud chain against the fake AI server ---------------------------------------------


@pytest.fixture
async def cloud(services: Services, fake_ai: FakeAIServer) -> AsyncIterator[Services]:  # noqa: F811
    """Both vendors configured and pointed at the fake; database and broker shared with the suite."""
    settings = services.settings.model_copy(
        update={**fake_ai.settings_overrides(), "provider_timeout_seconds": 2.0, "provider_max_retries": 1}
    )
    providers = build_providers(settings)
    async with own_live_answers(dataclasses.replace(services, settings=settings, providers=providers)) as own:
        yield own
    await providers.aclose()


def _evaluations(fake: FakeAIServer) -> list[str]:
    """The chat requests that asked for an evaluation (structured output), as their text."""
    return [str(r.json) for r in fake.requests_to("chat") if "response_format" in (r.json or {})]


def _questions(fake: FakeAIServer) -> list[str]:
    return [str(r.json) for r in fake.requests_to("messages")]


async def test_with_the_cloud_a_used_reply_costs_each_call_once(
    cloud: Services,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    fake_ai.answers.live_transcripts = [f"{FIRST} {SECOND}"]
    async with client_for(cloud) as client:
        interview = await interview_with_question(client)
        asked_first = len(_questions(fake_ai))  # the first question
        async with recorded_events(cloud, interview.session_id) as events:
            streamed = await stream(cloud, interview, chunks_of("paused"))
            assert len(streamed.seen) == 1
            await streamed.seen[0].reply.outcome()
            evaluations, questions = len(_evaluations(fake_ai)), len(_questions(fake_ai)) - asked_first
            before = set(events.types())
            await nothing_stored(interview.session_id)

            result = await finish(interview)
            await events.wait_for("QuestionAsked")

    assert before <= {"LiveMetricsUpdated", "PartialTranscript"}, before
    assert (evaluations, questions) == (1, 1), "the speculative reply made them"
    after = (len(_evaluations(fake_ai)), len(_questions(fake_ai)) - asked_first)
    assert after == (1, 1), "finishAnswer made none again"
    speaker = streamed.seen[0].reply.speaker
    assert speaker is not None
    assert result["interviewerResponse"]["question"]["id"] == str(speaker.question_id)
    assert result["transcript"]["text"] == f"{FIRST} {SECOND}"


async def test_with_the_cloud_words_after_the_pause_throw_the_reply_away_and_it_happens_once(
    cloud: Services,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    fake_ai.answers.live_transcripts = [FIRST, SECOND]
    async with client_for(cloud) as client:
        interview = await interview_with_question(client)
        asked_first = len(_questions(fake_ai))
        async with recorded_events(cloud, interview.session_id) as events:
            streamed = await stream(cloud, interview, chunks_of("goes on"))
            result = await finish(interview)
            await events.wait_for("QuestionAsked")

    # One speculative reply per answer with the cloud: the pause before Done starts none.
    assert len(streamed.seen) == 1
    thrown = streamed.seen[0]
    assert thrown.heard.transcription.text == FIRST
    assert thrown.reply.evaluating.done()
    evaluations, questions = _evaluations(fake_ai), _questions(fake_ai)[asked_first:]
    assert len(evaluations) == 2 and len(questions) == 2, (len(evaluations), len(questions))
    assert SECOND not in evaluations[0] and SECOND in evaluations[1]
    assert SECOND in questions[1]
    whole = f"{FIRST} {SECOND}"
    assert result["transcript"]["text"] == whole
    (ready,) = events.of("TranscriptReady")
    assert ready["transcript"]["text"] == whole
    assert thrown.reply.speaker is not None
    assert result["interviewerResponse"]["question"]["id"] != str(thrown.reply.speaker.question_id)
    assert await Question.count().where(Question.id == thrown.reply.speaker.question_id) == 0
    assert all(
        m["questionId"] == result["interviewerResponse"]["question"]["id"]
        for m in events.of("InterviewerSpeech")
    )
