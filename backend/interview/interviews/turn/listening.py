"""The candidate's side of the turn: the answer's audio decoded, checked for speech, transcribed, measured.

Each step is one small function of plain values (bytes, DecodedAudio, a SpeechToText) so it can
move to a speech worker without the turn changing shape. CPU work leaves the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from interview.ai.base import SpeechToText
from interview.errors import PayloadTooLarge
from interview.speech.decode import decode_audio
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceMetrics
from interview.speech.vad import VoiceActivity
from interview.speech.voice_metrics import measure_voice, require_speech
from interview.speech.workers import run_cpu


@dataclass(frozen=True)
class SpeechLimits:
    """What one answer may cost (settings max_answer_seconds, speech_timeout_seconds)."""

    max_seconds: float
    timeout_seconds: float


@dataclass(frozen=True)
class SpokenAnswer:
    """An answer's audio, decoded, with its voice activity (refused before storing if silent)."""

    decoded: DecodedAudio
    activity: VoiceActivity


@dataclass(frozen=True)
class HeardAnswer:
    """What the answer said and how it was spoken."""

    transcription: TranscriptionResult
    metrics: VoiceMetrics


async def prepare(audio: bytes, limits: SpeechLimits) -> SpokenAnswer:
    """Decode the audio and find its speech (INVALID_AUDIO for what is not audio or has no speech,
    PAYLOAD_TOO_LARGE past the limits). Decoding stops itself at the timeout; the wait for the
    speech check is bounded by it too."""
    try:
        async with asyncio.timeout(limits.timeout_seconds):
            decoded = await run_cpu(
                decode_audio, audio, max_seconds=limits.max_seconds, timeout_seconds=limits.timeout_seconds
            )
            return SpokenAnswer(decoded, await run_cpu(require_speech, decoded))
    except TimeoutError:
        raise PayloadTooLarge(
            f"the answer took longer than {limits.timeout_seconds:g} s to process; record it again, shorter"
        ) from None


async def hear(stt: SpeechToText, answer: SpokenAnswer) -> HeardAnswer:
    """Speech-to-text, then voice metrics (timing from our own voice activity detection, since cloud
    STT may give no word timings)."""
    transcription = await stt.transcribe(answer.decoded)
    metrics = await run_cpu(measure_voice, answer.decoded, transcription, activity=answer.activity)
    return HeardAnswer(transcription, metrics)
