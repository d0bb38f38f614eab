"""Text-to-speech: the /v1/audio/speech endpoint, or the Realtime API reading a given text.

/v1/audio/speech models shut down on 2027-01-06; the Realtime model reading our text verbatim
replaces them (settings.openai_tts_mode chooses).
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any, Literal

import websockets.exceptions

from interview.ai.base import SynthesizedSpeech
from interview.ai.errors import (
    ProviderBadResponse,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    retry_after_seconds,
)
from interview.ai.openai._audio import MIME_TYPES, duration_ms, encode_pcm16
from interview.ai.openai._client import PROVIDER, make_client, map_provider_errors
from interview.ai.prompts.messages import reader_instructions
from interview.settings import Settings
from interview.speech.types import VoiceProfile

REALTIME_RATE: Literal[24000] = 24_000
"""The Realtime API's only PCM rate."""


class OpenAISpeechTTS:
    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.openai_tts_model
        self._format = settings.openai_tts_format

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        with map_provider_errors(self.name):
            response = await self._client.audio.speech.create(
                model=self.model,
                voice=voice.openai_voice,
                input=text,
                response_format=self._format,
                speed=min(4.0, max(0.25, voice.speed)),
            )
            audio = response.content
        try:
            length = duration_ms(audio)
        except Exception as error:  # PyAV raises several FFmpegError subclasses
            raise ProviderBadResponse(self.name, f"returned audio that does not decode: {error}") from error
        return SynthesizedSpeech(audio, MIME_TYPES[self._format], length, self.model)


class OpenAIRealtimeTTS:
    """Opens a Realtime session, asks the model to read `text` verbatim, collects the pcm16 deltas
    until response.done and encodes them. One session per utterance: nothing leaks between them."""

    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.openai_realtime_model
        self._format = settings.openai_tts_format
        self._timeout = settings.provider_timeout_seconds

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        try:
            async with asyncio.timeout(self._timeout):
                pcm = await self._read_aloud(text, voice)
        except TimeoutError as error:
            raise ProviderTimeout(self.name, "realtime speech did not finish in time") from error
        except websockets.exceptions.InvalidStatus as error:
            raise realtime_handshake_error(self.name, error) from error
        except (websockets.exceptions.WebSocketException, OSError) as error:
            raise ProviderUnavailable(self.name, f"realtime connection failed: {error}") from error
        if not pcm:
            raise ProviderBadResponse(self.name, "realtime response had no audio")
        audio = encode_pcm16(pcm, REALTIME_RATE, self._format)
        return SynthesizedSpeech(
            audio, MIME_TYPES[self._format], len(pcm) * 1000 // (2 * REALTIME_RATE), self.model
        )

    async def _read_aloud(self, text: str, voice: VoiceProfile) -> bytes:
        instructions, _version = reader_instructions()
        chunks: list[bytes] = []
        with map_provider_errors(self.name):
            async with self._client.realtime.connect(model=self.model) as connection:
                await connection.session.update(
                    session={
                        "type": "realtime",
                        "instructions": instructions,
                        "output_modalities": ["audio"],
                        "audio": {
                            "output": {
                                "format": {"type": "audio/pcm", "rate": REALTIME_RATE},
                                "voice": voice.openai_voice,
                                "speed": min(1.5, max(0.25, voice.speed)),
                            }
                        },
                    }
                )
                await connection.conversation.item.create(
                    item={
                        "type": "message",
                        "role": "user",
                        "content": [{"type": "input_text", "text": text}],
                    }
                )
                await connection.response.create()
                async for event in connection:
                    if event.type == "response.output_audio.delta":
                        chunks.append(base64.b64decode(event.delta))
                    elif event.type == "error":
                        raise realtime_event_error(self.name, event.error.model_dump())
                    elif event.type == "response.done":
                        status = event.response.status
                        if status != "completed":
                            raise ProviderBadResponse(self.name, f"realtime response ended {status}")
                        break
        return b"".join(chunks)


def realtime_event_error(provider: str, error: dict[str, Any]) -> ProviderError:
    code = str(error.get("code") or error.get("type") or "")
    message = str(error.get("message") or code)
    if "rate_limit" in code:
        return ProviderRateLimited(provider, f"realtime: {message}")
    if "server_error" in code:
        return ProviderUnavailable(provider, f"realtime: {message}")
    return ProviderBadResponse(provider, f"realtime: {message}")


def realtime_handshake_error(provider: str, error: websockets.exceptions.InvalidStatus) -> ProviderError:
    status = error.response.status_code
    wait = retry_after_seconds(error.response.headers)
    if status == 429:
        return ProviderRateLimited(provider, "realtime rate limited (429)", retry_after=wait)
    if status >= 500:
        return ProviderUnavailable(provider, f"realtime server error ({status})", retry_after=wait)
    return ProviderError(provider, f"realtime refused the connection ({status})")
