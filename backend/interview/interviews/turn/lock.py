"""One turn at a time per answer, across processes: a PostgreSQL advisory lock held while it runs.

The lock is a session-level advisory lock on a connection of a small pool of its own, so a turn
holding it never starves the queries it makes (which use the main pool). When a process dies,
PostgreSQL closes its connections and the locks go with them: recovery can then tell an
abandoned answer (lock free) from one a live process is working on (lock taken).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg

_LOCK_POOL_SIZE = 32
"""At most this many turns of one process run at once; more wait for a connection."""

_pools: dict[tuple[str, int], asyncio.Task[asyncpg.Pool]] = {}


def lock_key(answer_id: UUID) -> int:
    """The advisory-lock key of an answer: the first 64 bits of its (random) UUID."""
    return int.from_bytes(answer_id.bytes[:8], "big", signed=True)


async def _pool(dsn: str) -> asyncpg.Pool:
    key = (dsn, id(asyncio.get_running_loop()))
    creating = _pools.get(key)
    if creating is None or (creating.done() and (creating.cancelled() or creating.exception())):
        # one creation per loop, also when two turns start at once; a failed one is tried again
        creating = asyncio.ensure_future(_create(dsn))
        _pools[key] = creating
    return await asyncio.shield(creating)


async def _create(dsn: str) -> asyncpg.Pool:
    pool: asyncpg.Pool = await asyncpg.create_pool(dsn, min_size=0, max_size=_LOCK_POOL_SIZE)
    return pool


@contextlib.asynccontextmanager
async def turn_lock(dsn: str, answer_id: UUID) -> AsyncIterator[bool]:
    """Try to take the answer's lock; yields whether it was taken (False: another turn runs it)."""
    pool = await _pool(dsn)
    async with pool.acquire() as connection:
        key = lock_key(answer_id)
        taken = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", key))
        try:
            yield taken
        finally:
            if taken:
                await connection.execute("SELECT pg_advisory_unlock($1)", key)


async def close_turn_locks() -> None:
    """Close this event loop's lock pools (at shutdown)."""
    loop_id = id(asyncio.get_running_loop())
    for key in [key for key in _pools if key[1] == loop_id]:
        creating = _pools.pop(key)
        if creating.done() and not creating.cancelled() and creating.exception() is None:
            await creating.result().close()
