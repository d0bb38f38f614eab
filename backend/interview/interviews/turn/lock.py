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
from collections.abc import AsyncIterator, Hashable, Iterator
from uuid import UUID

import asyncpg
import structlog

from interview.db.outage import CONNECTION_LOST
from interview.errors import RateLimited

log = structlog.get_logger(__name__)

LOCK_POOL_SIZE = 32
"""At most this many turns (and calls waiting for one) of a process at once; more wait for a connection
(up to `acquire_seconds`, then TurnBusy)."""

_LOCK_QUERY_SECONDS = 10.0
"""Client-side timeout of the lock pool's quick statements (try-lock, unlock): a connection that
stops answering is given up rather than hanging a turn."""


class TurnBusy(Exception):
    """The answer's turn did not end within the time a caller was willing to wait."""


def lock_key(answer_id: UUID) -> int:
    """The advisory-lock key of an answer: the first 64 bits of its (random) UUID."""
    return int.from_bytes(answer_id.bytes[:8], "big", signed=True)


class TurnLocks:
    """The advisory locks of answers, on a pool opened and closed with the process's services."""

    def __init__(self, pool: asyncpg.Pool, acquire_seconds: float = 10.0) -> None:
        self._pool = pool
        self._acquire_seconds = acquire_seconds

    @classmethod
    async def open(cls, dsn: str, acquire_seconds: float = 10.0) -> TurnLocks:
        pool = await asyncpg.create_pool(
            dsn, min_size=0, max_size=LOCK_POOL_SIZE, command_timeout=_LOCK_QUERY_SECONDS
        )
        return cls(pool, acquire_seconds)

    @contextlib.asynccontextmanager
    async def _connection(self, answer_id: UUID) -> AsyncIterator[asyncpg.Connection]:
        """A lock connection, or TurnBusy when none frees up within `acquire_seconds`."""
        try:
            connection = await self._pool.acquire(timeout=self._acquire_seconds)
        except TimeoutError:
            raise TurnBusy(f"no lock connection for answer {answer_id}: too many turns at once") from None
        try:
            yield connection
        finally:
            await self._pool.release(connection)

    async def close(self) -> None:
        await self._pool.close()

    @contextlib.asynccontextmanager
    async def try_hold(self, answer_id: UUID) -> AsyncIterator[bool]:
        """Try to take the answer's lock; yields whether it was taken (False: another turn runs it)."""
        async with self._connection(answer_id) as connection:
            key = lock_key(answer_id)
            taken = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", key))
            try:
                yield taken
            finally:
                if taken:
                    await _unlock(connection, key)

    @contextlib.asynccontextmanager
    async def hold(self, answer_id: UUID, wait_seconds: float) -> AsyncIterator[None]:
        """Take the answer's lock, waiting up to `wait_seconds` for a running turn to end (TurnBusy)."""
        async with self._connection(answer_id) as connection:
            key = lock_key(answer_id)
            try:
                # SET LOCAL: the timeout ends with this transaction; the session-level lock does not.
                async with connection.transaction():
                    await connection.execute(f"SET LOCAL lock_timeout = {max(1, round(wait_seconds * 1000))}")
                    await connection.execute(
                        "SELECT pg_advisory_lock($1)", key, timeout=wait_seconds + _LOCK_QUERY_SECONDS
                    )
            except asyncpg.LockNotAvailableError:
                raise TurnBusy(f"answer {answer_id} is still being processed") from None
            try:
                yield
            finally:
                await _unlock(connection, key)


async def _unlock(connection: asyncpg.Connection, key: int) -> None:
    """Release a session-level advisory lock. A connection lost meanwhile (PostgreSQL restarted)
    needs nothing: the server released its locks when the session ended, and the turn's own result
    stands."""
    try:
        await connection.execute("SELECT pg_advisory_unlock($1)", key)
    except (asyncpg.InterfaceError, *CONNECTION_LOST) as error:
        log.warning("turn lock connection lost before unlock", error=str(error))


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


class UserSlots:
    """At most `limit` jobs of one user at once in this process; more are RATE_LIMITED.

    For speech work (decoding and measuring answers): one account cannot occupy the speech threads
    that every candidate's answers share.
    """

    def __init__(self) -> None:
        self._running: dict[Hashable, int] = {}

    @contextlib.contextmanager
    def take(self, key: Hashable, limit: int, retry_after: int = 1) -> Iterator[None]:
        running = self._running.get(key, 0)
        if running >= limit:
            raise RateLimited(
                f"{limit} of your answers are already being processed; try again in {retry_after} s.",
                retryAfter=retry_after,
            )
        self._running[key] = running + 1
        try:
            yield
        finally:
            left = self._running[key] - 1
            if left:
                self._running[key] = left
            else:
                del self._running[key]
