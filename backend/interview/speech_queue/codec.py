"""Speech jobs' arguments and results as text for the queue, and back.

taskiq stores messages and results as JSON, so each job's payload is one string: msgpack (PCM
and encoded audio travel as raw bytes inside it) in base64. Explicit per type rather than pickle:
a process that reads Redis never runs code it finds there.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict
from typing import Any

import msgpack
import numpy as np
import numpy.typing as npt

from interview.ai.base import SynthesizedSpeech
from interview.ai.speech_jobs import PreparedAudio
from interview.speech.levels import FrameLevels
from interview.speech.types import (
    DecodedAudio,
    TranscriptionResult,
    VoiceMetrics,
    VoiceProfile,
    Word,
)
from interview.speech.vad import SpeechSegment, VoiceActivity

Payload = dict[str, Any]

FORMAT_VERSION = 2
"""Part of every job's id: a change of these encodings must not reuse results stored by the old."""


def pack(payload: Payload) -> str:
    return base64.b64encode(msgpack.packb(payload, use_bin_type=True)).decode("ascii")


def unpack(text: str) -> Payload:
    value = msgpack.unpackb(base64.b64decode(text), raw=False)
    if not isinstance(value, dict):
        raise ValueError("a speech job payload is a map")
    return value


def job_id(job: str, packed: str) -> str:
    """The same job with the same inputs has the same id, so its result is stored once."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}:{job}:{packed}".encode("ascii")).hexdigest()
    return f"{job}:{digest}"


def pcm(samples: npt.NDArray[np.int16]) -> bytes:
    return np.ascontiguousarray(samples, dtype="<i2").tobytes()


def samples_of(data: bytes) -> npt.NDArray[np.int16]:
    return np.frombuffer(data, dtype="<i2").astype(np.int16)


def decoded_to(audio: DecodedAudio) -> Payload:
    """The decoded PCM and what it was judged to be (the source bytes stay with the caller)."""
    return {
        "samples": pcm(audio.samples),
        "sample_rate": audio.sample_rate,
        "container": audio.container,
        "mime_type": audio.mime_type,
    }


def decoded_from(value: Payload, source: bytes) -> DecodedAudio:
    return DecodedAudio(
        samples=samples_of(value["samples"]),
        sample_rate=int(value["sample_rate"]),
        container=str(value["container"]),
        mime_type=str(value["mime_type"]),
        source=source,
    )


def activity_to(activity: VoiceActivity) -> Payload:
    return {
        "voiced": np.packbits(activity.voiced.astype(np.bool_)).tobytes(),
        "frames": int(activity.voiced.size),
        "segments": [[segment.start_ms, segment.end_ms] for segment in activity.segments],
    }


def activity_from(value: Payload) -> VoiceActivity:
    bits = np.frombuffer(value["voiced"], dtype=np.uint8)
    voiced = np.unpackbits(bits, count=int(value["frames"])).astype(np.bool_)
    return VoiceActivity(voiced, [SpeechSegment(int(a), int(b)) for a, b in value["segments"]])


def levels_to(levels: FrameLevels) -> Payload:
    return {
        "energy": np.ascontiguousarray(levels.energy, dtype="<i8").tobytes(),
        "clipped": np.ascontiguousarray(levels.clipped, dtype="<i2").tobytes(),
    }


def levels_from(value: Payload) -> FrameLevels:
    return FrameLevels(
        energy=np.frombuffer(value["energy"], dtype="<i8").astype(np.int64),
        clipped=np.frombuffer(value["clipped"], dtype="<i2").astype(np.int16),
    )


def prepared_to(prepared: PreparedAudio) -> Payload:
    return {
        "decoded": decoded_to(prepared.decoded),
        "activity": activity_to(prepared.activity),
        "levels": levels_to(prepared.levels),
    }


def prepared_from(value: Payload, source: bytes) -> PreparedAudio:
    return PreparedAudio(
        decoded_from(value["decoded"], source),
        activity_from(value["activity"]),
        levels_from(value["levels"]),
    )


def transcription_to(result: TranscriptionResult) -> Payload:
    return {
        "text": result.text,
        "words": [[w.text, w.start, w.end, w.probability] for w in result.words],
        "language": result.language,
        "confidence": result.confidence,
        "duration_ms": result.duration_ms,
        "model": result.model,
    }


def transcription_from(value: Payload) -> TranscriptionResult:
    return TranscriptionResult(
        text=str(value["text"]),
        words=[
            Word(str(t), float(s), float(e), None if p is None else float(p)) for t, s, e, p in value["words"]
        ],
        language=value["language"],
        confidence=value["confidence"],
        duration_ms=int(value["duration_ms"]),
        model=str(value["model"]),
    )


def metrics_to(metrics: VoiceMetrics) -> Payload:
    return asdict(metrics)


def metrics_from(value: Payload) -> VoiceMetrics:
    return VoiceMetrics(**value)


def voice_to(voice: VoiceProfile) -> Payload:
    return asdict(voice)


def voice_from(value: Payload) -> VoiceProfile:
    return VoiceProfile(**value)


def speech_to(speech: SynthesizedSpeech) -> Payload:
    return asdict(speech)


def speech_from(value: Payload) -> SynthesizedSpeech:
    return SynthesizedSpeech(**value)
