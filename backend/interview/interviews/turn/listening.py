"""The candidate's side of the turn: the answer's audio decoded, checked for speech, transcribed, measured.

Each step is one small function of plain values (bytes, DecodedAudio, a SpeechToText); the CPU
work is a speech job (ai/speech_jobs.py): on this process's threads, or on the workers behind
the queue.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from interview.ai.base import LiveTranscription
from interview.ai.speech_jobs import SpeechJobs
from interview.speech.levels import AudioSummary, summarise
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceMetrics
from interview.speech.vad import VoiceActivity
from interview.speech.voice_metrics import check_speech

Transcribe = Callable[[DecodedAudio], Awaitable[TranscriptionResult]]


@dataclass(frozen=True)
class SpeechLimits:
    """What one answer may cost (settings max_answer_seconds, speech_timeout_seconds)."""

    max_seconds: float
    timeout_seconds: float


@dataclass(frozen=True)
class SpokenAnswer:
    """An answer's audio, decoded, with its voice activity (refused before storing if silent).

    Its PCM (`decoded`) only while the answer is still to transcribe: a streamed answer is
    transcribed by its finish, and its turn keeps the summary alone.
    """

    summary: AudioSummary
    activity: VoiceActivity
    transcription: TranscriptionResult | None = None
    """Already known when the answer was transcribed while it was recorded."""
    decoded: DecodedAudio | None = None

    def __post_init__(self) -> None:
        if self.transcription is None and self.decoded is None:
            raise ValueError("an answer still to transcribe needs its decoded audio")


@dataclass(frozen=True)
class HeardAnswer:
    """What the answer said and how it was spoken."""

    transcription: TranscriptionResult
    metrics: VoiceMetrics


async def prepare(jobs: SpeechJobs, audio: bytes, limits: SpeechLimits) -> SpokenAnswer:
    """Decode the audio and find its speech (INVALID_AUDIO for what is not audio or has no speech,
    PAYLOAD_TOO_LARGE past the limits)."""
    prepared = await jobs.prepare(
        audio, max_seconds=limits.max_seconds, timeout_seconds=limits.timeout_seconds
    )
    decoded = prepared.decoded
    return SpokenAnswer(summarise(decoded, prepared.levels), prepared.activity, decoded=decoded)


async def finish_live(live: LiveTranscription) -> SpokenAnswer:
    """A streamed answer: only the audio after its last transcribed utterance is left to transcribe.

    The same checks as `prepare` (no speech: BAD_USER_INPUT), on the activity the stream kept.
    """
    streamed = await live.finish()
    check_speech(streamed.activity, streamed.summary.duration_ms)
    return SpokenAnswer(streamed.summary, streamed.activity, streamed.transcription)


async def hear(jobs: SpeechJobs, transcribe: Transcribe, answer: SpokenAnswer) -> HeardAnswer:
    """Speech-to-text (unless the stream already did it), then voice metrics (timing from our own
    voice activity detection, since cloud STT may give no word timings)."""
    transcription = answer.transcription
    if transcription is None:
        assert answer.decoded is not None  # (SpokenAnswer's invariant)
        transcription = await transcribe(answer.decoded)
    metrics = await jobs.measure(answer.summary.levels, transcription, answer.activity)
    return HeardAnswer(transcription, metrics)
