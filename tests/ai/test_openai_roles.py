"""The OpenAI roles through the real `openai` SDK against the fake server."""

from __future__ import annotations

import io
import time
from dataclasses import replace

import av
import pytest
from interview.ai.base import Evaluation, NextQuestion, StarFlags, TextDelta, overall_score
from interview.ai.errors import (
    ProviderBadResponse,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
)
from interview.ai.local.rubric.scores import speech_quality_score
from interview.ai.openai.evaluator import OpenAIEvaluator
from interview.ai.openai.interviewer import OpenAIInterviewer
from interview.ai.openai.report_writer import OpenAIReportWriter
from interview.ai.openai.stt import OpenAISTT
from interview.ai.openai.tts import OpenAISpeechTTS
from interview.settings import Settings

from tests.ai.conftest import (
    METRICS,
    VOICE,
    Closer,
    evaluation_request,
    interview_context,
    report_input,
    wav_audio,
)
from tests.fakes.fake_ai_server import FakeAIServer, Fault


def _decoded_ms(data: bytes) -> int:
    samples, rate = 0, 0
    with av.open(io.BytesIO(data), mode="r") as container:
        for frame in container.decode(audio=0):
            samples, rate = samples + frame.samples, frame.sample_rate
    return round(samples * 1000 / rate)


# --- speech to text ---------------------------------------------------------------------


async def test_stt_gpt_transcribe_sends_the_upload_and_returns_text_without_words(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    result = await closing(OpenAISTT(cloud_settings)).transcribe(wav_audio())

    assert result.text == fake_ai.answers.transcript
    assert result.words == []
    assert result.model == "gpt-transcribe"
    assert result.duration_ms == 1000
    (sent,) = fake_ai.requests_to("transcriptions")
    assert sent.form["model"] == "gpt-transcribe"
    assert sent.form["response_format"] == "json"
    assert "uh" in sent.form["prompt"], "a prompt with fillers keeps um/uh in the transcript"
    assert sent.file_bytes == len(wav_audio().source)
    assert sent.headers["authorization"] == "Bearer sk-fake-openai"


async def test_stt_asks_for_word_timestamps_when_the_model_gives_them(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    settings = cloud_settings.model_copy(
        update={"openai_stt_model": "whisper-1", "openai_stt_word_timestamps": True}
    )

    result = await closing(OpenAISTT(settings)).transcribe(wav_audio())

    (sent,) = fake_ai.requests_to("transcriptions")
    assert sent.form["response_format"] == "verbose_json"
    assert sent.form["timestamp_granularities[]"] == ["word", "segment"]
    assert [w.text for w in result.words] == fake_ai.answers.transcript.split()
    assert result.words[1].start == pytest.approx(0.4)
    assert result.language == "english"
    assert result.confidence == pytest.approx(0.8187, abs=1e-3)


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.http(429, retry_after=0.2), ProviderRateLimited),
        (Fault.http(500), ProviderUnavailable),
        (Fault.http(503), ProviderUnavailable),
        (Fault.slow(3), ProviderTimeout),
        (Fault.malformed_body(), ProviderBadResponse),
    ],
)
async def test_stt_failures_become_provider_errors(
    closing: Closer,
    fake_ai: FakeAIServer,
    cloud_settings: Settings,
    fault: Fault,
    expected: type[ProviderError],
) -> None:
    fake_ai.fail("transcriptions", fault)

    with pytest.raises(expected) as raised:
        await closing(OpenAISTT(cloud_settings)).transcribe(wav_audio())

    assert raised.value.provider == "openai"
    assert raised.value.retryable is (expected is not ProviderBadResponse)
    if fault.retry_after is not None:
        assert raised.value.retry_after == pytest.approx(0.2)
    assert len(fake_ai.requests_to("transcriptions")) == 1, "the SDK itself must not retry"


async def test_a_refused_request_is_not_retryable(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.fail("transcriptions", Fault.http(401))

    with pytest.raises(ProviderError) as raised:
        await closing(OpenAISTT(cloud_settings)).transcribe(wav_audio())

    assert type(raised.value) is ProviderError
    assert not raised.value.retryable


# --- evaluator -------------------------------------------------------------------------


async def test_evaluator_sends_a_strict_schema_and_scores_from_it(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    request = evaluation_request()

    evaluation = await closing(OpenAIEvaluator(cloud_settings)).evaluate(request)

    (sent,) = fake_ai.requests_to("chat")
    body = sent.json
    assert body["model"] == "gpt-6-luna"
    assert body["reasoning_effort"] == "low"
    spec = body["response_format"]["json_schema"]
    assert spec["name"] == "evaluation" and spec["strict"] is True
    schema = spec["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["properties"]["star"]["additionalProperties"] is False
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "Never guess how" in system and "hedging" in system
    assert "182 words per minute" in user and "6.0 per minute" in user and "longest 3.4 s" in user
    expected = fake_ai.answers.evaluation
    assert evaluation.technical == expected["technical"]
    assert evaluation.overall == overall_score("BEHAVIORAL", 7.5, 6.0, 6.5, 7.0)
    assert evaluation.star.has_situation is False and evaluation.star.has_result is True
    assert evaluation.speech_quality == speech_quality_score(METRICS)
    assert evaluation.filler_words == METRICS.filler_words
    assert (evaluation.model, evaluation.prompt_version) == ("gpt-6-luna", "evaluator.v2")


async def test_evaluator_clamps_scores_out_of_range(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.answers.evaluation.update(technical=14, confidence=-2)

    evaluation = await closing(OpenAIEvaluator(cloud_settings)).evaluate(evaluation_request(metrics=None))

    assert (evaluation.technical, evaluation.confidence) == (10.0, 0.0)
    assert evaluation.speech_quality == 0.0, "nothing was measured"
    assert evaluation.filler_words == []
    assert "none (typed answer" in fake_ai.requests_to("chat")[0].json["messages"][1]["content"]


@pytest.mark.parametrize("fault", [Fault.malformed_output(), Fault.malformed_body()])
async def test_evaluator_unreadable_output_is_a_bad_response(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, fault: Fault
) -> None:
    fake_ai.fail("chat", fault)

    with pytest.raises(ProviderBadResponse):
        await closing(OpenAIEvaluator(cloud_settings)).evaluate(evaluation_request())


async def test_evaluator_output_of_the_wrong_shape_is_a_bad_response(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    del fake_ai.answers.evaluation["summary"]

    with pytest.raises(ProviderBadResponse, match="does not match the schema"):
        await closing(OpenAIEvaluator(cloud_settings)).evaluate(evaluation_request())


# --- interviewer -----------------------------------------------------------------------


async def _collect(interviewer: OpenAIInterviewer, **changes: object) -> tuple[list[str], NextQuestion]:
    deltas: list[str] = []
    final: NextQuestion | None = None
    async for item in interviewer.stream_question(interview_context(**changes)):
        if isinstance(item, TextDelta):
            deltas.append(item.text)
        else:
            final = item
    assert final is not None
    return deltas, final


async def test_interviewer_streams_deltas_without_the_tag_line(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    deltas, question = await _collect(closing(OpenAIInterviewer(cloud_settings)))

    assert len(deltas) > 5
    assert "".join(deltas) == question.text
    assert question.text.startswith("Tell me about a time")
    assert "[[" not in "".join(deltas)
    assert (question.question_type, question.is_follow_up, question.difficulty) == (
        "TECHNICAL",
        False,
        "MEDIUM",
    )
    body = fake_ai.requests_to("chat")[0].json
    assert body["stream"] is True and body["reasoning_effort"] == "none"
    assert "Ada Byron" in body["messages"][0]["content"]
    assert "some kind of counter" in body["messages"][1]["content"]


async def test_interviewer_follow_up_and_raised_difficulty(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, strong_evaluation: Evaluation
) -> None:
    fake_ai.answers.question = "[[follow-up]]\nWhere exactly would that counter live, and why?"

    deltas, question = await _collect(
        closing(OpenAIInterviewer(cloud_settings)), last_evaluation=strong_evaluation, difficulty="HARD"
    )

    assert question.is_follow_up and question.question_type == "FOLLOW_UP"
    assert question.difficulty == "HARD"
    assert "".join(deltas) == "Where exactly would that counter live, and why?"
    user = fake_ai.requests_to("chat")[0].json["messages"][1]["content"]
    assert "overall 8.6" in user


async def test_interviewer_first_delta_waits_for_the_first_token(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.latency.first_token_seconds = 0.2
    fake_ai.latency.tokens_per_second = 100
    started = time.perf_counter()
    first_at: float | None = None
    async for _item in closing(OpenAIInterviewer(cloud_settings)).stream_question(interview_context()):
        if first_at is None:
            first_at = time.perf_counter() - started
    total = time.perf_counter() - started

    assert first_at is not None and 0.2 <= first_at < 1.5, "the first delta waits for --first-token"
    assert total >= 0.2 + 13 / 100 - 0.02


async def test_interviewer_broken_stream_raises_after_some_deltas(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.fail("chat", Fault.break_stream(after_chunks=4))
    deltas: list[str] = []

    with pytest.raises(ProviderUnavailable):
        async for item in closing(OpenAIInterviewer(cloud_settings)).stream_question(interview_context()):
            assert isinstance(item, TextDelta)
            deltas.append(item.text)

    assert "".join(deltas) == "Tell me about", "the tag line and three words arrived before the drop"


async def test_interviewer_rate_limited_before_any_delta(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.fail("chat", Fault.http(429, retry_after=1))

    with pytest.raises(ProviderRateLimited):
        async for _ in closing(OpenAIInterviewer(cloud_settings)).stream_question(interview_context()):
            pytest.fail("nothing should be yielded")


# --- speech endpoint TTS and the report writer -----------------------------------------


@pytest.mark.parametrize(("fmt", "mime"), [("opus", "audio/ogg"), ("mp3", "audio/mpeg")])
async def test_speech_tts_returns_decodable_audio_in_the_persona_voice(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, fmt: str, mime: str
) -> None:
    settings = cloud_settings.model_copy(update={"openai_tts_mode": "speech", "openai_tts_format": fmt})
    text = "Tell me about a time you led a migration."

    speech = await closing(OpenAISpeechTTS(settings)).synthesize(text, VOICE)

    assert speech.mime_type == mime
    assert speech.model == "gpt-4o-mini-tts"
    assert speech.duration_ms == pytest.approx(len(text) * 20, abs=60)
    assert _decoded_ms(speech.audio) == pytest.approx(speech.duration_ms, abs=60)
    (sent,) = fake_ai.requests_to("speech")
    assert sent.json == {
        "input": text,
        "model": "gpt-4o-mini-tts",
        "voice": "marin",
        "response_format": fmt,
        "speed": 1.1,
    }


async def test_speech_tts_server_error(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.fail("speech", Fault.http(503, retry_after=2))

    with pytest.raises(ProviderUnavailable) as raised:
        await closing(OpenAISpeechTTS(cloud_settings)).synthesize("Hello.", VOICE)

    assert raised.value.retry_after == 2


async def test_report_writer_structured_narrative(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    narrative = await closing(OpenAIReportWriter(cloud_settings)).write(report_input())

    assert narrative.strengths == fake_ai.answers.report["strengths"]
    assert narrative.resources == fake_ai.answers.report["resources"]
    assert (narrative.model, narrative.prompt_version) == ("gpt-6-luna", "report.v1")
    body = fake_ai.requests_to("chat")[0].json
    assert body["response_format"]["json_schema"]["name"] == "report"
    user = body["messages"][1]["content"]
    assert "Q2: How do you shard a table?\n(skipped)" in user
    assert "overall 6.2" in user and "clarity" not in user.split("Session averages:")[1]


async def test_interviewer_stream_that_ends_without_finishing_is_a_bad_response(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.fail("chat", Fault.cut_stream(after_chunks=3))

    with pytest.raises(ProviderBadResponse, match="before the question was finished"):
        async for _ in closing(OpenAIInterviewer(cloud_settings)).stream_question(interview_context()):
            pass


async def test_interviewer_is_given_what_the_evaluation_found_missing(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings, strong_evaluation: Evaluation
) -> None:
    """A follow-up is grounded in THAT answer's evaluation: the request carries its findings."""
    lacking = replace(
        strong_evaluation,
        star=StarFlags(True, True, True, False),
        missed_points=["Where the counter is stored"],
        suggestions=["Say how it turned out."],
    )
    fake_ai.answers.question = (
        "[[follow-up]]\nThanks, that helps.\n[[question]]\nAnd how did it turn out, in numbers?"
    )

    deltas, question = await _collect(closing(OpenAIInterviewer(cloud_settings)), last_evaluation=lacking)

    body = fake_ai.requests_to("chat")[0].json
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "missing: result" in user and "given: situation, task, action" in user
    assert "key points not covered: Where the counter is stored" in user
    assert "Say how it turned out." in user
    assert "what it found missing in THAT answer" in system and "[[question]]" in system
    # The lead-in is spoken (streamed) but kept apart from the question.
    assert "[[" not in "".join(deltas) and "".join(deltas) == question.text
    assert question.lead_in == "Thanks, that helps."
    assert question.question == "And how did it turn out, in numbers?"
    assert question.is_follow_up and question.prompt_version == "interviewer.v3"
