"""OpenAIRealtimeTTS over a real websocket: the Realtime API reading a given text verbatim."""

from __future__ import annotations

import io

import av
import pytest
from interview.ai.errors import ProviderError, ProviderRateLimited, ProviderTimeout, ProviderUnavailable
from interview.ai.openai.tts import OpenAIRealtimeTTS
from interview.settings import Settings

from tests.ai.conftest import VOICE, Closer
from tests.fakes.fake_ai_server import FakeAIServer, Fault

TEXT = "Walk me through how you would shard a users table."


def _probe(data: bytes) -> tuple[str, int]:
    samples, rate = 0, 0
    with av.open(io.BytesIO(data), mode="r") as container:
        name = container.format.name
        for frame in container.decode(audio=0):
            samples, rate = samples + frame.samples, frame.sample_rate
    return name, round(samples * 1000 / rate)


async def test_reads_the_text_in_the_persona_voice_and_encodes_ogg_opus(
    closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings
) -> None:
    speech = await closing(OpenAIRealtimeTTS(cloud_settings)).synthesize(TEXT, VOICE)

    expected_ms = len(TEXT) * 20
    assert speech.mime_type == "audio/ogg" and speech.model == "gpt-realtime-2.1-mini"
    assert speech.duration_ms == pytest.approx(expected_ms, abs=5)
    container, decoded_ms = _probe(speech.audio)
    assert container == "ogg"
    assert decoded_ms == pytest.approx(expected_ms, abs=60)
    (sent,) = fake_ai.requests_to("realtime")
    assert sent.query == {"model": "gpt-realtime-2.1-mini"}
    assert sent.headers["authorization"] == "Bearer sk-fake-openai"
    update, item, response = sent.events
    assert update["type"] == "session.update"
    session = update["session"]
    assert session["audio"]["output"] == {
        "format": {"type": "audio/pcm", "rate": 24000},
        "voice": "marin",
        "speed": 1.1,
    }
    assert session["output_modalities"] == ["audio"]
    assert "word for word" in session["instructions"]
    assert item["type"] == "conversation.item.create"
    assert item["item"]["content"] == [{"type": "input_text", "text": TEXT}]
    assert response["type"] == "response.create"


async def test_mp3_when_configured(closing: Closer, fake_ai: FakeAIServer, cloud_settings: Settings) -> None:
    settings = cloud_settings.model_copy(update={"openai_tts_format": "mp3"})

    speech = await closing(OpenAIRealtimeTTS(settings)).synthesize(TEXT, VOICE)

    assert speech.mime_type == "audio/mpeg"
    assert _probe(speech.audio)[0] == "mp3"


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.http(429, retry_after=0.3), ProviderRateLimited),
        (Fault.http(503), ProviderUnavailable),
        (Fault.ws_error("server_error"), ProviderUnavailable),
        (Fault.ws_error("rate_limit_exceeded"), ProviderRateLimited),
        (Fault.break_stream(after_chunks=2), ProviderUnavailable),
        (Fault.slow(3), ProviderTimeout),
    ],
)
async def test_failures_become_provider_errors(
    closing: Closer,
    fake_ai: FakeAIServer,
    cloud_settings: Settings,
    fault: Fault,
    expected: type[ProviderError],
) -> None:
    fake_ai.fail("realtime", fault)

    with pytest.raises(expected) as raised:
        await closing(OpenAIRealtimeTTS(cloud_settings)).synthesize(TEXT, VOICE)

    assert raised.value.provider == "openai"
    if fault.retry_after is not None:
        assert raised.value.retry_after == pytest.approx(0.3)
    assert len(fake_ai.requests_to("realtime")) == 1
