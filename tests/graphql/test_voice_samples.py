"""personaVoiceSample: a persona's greeting in its own voice, public, synthesised once per process."""

from __future__ import annotations

import base64
import time
import uuid

import pytest
from interview.ai.base import SynthesizedSpeech
from interview.db.tables import Persona
from interview.errors import ProviderUnavailable
from interview.interviews.personas import seed_personas
from interview.interviews.voice_samples import voice_sample
from interview.services import Services
from interview.speech.decode import decode_audio
from interview.speech.types import VoiceProfile

from tests.graphql_client import GraphQLClient

SAMPLE = "query($p: ID!) { personaVoiceSample(personaId: $p) { mimeType base64 durationMs } }"


async def _personas(client: GraphQLClient) -> list[dict[str, str]]:
    personas: list[dict[str, str]] = (await client.data("{ personas { id name } }"))["personas"]
    return personas


async def test_a_persona_sample_is_real_speech_without_a_login(client: GraphQLClient) -> None:
    persona = (await _personas(client))[0]
    sample = (await client.data(SAMPLE, {"p": persona["id"]}))["personaVoiceSample"]

    assert sample["mimeType"] == "audio/ogg"
    clip = decode_audio(base64.b64decode(sample["base64"]))
    assert clip.duration_ms > 500
    assert abs(clip.duration_ms - sample["durationMs"]) < 300


async def test_each_persona_has_its_own_sample(client: GraphQLClient) -> None:
    first, second = (await _personas(client))[:2]
    a = (await client.data(SAMPLE, {"p": first["id"]}))["personaVoiceSample"]
    b = (await client.data(SAMPLE, {"p": second["id"]}))["personaVoiceSample"]
    assert a["base64"] != b["base64"]


async def test_a_second_request_is_served_from_the_cache(client: GraphQLClient) -> None:
    persona = (await _personas(client))[-1]
    first = (await client.data(SAMPLE, {"p": persona["id"]}))["personaVoiceSample"]
    started = time.perf_counter()
    again = (await client.data(SAMPLE, {"p": persona["id"]}))["personaVoiceSample"]
    elapsed = time.perf_counter() - started

    # Piper samples phoneme lengths, so only the cache gives identical bytes twice.
    assert again["base64"] == first["base64"]
    assert elapsed < 0.5


async def test_an_unknown_or_malformed_persona_is_not_found(client: GraphQLClient) -> None:
    assert await client.error_code(SAMPLE, {"p": str(uuid.uuid4())}) == "NOT_FOUND"
    assert await client.error_code(SAMPLE, {"p": "not-an-id"}) == "NOT_FOUND"


class _SilentTTS:
    """A TextToSpeech whose every vendor is down."""

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        raise ConnectionError("no TTS reachable")


async def test_a_failed_synthesis_is_provider_unavailable_and_not_cached(
    client: GraphQLClient, services: Services
) -> None:
    row = await Persona.select().order_by(Persona.sort_order).first()
    assert row is not None
    row = {**row, "voice": f"unheard-{uuid.uuid4().hex[:6]}"}  # a voice the cache has never seen
    await Persona.update({Persona.voice: row["voice"]}).where(Persona.id == row["id"])
    try:
        with pytest.raises(ProviderUnavailable):
            await voice_sample(services.phrases, _SilentTTS(), str(row["id"]))
        speech = await voice_sample(services.phrases, services.providers.tts, str(row["id"]))
        assert speech.duration_ms > 500
    finally:
        await seed_personas()
