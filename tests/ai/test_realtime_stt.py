"""OpenAIRealtimeTranscriber and OpenAILiveTranscription over a real websocket: a Realtime
transcription session fed an answer while it is spoken."""

from __future__ import annotations

import numpy as np
import pytest
from interview.ai.errors import ProviderError, ProviderRateLimited, ProviderUnavailable
from interview.ai.fallback import FallbackSTT, Step
from interview.ai.openai.realtime_stt import OpenAILiveTranscription, OpenAIRealtimeTranscriber
from interview.ai.openai.stt import OpenAISTT
from interview.settings import Settings

from tests.ai.conftest import Closer
from tests.fakes.fake_ai_server import FakeAIServer, Fault
from tests.live.recordings import live_recording

SECOND = np.zeros(16_000, dtype=np.int16)


async def test_streams_audio_commits_and_collects_deltas_in_order(
    fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    fake_ai.answers.live_transcripts = ["I would start with the schema.", "Then add an index."]
    deltas: list[str] = []

    async with OpenAIRealtimeTranscriber(cloud_settings) as session:
        await session.send(SECOND)
        await session.commit()
        await session.send(SECOND[:8000])
        text = await session.finish()
        await session.aclose()
        deltas = [delta async for delta in session.deltas()]

    assert text == "I would start with the schema. Then add an index."
    assert "".join(deltas) == "I would start with the schema.Then add an index."  # per item, as sent
    (sent,) = fake_ai.requests_to("realtime")
    assert sent.query == {"intent": "transcription"}
    kinds = [event["type"] for event in sent.events]
    assert kinds == [
        "session.update",
        "input_audio_buffer.append",
        "input_audio_buffer.commit",
        "input_audio_buffer.append",
        "input_audio_buffer.append",  # the resampler's last samples
        "input_audio_buffer.commit",
    ]
    session_config = sent.events[0]["session"]
    assert session_config["type"] == "transcription"
    audio_input = session_config["audio"]["input"]
    assert audio_input["format"] == {"type": "audio/pcm", "rate": 24000}
    assert audio_input["turn_detection"] is None
    assert audio_input["transcription"]["model"] == "gpt-live-transcribe"
    assert "um" in audio_input["transcription"]["prompt"].lower()
    # 1.5 s of 16 kHz audio arrives as 1.5 s of 24 kHz PCM16 (the resampler's delay comes last).
    sent_bytes = [event["audio_bytes"] for event in sent.events if "audio_bytes" in event]
    assert sum(sent_bytes) == pytest.approx(72_000, abs=200)


async def test_a_too_short_tail_is_not_committed(fake_ai: FakeAIServer, cloud_settings: Settings) -> None:
    async with OpenAIRealtimeTranscriber(cloud_settings) as session:
        await session.send(SECOND)
        await session.commit()
        await session.send(SECOND[:800])  # 50 ms: the API would refuse to commit it
        text = await session.finish()

    assert text == fake_ai.answers.transcript
    kinds = [event["type"] for event in fake_ai.requests_to("realtime")[0].events]
    assert kinds.count("input_audio_buffer.commit") == 1


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.http(429, retry_after=0.3), ProviderRateLimited),
        (Fault.http(503), ProviderUnavailable),
        (Fault.ws_error("server_error"), ProviderUnavailable),
        (Fault.break_stream(after_chunks=3), ProviderUnavailable),
    ],
)
async def test_failures_become_provider_errors(
    fake_ai: FakeAIServer, cloud_settings: Settings, fault: Fault, expected: type[ProviderError]
) -> None:
    fake_ai.fail("realtime", fault)
    session = OpenAIRealtimeTranscriber(cloud_settings)
    try:
        with pytest.raises(expected) as raised:
            await session.start()
            await session.send(SECOND)
            await session.commit()
            await session.send(SECOND)
            await session.finish()
    finally:
        await session.aclose()
    assert raised.value.provider == "openai"


async def test_a_recorded_answer_streams_chunk_by_chunk(
    fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    recording = live_recording()
    fake_ai.answers.live_transcripts = ["I would start by measuring.", "Then I would add an index."]
    live = OpenAILiveTranscription(cloud_settings)
    try:
        partials = [await live.add_chunk(index, chunk) for index, chunk in enumerate(recording.chunks)]
        result = await live.finish()
        again = await live.finish()  # the PCM is gone by now: the first result, not a redo
    finally:
        await live.aclose()

    assert again is result
    # The 0.8 s pause between the two sentences closed the first utterance while it streamed.
    assert any(p is not None and p.text.startswith("I would start by measuring.") for p in partials)
    assert result.transcription.text == "I would start by measuring. Then I would add an index."
    assert result.transcription.model == "gpt-live-transcribe"
    assert result.summary.duration_ms == pytest.approx(recording.duration_seconds * 1000, abs=40)
    events = fake_ai.requests_to("realtime")[0].events
    # Two utterances, two commits; the trailing silence is not sent for transcription.
    assert [e["type"] for e in events].count("input_audio_buffer.commit") == 2
    sent_bytes = sum(e.get("audio_bytes", 0) for e in events)
    assert 0.6 < sent_bytes / (recording.duration_seconds * 48_000) <= 1, sent_bytes


async def test_a_session_dropped_mid_answer_fails_at_finish_without_a_fallback(
    fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    recording = live_recording()
    fake_ai.fail("realtime", Fault.break_stream(after_chunks=2))
    live = OpenAILiveTranscription(cloud_settings)
    try:
        for index, chunk in enumerate(recording.chunks):
            await live.add_chunk(index, chunk)  # a failing session never fails a chunk
        with pytest.raises(ProviderUnavailable):
            await live.finish()
    finally:
        await live.aclose()


async def test_a_session_dropped_mid_answer_falls_back_to_file_transcription(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    recording = live_recording()
    fake_ai.answers.live_transcripts = ["I would start by measuring.", "Then I would add an index."]
    fake_ai.answers.transcript = "I would start by measuring. Then I would add an index and a cache."
    fake_ai.fail("realtime", Fault.break_stream(after_chunks=2))
    chain = closing(FallbackSTT([Step(OpenAISTT(cloud_settings))]))
    live = OpenAILiveTranscription(cloud_settings, fallback=chain)
    try:
        partials = [await live.add_chunk(index, chunk) for index, chunk in enumerate(recording.chunks)]
        result = await live.finish()
    finally:
        await live.aclose()

    assert live.failure is not None
    # The two words that came before the drop stay as the partial text; nothing after them. A
    # partial is a snapshot, so one taken between the two deltas holds the first word alone.
    texts = {p.text for p in partials if p is not None and p.text}
    assert all("I would".startswith(text) for text in texts), texts
    assert live.partial.text == "I would"
    assert result.transcription.text == fake_ai.answers.transcript
    (upload,) = fake_ai.requests_to("transcriptions")
    assert upload.file_bytes == len(recording.webm)
    assert result.summary.duration_ms == pytest.approx(recording.duration_seconds * 1000, abs=40)


async def test_a_refused_session_falls_back_too(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    recording = live_recording()
    fake_ai.fail("realtime", Fault.http(503))
    chain = closing(FallbackSTT([Step(OpenAISTT(cloud_settings))]))
    live = OpenAILiveTranscription(cloud_settings, fallback=chain)
    try:
        for index, chunk in enumerate(recording.chunks):
            await live.add_chunk(index, chunk)
        result = await live.finish()
    finally:
        await live.aclose()

    assert isinstance(live.failure, ProviderUnavailable)
    assert result.transcription.text == fake_ai.answers.transcript
    assert len(fake_ai.requests_to("realtime")) == 1  # not retried chunk after chunk
