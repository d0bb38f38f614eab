"""SpeechJobs sent to `interview worker` processes through the Redis stream (SPEECH_QUEUE=redis).

A job's id is a hash of its name and inputs (codec.job_id): a result already stored is read, not
computed again, and a job sent twice (a retry, a redelivery after a worker died, two sessions
speaking the same phrase) stores one result under one key. The caller waits for that key:
woken by the worker's announcement on `speech:done`, and checking at least every POLL_SECONDS
in case an announcement was missed. If Redis went away meanwhile (a restart can lose the stream),
the job is sent again once Redis answers. After SPEECH_JOB_TIMEOUT_SECONDS without a result the
job fails with PROVIDER_UNAVAILABLE; whatever the caller stored first (the answer) stays.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt
import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from taskiq.exceptions import ResultGetError, SendTaskError
from taskiq.kicker import AsyncKicker

from interview.ai.base import SynthesizedSpeech
from interview.ai.speech_jobs import PreparedAudio
from interview.errors import AppError, BadUserInput, InvalidAudio, PayloadTooLarge, ProviderUnavailable
from interview.settings import Settings
from interview.speech.levels import FrameLevels
from interview.speech.types import TranscriptionResult, VoiceMetrics, VoiceProfile
from interview.speech.vad import VoiceActivity
from interview.speech_queue import codec, tasks
from interview.speech_queue.broker import DONE_CHANNEL, RESULT_PREFIX, SpeechQueue, build_queue
from interview.speech_queue.codec import Payload
from interview.speech_queue.health import QueueHealth, queue_health, queue_jobs
from interview.speech_queue.metrics import JOB_FAILURES, JOB_SECONDS

log = structlog.get_logger(__name__)

POLL_SECONDS = 1.0
"""How often a waiting job checks for its result without being told (a missed announcement)."""

BACKLOG_CHECK_SECONDS = 1.0
"""How long a reading of the queue's backlog is reused (every live answer asks at its pauses)."""

UNAVAILABLE = "Speech processing is not available right now; your answer is kept, send it again in a minute."

_ERRORS: dict[str, type[AppError]] = {
    cls.code: cls for cls in (InvalidAudio, PayloadTooLarge, BadUserInput, ProviderUnavailable)
}


class _Announcements:
    """One pub/sub connection per process waking the jobs whose results were stored."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._waiting: dict[str, set[asyncio.Event]] = {}
        self.epoch = 0
        """Counts reconnections after Redis failed: a job sent in an earlier epoch may be lost."""
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @contextlib.contextmanager
    def watch(self, job_id: str) -> Iterator[asyncio.Event]:
        event = asyncio.Event()
        self._waiting.setdefault(job_id, set()).add(event)
        try:
            yield event
        finally:
            events = self._waiting.get(job_id, set())
            events.discard(event)
            if not events:
                self._waiting.pop(job_id, None)

    def _wake(self, job_id: str | None = None) -> None:
        groups = self._waiting.values() if job_id is None else [self._waiting.get(job_id, set())]
        for events in groups:
            for event in events:
                event.set()

    async def _listen(self) -> None:
        failed = False
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(DONE_CHANNEL)
                if failed:
                    self.epoch += 1
                    failed = False
                    self._wake()  # check again, and send again what Redis may have lost
                async for message in pubsub.listen():
                    data = message.get("data")
                    self._wake(data.decode() if isinstance(data, bytes) else str(data))
            except (RedisError, OSError) as error:
                if not failed:
                    log.warning("speech queue announcements interrupted", error=str(error))
                failed = True
                self._wake()
                await asyncio.sleep(0.5)
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]


class QueuedSpeechJobs:
    """SpeechJobs run by the workers behind the queue (see the module docstring)."""

    name = "redis-queue"

    def __init__(self, settings: Settings, queue: SpeechQueue | None = None) -> None:
        self._settings = settings
        self._queue = queue or build_queue(settings)
        self._redis: Redis = Redis.from_url(self._queue.redis_url)
        self._announcements = _Announcements(self._redis)
        self._started = False
        self._backlog: tuple[float, bool] = (-BACKLOG_CHECK_SECONDS, False)
        """When the backlog was last read, and whether jobs were waiting."""

    async def start(self) -> None:
        """Connect (the queue's Redis may be down: jobs are then sent once it answers)."""
        if self._started:
            return
        self._started = True
        with contextlib.suppress(RedisError, OSError):
            await self._queue.broker.startup()
        self._announcements.start()

    async def aclose(self) -> None:
        await self._announcements.close()
        with contextlib.suppress(RedisError, OSError):
            await self._queue.close()
        await self._redis.aclose()

    async def health(self) -> QueueHealth:
        return await queue_health(self._redis)

    async def backlogged(self) -> bool:
        """Jobs not delivered to any worker yet (read at most once a BACKLOG_CHECK_SECONDS); a
        Redis that does not answer counts as backlogged: nothing would run now."""
        read_at, waiting = self._backlog
        if time.monotonic() - read_at < BACKLOG_CHECK_SECONDS:
            return waiting
        try:
            waiting = (await queue_jobs(self._redis))[0] > 0
        except (RedisError, OSError):
            waiting = True
        self._backlog = (time.monotonic(), waiting)
        return waiting

    # -- the jobs ------------------------------------------------------------------------

    async def prepare(self, audio: bytes, *, max_seconds: float, timeout_seconds: float) -> PreparedAudio:
        value = await self._run(
            tasks.PREPARE,
            lambda: {"audio": audio, "max_seconds": max_seconds, "timeout_seconds": timeout_seconds},
        )
        return codec.prepared_from(value, audio)

    async def measure(
        self, levels: FrameLevels, transcription: TranscriptionResult, activity: VoiceActivity
    ) -> VoiceMetrics:
        value = await self._run(
            tasks.MEASURE,
            lambda: {
                "levels": codec.levels_to(levels),
                "transcription": codec.transcription_to(transcription),
                "activity": codec.activity_to(activity),
            },
        )
        return codec.metrics_from(value)

    async def transcribe(
        self, samples: npt.NDArray[np.int16], *, context: str = "", offset_seconds: float = 0.0
    ) -> TranscriptionResult:
        value = await self._run(
            tasks.TRANSCRIBE,
            lambda: {"samples": codec.pcm(samples), "context": context, "offset_seconds": offset_seconds},
        )
        return codec.transcription_from(value)

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        value = await self._run(tasks.SYNTHESIZE, lambda: {"text": text, "voice": codec.voice_to(voice)})
        return codec.speech_from(value)

    # -- sending and waiting ---------------------------------------------------------------

    async def _run(self, job: str, arguments: Callable[[], Payload]) -> Payload:
        """Run `job` on `arguments()`. They are built to send the job and not kept while it waits,
        built again if Redis lost it: a backlog of jobs would otherwise hold each answer's PCM twice
        more in this process (as bytes and as base64), where the caller holds it once anyway."""
        await self.start()
        packed = codec.pack(arguments())
        job_id = codec.job_id(job, packed)
        started = time.monotonic()
        deadline = started + self._settings.speech_job_timeout_seconds
        with self._announcements.watch(job_id) as announced:
            result = await self._result(job_id)
            sent_in: int | None = None
            while result is None:
                if sent_in is None or sent_in != self._announcements.epoch:
                    sent_in = await self._send(job, job_id, packed or codec.pack(arguments()), deadline)
                    packed = ""  # not kept while the job waits
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    JOB_FAILURES.labels(job, "timeout").inc()
                    log.warning("speech job timed out", job=job, job_id=job_id)
                    raise ProviderUnavailable(UNAVAILABLE)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(announced.wait(), min(remaining, POLL_SECONDS))
                announced.clear()
                result = await self._result(job_id)
        JOB_SECONDS.labels(job).observe(time.monotonic() - started)
        return await self._value(job, job_id, result)

    async def _send(self, job: str, job_id: str, packed: str, deadline: float) -> int | None:
        """Send the job (a worker drops it unrun past `deadline`, when this caller no longer waits);
        the announcements' epoch it was sent in, None if Redis did not take it."""
        epoch = self._announcements.epoch
        expires_at = time.time() + (deadline - time.monotonic())
        try:
            kicker: AsyncKicker[[str], str] = AsyncKicker(
                job, self._queue.broker, {tasks.EXPIRES_AT: expires_at}
            )
            await kicker.with_task_id(job_id).kiq(packed)
        except (SendTaskError, RedisError, OSError) as error:
            reason = str(error.__cause__ or error)
            log.warning("speech job not sent (Redis does not answer)", job=job, error=reason)
            return None
        return epoch

    async def _result(self, job_id: str) -> Payload | None:
        """The stored result (`{"ok": ...}`, `{"error": ...}` or `{"failed": ...}`), None if none yet."""
        try:
            if not await self._queue.results.is_result_ready(job_id):
                return None
            stored = await self._queue.results.get_result(job_id)
        except (ResultGetError, RedisError, OSError):  # gone meanwhile (expired, deleted), or no Redis
            return None
        if stored.is_err:
            return {"failed": str(stored.error)}
        return codec.unpack(str(stored.return_value))

    async def _value(self, job: str, job_id: str, result: Payload) -> Payload:
        if "ok" in result:
            ok: Payload = result["ok"]
            return ok
        if "error" in result:  # an expected failure: the same as in process
            error = result["error"]
            raise _ERRORS.get(error["code"], AppError)(error["message"])
        # The job crashed on the worker: forget the result so that sending it again runs it again.
        JOB_FAILURES.labels(job, "error").inc()
        log.error("speech job failed on a worker", job=job, job_id=job_id, error=result.get("failed"))
        with contextlib.suppress(RedisError, OSError):
            await self._redis.delete(f"{RESULT_PREFIX}:{job_id}")
        raise ProviderUnavailable(UNAVAILABLE)
