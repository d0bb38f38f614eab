"""What the live benchmarks run against: a database of their own, Redis, real API processes.

A fresh PostgreSQL database is created (migrated and seeded by the `interview` command) and
dropped afterwards; Redis is a db number of the benchmarks' own. Servers are `interview serve`
subprocesses on free ports of 127.0.0.1 (see tests/live/processes.py).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from tests.live.processes import INTERVIEW, REPO, ApiProcess, api_processes, server_environment

ADMIN_DSN = os.environ.get("BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET_KEY = "bench-secret-key-not-for-production"


@dataclass
class Stack:
    database_url: str
    redis_url: str
    env: dict[str, str]
    servers: list[ApiProcess]


@contextlib.asynccontextmanager
async def bench_database() -> AsyncIterator[str]:
    name = f"interview_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield f"{ADMIN_DSN.rpartition('/')[0]}/{name}"
    finally:
        admin = await asyncpg.connect(ADMIN_DSN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def environment(database_url: str, extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The servers' environment: the bench database and Redis, no rate limit, `extra_env` on top."""
    data_dir = Path(tempfile.mkdtemp(prefix="interview-bench-"))
    return server_environment(
        database_url, REDIS_URL, SECRET_KEY, data_dir, {"RATE_LIMIT_REQUESTS": "0", **(extra_env or {})}
    )


def migrate_and_seed(env: Mapping[str, str]) -> None:
    for command in ("migrate", "seed"):
        subprocess.run(
            [str(INTERVIEW), command], cwd=REPO, env=dict(env), check=True, capture_output=True, timeout=120
        )


@contextlib.asynccontextmanager
async def stack(processes: int, extra_env: Mapping[str, str] | None = None) -> AsyncIterator[Stack]:
    """A migrated, seeded database and `processes` API servers on one Redis."""
    async with bench_database() as database_url:
        env = environment(database_url, extra_env)
        migrate_and_seed(env)
        async with api_processes(processes, env) as servers:
            yield Stack(database_url=database_url, redis_url=REDIS_URL, env=env, servers=servers)
