"""`interview worker`: load Whisper and Piper once, then run speech jobs from the queue.

`concurrency` jobs run at once on as many threads (Whisper, Piper and PyAV release the GIL), and
the worker takes no more than that from the stream, so a job it has not started can go to another
worker. A job is acknowledged only after its result is stored: a worker killed mid-job leaves it
pending, and another worker takes it over after SPEECH_JOB_REDELIVERY_SECONDS.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from taskiq import TaskiqMessage, TaskiqMiddleware, TaskiqResult
from taskiq.acks import AcknowledgeType
from taskiq.api import run_receiver_task

from interview.ai.local.jobs import SpeechEngines
from interview.settings import Settings
from interview.speech.workers import worker_count
from interview.speech_queue import tasks
from interview.speech_queue.broker import DONE_CHANNEL, WORKER_KEY_PREFIX, WORKER_TTL_SECONDS, build_queue

log = structlog.get_logger(__name__)


class _Announce(TaskiqMiddleware):
    """Tells the waiting API processes (speech:done) as soon as a job's result is stored."""

    def __init__(self, redis: Redis) -> None:
        super().__init__()
        self._redis = redis
        self.done = 0

    async def post_save(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        self.done += 1
        with contextlib.suppress(RedisError, OSError):
            await self._redis.publish(DONE_CHANNEL, message.task_id)


async def run_worker(settings: Settings, concurrency: int = 0, *, name: str | None = None) -> None:
    """Run until SIGTERM/SIGINT; `concurrency` 0 means SPEECH_WORKERS (0: one per CPU core)."""
    concurrency = concurrency if concurrency > 0 else worker_count(settings.speech_workers)
    name = name or f"{os.uname().nodename}:{os.getpid()}"
    started = time.perf_counter()
    engines = SpeechEngines(settings)
    await asyncio.to_thread(engines.load)
    log.info("speech models loaded", seconds=round(time.perf_counter() - started, 1))

    queue = build_queue(settings, concurrency=concurrency, consumer_name=name)
    assert settings.redis_url is not None
    redis: Redis = Redis.from_url(settings.redis_url)
    announce = _Announce(redis)
    queue.broker.add_middlewares(announce)
    tasks.register(queue.broker, engines)
    while True:
        try:
            await queue.broker.startup()
            break
        except (RedisError, OSError) as error:
            log.warning("waiting for the speech queue's Redis", error=str(error))
            await asyncio.sleep(1)

    receiving = asyncio.create_task(
        run_receiver_task(
            queue.broker,
            sync_workers=concurrency,
            max_async_tasks=concurrency,
            max_prefetch=0,
            ack_time=AcknowledgeType.WHEN_SAVED,
        )
    )
    beating = asyncio.create_task(_heartbeat(redis, name, concurrency, announce))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    log.info("speech worker ready", name=name, concurrency=concurrency, jobs=list(tasks.JOBS))
    try:
        await asyncio.wait([asyncio.create_task(stop.wait()), receiving], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (receiving, beating):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(RedisError, OSError):
            await redis.delete(WORKER_KEY_PREFIX + name)
        with contextlib.suppress(RedisError, OSError):
            await queue.close()
        await redis.aclose()
        log.info("speech worker stopped", name=name, jobs_done=announce.done)


async def _heartbeat(redis: Redis, name: str, concurrency: int, announce: _Announce) -> None:
    """Refresh this worker's key (speech:worker:<name>) while it runs: /healthz and doctor count them."""
    host, _, pid = name.rpartition(":")
    while True:
        beat = {"name": name, "host": host, "pid": pid, "concurrency": concurrency, "jobs": announce.done}
        with contextlib.suppress(RedisError, OSError):
            await redis.set(WORKER_KEY_PREFIX + name, json.dumps(beat), ex=WORKER_TTL_SECONDS)
        await asyncio.sleep(WORKER_TTL_SECONDS / 3)
