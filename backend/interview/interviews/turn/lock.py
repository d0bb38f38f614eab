"""One turn at a time per answer, across processes: a PostgreSQL advisory lock held while it runs.

The lock is a session-level advisory lock on a connection of a small pool of its own, so a turn
holding it never starves the queries it makes (which use the main pool). When a process dies,
PostgreSQL closes its connections and the locks go with them: recovery can then tell an
abandoned answer (lock free) from one a live process is working on (lock taken). A call that
must wait for another's turn waits in PostgreSQL itself, which wakes it when the lock is freed
(by the turn ending or its process dying), in whichever process that turn runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator, Hashable
from uuid import UUID

import asyncpg

LOCK_POOL_SIZE = 32
"""At most this many turns (and calls waiting for one) of a process at once; more wait for a connection."""


class TurnBusy(Exception):
    """The answer's turn did not end within the time a caller was willing to wait."""


def lock_key(answer_id: UUID) -> int:
    """The advisory-lock key of an answer: the first 64 bits of its (random) UUID."""
    return int.from_bytes(answer_id.bytes[:8], "big", signed=True)


class TurnLocks:
    """The advisory locks of answers, on a pool opened and closed with the process's services."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, dsn: str) -> TurnLocks:
        return cls(await asyncpg.create_pool(dsn, min_size=0, max_size=LOCK_POOL_SIZE))

    async def close(self) -> None:
        await self._pool.close()

    @contextlib.asynccontextmanager
    async def try_hold(self, answer_id: UUID) -> AsyncIterator[bool]:
        """Try to take the answer's lock; yields whether it was taken (False: another turn runs it)."""
        async with self._pool.acquire() as connection:
            key = lock_key(answer_id)
            taken = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", key))
            try:
                yield taken
            finally:
                if taken:
                    await connection.execute("SELECT pg_advisory_unlock($1)", key)

    @contextlib.asynccontextmanager
    async def hold(self, answer_id: UUID, wait_seconds: float) -> AsyncIterator[None]:
        """Take the answer's lock, waiting up to `wait_seconds` for a running turn to end (TurnBusy)."""
        async with self._pool.acquire() as connection:
            key = lock_key(answer_id)
            try:
                # SET LOCAL: the timeout ends with this transaction; the session-level lock does not.
                async with connection.transaction():
                    await connection.execute(f"SET LOCAL lock_timeout = {max(1, round(wait_seconds * 1000))}")
                    await connection.execute("SELECT pg_advisory_lock($1)", key)
            except asyncpg.LockNotAvailableError:
                raise TurnBusy(f"answer {answer_id} is still being processed") from None
            try:
                yield
            finally:
                await connection.execute("SELECT pg_advisory_unlock($1)", key)


class LocalLocks:
    """asyncio locks by key, for work that must not overlap within this process.

    One instance lives in the process's services. Locks are weakly held, so a key's lock goes away
    once nobody holds or waits for it.
    """

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[Hashable, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock(self, key: Hashable) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock
