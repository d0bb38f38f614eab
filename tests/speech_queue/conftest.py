"""A Redis server of the test's own for the speech queue, settings that use it, and services whose
speech jobs go through it (the database and the event broker are the suite's)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from interview.ai.registry import build_providers
from interview.services import Services
from interview.settings import Settings
from interview.speech_queue.client import QueuedSpeechJobs

from tests.speech_queue.processes import RedisServer, worker_environment

REDELIVERY_SECONDS = 3.0
"""SPEECH_JOB_REDELIVERY_SECONDS of these tests' workers."""
JOB_TIMEOUT_SECONDS = 40.0
"""SPEECH_JOB_TIMEOUT_SECONDS of these tests' API side (a shared 2-core machine is slow at times)."""


@pytest.fixture
async def queue_redis() -> AsyncIterator[RedisServer]:
    server = RedisServer()
    await server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def queued_settings(settings: Settings, queue_redis: RedisServer) -> Settings:
    return settings.model_copy(
        update={
            "redis_url": queue_redis.url,
            "speech_queue": "redis",
            "speech_job_timeout_seconds": JOB_TIMEOUT_SECONDS,
            "speech_job_redelivery_seconds": REDELIVERY_SECONDS,
        }
    )


@pytest.fixture
def worker_env(queue_redis: RedisServer, settings: Settings) -> dict[str, str]:
    return worker_environment(queue_redis.url, Path(settings.data_dir))


@pytest.fixture
async def queued_jobs(queued_settings: Settings) -> AsyncIterator[QueuedSpeechJobs]:
    jobs = QueuedSpeechJobs(queued_settings)
    await jobs.start()
    try:
        yield jobs
    finally:
        await jobs.aclose()


@contextlib.asynccontextmanager
async def on_the_queue(services: Services, settings: Settings) -> AsyncIterator[Services]:
    """The suite's services, their speech jobs sent to the test's queue with these settings (events
    stay on the suite's broker)."""
    jobs = QueuedSpeechJobs(settings)
    await jobs.start()
    changed = settings.model_copy(update={"redis_url": services.settings.redis_url})
    try:
        yield dataclasses.replace(services, settings=changed, providers=build_providers(changed, jobs=jobs))
    finally:
        await jobs.aclose()


@pytest.fixture
async def queued_services(services: Services, queued_settings: Settings) -> AsyncIterator[Services]:
    async with on_the_queue(services, queued_settings) as queued:
        yield queued
