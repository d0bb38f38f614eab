"""The process's long-lived dependencies, opened and closed by the app's lifespan or the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview.db.engine import Database, locate_database
from interview.events.bus import Broker
from interview.interviews.connections import Heartbeat
from interview.interviews.spoken_phrases import SpokenPhrases
from interview.interviews.turn.live_answers import LiveAnswers
from interview.interviews.turn.lock import LocalLocks, TurnLocks, UserSlots
from interview.media_storage.base import MediaStorage
from interview.settings import Settings

if TYPE_CHECKING:
    from interview.ai.registry import Providers
    from interview.ai.speech_jobs import SpeechJobs


@dataclass
class Services:
    settings: Settings
    database: Database
    broker: Broker
    providers: Providers
    process_id: str
    turn_locks: TurnLocks
    """Advisory locks of answers: one turn per answer at a time, across processes."""
    media_storage: MediaStorage
    """Where answer videos live (interview.media_storage)."""
    phrases: SpokenPhrases = field(default_factory=SpokenPhrases)
    """Fixed phrases (acknowledgements, voice samples) spoken once per process."""
    live_measuring: LocalLocks = field(default_factory=LocalLocks)
    """One live measurement at a time per answer recorded in chunks (recording.py)."""
    live_answers: LiveAnswers = field(default_factory=LiveAnswers)
    """The answers being recorded in this process, transcribed as their chunks arrive."""
    speech_jobs: UserSlots = field(default_factory=UserSlots)
    """Answers of each user being decoded and measured (setting speech_jobs_per_user)."""
    heartbeat: Heartbeat = field(default_factory=Heartbeat)
    """Refreshes the `connections` rows of this process's open subscriptions."""

    async def close(self) -> None:
        from interview.speech.workers import shutdown_speech_pool

        await self.heartbeat.close()
        await self.live_answers.aclose()
        await self.turn_locks.close()
        await self.providers.aclose()
        await self.broker.close()
        await self.media_storage.close()
        await self.database.close()
        shutdown_speech_pool()


async def open_services(settings: Settings, *, migrate: bool = False) -> Services:
    """Connect to the database and broker and build the AI providers (the one place that does)."""
    from interview.ai.registry import build_providers
    from interview.events.build import build_broker
    from interview.media_storage.build import build_media_storage
    from interview.speech.workers import start_speech_pool

    start_speech_pool(settings)
    jobs = await open_speech_jobs(settings)
    database = locate_database(settings)
    await database.open_pool()
    if migrate:
        # Piccolo's migration apps (black and all, ~10 MB) load only for a process that migrates.
        from interview.db.migrate import migrate_forwards

        await migrate_forwards()
    broker = build_broker(settings)
    await broker.start()
    turn_locks = await TurnLocks.open(database.dsn, settings.turn_lock_acquire_seconds)
    return Services(
        settings=settings,
        database=database,
        broker=broker,
        providers=build_providers(settings, jobs=jobs),
        process_id=f"{os.uname().nodename}:{os.getpid()}",
        turn_locks=turn_locks,
        media_storage=build_media_storage(settings),
    )


async def open_speech_jobs(settings: Settings) -> SpeechJobs:
    """Where this process's speech jobs run: SPEECH_QUEUE=redis sends them to `interview worker`
    processes (this process then loads no speech model), else they run on its own threads."""
    if settings.speech_queue == "redis":
        from interview.speech_queue.client import QueuedSpeechJobs

        queued = QueuedSpeechJobs(settings)
        await queued.start()
        return queued
    from interview.ai.local.jobs import InProcessSpeechJobs

    return InProcessSpeechJobs(settings)
