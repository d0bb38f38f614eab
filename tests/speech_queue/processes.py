"""A Redis server and `interview worker` processes of a test's own: real processes it may kill.

The Redis server is started on a free port without persistence (a restart loses everything, the
hardest case), so a test can stop and restart it without touching the Redis others share.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from redis.asyncio import Redis

from tests.live.processes import INTERVIEW, REPO, free_port

WORKER_KEY_PREFIX = "speech:worker:"


@dataclass
class RedisServer:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self.process = self._spawn()
        async with asyncio.timeout(10):
            while True:
                with contextlib.suppress(OSError, ConnectionError):
                    client = Redis.from_url(self.url)
                    try:
                        if await client.ping():
                            return
                    except Exception:
                        pass
                    finally:
                        await client.aclose()
                await asyncio.sleep(0.05)

    def _spawn(self) -> subprocess.Popen[bytes]:
        program = shutil.which("redis-server")
        assert program is not None, "redis-server is needed (Debian package redis-server)"
        return subprocess.Popen(
            [program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        """Killed, not shut down: whatever it held is gone."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    async def restart(self) -> None:
        self.stop()
        await self.start()


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    @property
    def name(self) -> str:
        return f"{os.uname().nodename}:{self.process.pid}"

    def log_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def kill(self) -> None:
        """kill -9: no chance to acknowledge or clean anything up."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_environment(
    redis_url: str, data_dir: Path, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and not k.endswith("_BASE_URL")}
    env.update(
        REDIS_URL=redis_url,
        SPEECH_QUEUE="redis",
        DATA_DIR=str(data_dir),
        ENVIRONMENT="test",
        LOG_LEVEL="INFO",
        SPEECH_JOB_REDELIVERY_SECONDS="3",
    )
    env.update(extra or {})
    return env


async def start_worker(
    env: Mapping[str, str], concurrency: int = 1, startup_seconds: float = 60
) -> WorkerProcess:
    """`interview worker`, returned once its heartbeat is in Redis (its models are loaded)."""
    worker = _spawn_worker(env, concurrency)
    process = worker.process
    redis = Redis.from_url(env["REDIS_URL"])
    try:
        async with asyncio.timeout(startup_seconds):
            while not await redis.exists(WORKER_KEY_PREFIX + worker.name):
                if process.poll() is not None:
                    raise RuntimeError(f"the worker exited: {worker.log_tail()}")
                await asyncio.sleep(0.1)
    finally:
        await redis.aclose()
    return worker


def _spawn_worker(env: Mapping[str, str], concurrency: int) -> WorkerProcess:
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [str(INTERVIEW), "worker", "--concurrency", str(concurrency)],
        cwd=REPO,
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return WorkerProcess(process, log)


@contextlib.contextmanager
def stopped_at_exit(workers: list[WorkerProcess]) -> Iterator[list[WorkerProcess]]:
    try:
        yield workers
    finally:
        for worker in workers:
            worker.stop()
            worker.log.close()


async def acknowledged_by_all(redis: Redis, within: float = 10) -> None:
    """Wait until no job is pending (a worker acknowledges just after storing the result)."""
    async with asyncio.timeout(within):
        while await redis.xpending_range("speech:jobs", "speech-workers", min="-", max="+", count=1):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
