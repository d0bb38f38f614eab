"""The speech jobs as taskiq tasks: what `interview worker` runs.

Each task takes and returns one codec string. An expected failure (audio that does not decode,
no speech, too long) is part of the result, `{"error": {"code", "message"}}`, so it reaches the
API as the same AppError it would have raised in process; anything else fails the job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from taskiq import AsyncBroker, Context, TaskiqDepends
from taskiq.exceptions import NoResultError

from interview.ai.local.jobs import SpeechEngines
from interview.errors import AppError
from interview.speech_queue import codec
from interview.speech_queue.codec import Payload

PREPARE = "speech.prepare"
MEASURE = "speech.measure"
TRANSCRIBE = "speech.transcribe"
SYNTHESIZE = "speech.synthesize"
JOBS = (PREPARE, MEASURE, TRANSCRIBE, SYNTHESIZE)


def handlers(engines: SpeechEngines) -> dict[str, Callable[[Payload], Payload]]:
    """Each job's work on decoded payloads, with the process's engines."""

    def prepare(value: Payload) -> Payload:
        prepared = engines.prepare(value["audio"], value["max_seconds"], value["timeout_seconds"])
        return codec.prepared_to(prepared)

    def measure(value: Payload) -> Payload:
        levels = codec.levels_from(value["levels"])
        transcription = codec.transcription_from(value["transcription"])
        activity = codec.activity_from(value["activity"])
        return codec.metrics_to(engines.measure(levels, transcription, activity))

    def transcribe(value: Payload) -> Payload:
        samples = codec.samples_of(value["samples"])
        result = engines.transcribe(samples, value["context"], value["offset_seconds"])
        return codec.transcription_to(result)

    def synthesize(value: Payload) -> Payload:
        return codec.speech_to(engines.synthesize(value["text"], codec.voice_from(value["voice"])))

    return {PREPARE: prepare, MEASURE: measure, TRANSCRIBE: transcribe, SYNTHESIZE: synthesize}


def run_job(handler: Callable[[Payload], Payload], packed: str) -> str:
    """One job: decode its payload, run it, encode its result or its expected failure."""
    try:
        return codec.pack({"ok": handler(codec.unpack(packed))})
    except AppError as error:
        return codec.pack({"error": {"code": error.extensions["code"], "message": error.message}})


def register(broker: AsyncBroker, engines: SpeechEngines) -> None:
    """Register every job on a worker's broker (sync tasks: they run on the receiver's threads)."""
    for name, handler in handlers(engines).items():
        broker.register_task(_task_of(handler), task_name=name)


_CONTEXT: Any = TaskiqDepends()
"""taskiq passes the job's Context (its message and labels) for this default."""


def _task_of(handler: Callable[[Payload], Payload]) -> Callable[..., str]:
    def task(packed: str, context: Context = _CONTEXT) -> str:
        if expired(context.message.labels):
            raise NoResultError  # acknowledged, nothing stored, nothing computed
        return run_job(handler, packed)

    return task


EXPIRES_AT = "expires_at"
"""Label: the wall-clock time (epoch seconds) after which nobody waits for the job any more."""


def expired(labels: dict[str, Any], now: float | None = None) -> bool:
    """Whether the job's caller gave up (SPEECH_JOB_TIMEOUT_SECONDS passed): after workers were all
    down, the backlog of jobs nobody waits for is dropped instead of delaying the jobs people wait for.
    A caller that retries sends the job again with a new deadline (same id, same result)."""
    deadline = labels.get(EXPIRES_AT)
    if deadline is None:
        return False
    return (time.time() if now is None else now) > float(deadline)
