"""Riding out a short database outage (a PostgreSQL restart, a failover) on writes that must land.

asyncpg's pool replaces a dead connection when it is next acquired, so the first query after the
server is back succeeds; only the queries sent while it is down fail. A write that a finished turn
depends on (its result, its question's clip) is retried through such a window rather than lost,
for a bounded time. Only a lost or refused connection is retried: any other error is the query's
own and is raised at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
import structlog
from asyncpg.exceptions import AdminShutdownError, CannotConnectNowError, CrashShutdownError

log = structlog.get_logger(__name__)

T = TypeVar("T")

CONNECTION_LOST: tuple[type[BaseException], ...] = (
    OSError,  # refused or reset while the server is down
    asyncpg.PostgresConnectionError,  # the connection closed in the middle of a query
    AdminShutdownError,  # "terminating connection due to administrator command": a restart
    CrashShutdownError,
    CannotConnectNowError,  # "the database system is starting up"
)
"""The errors of a connection to a server that is away, as opposed to errors of a query."""

OUTAGE_SECONDS = 30.0
"""How long a write waits for the database to come back: a restart takes 1-3 s here, a managed
failover up to ~30 s. Beyond that the failure is the caller's to report."""

_FIRST_PAUSE_SECONDS = 0.1
_LONGEST_PAUSE_SECONDS = 2.0


_CLOSED = "connection is closed"
"""What asyncpg's InterfaceError says when a query is sent on a connection it already saw close
("connection is closed", "cannot call Transaction.rollback(): the underlying connection is
closed"...): the server went away between the pool handing out the connection and its use."""


def connection_lost(error: BaseException) -> bool:
    """Whether `error` is the server being away (retry later), not the query being wrong.

    asyncpg raises InterfaceError, the class of its misuse errors too, when a connection it saw
    close is used; only that message, or an InterfaceError raised while handling a lost
    connection, counts as the loss.
    """
    if isinstance(error, asyncpg.InterfaceError):
        if _CLOSED in str(error):
            return True
        return error.__context__ is not None and connection_lost(error.__context__)
    return isinstance(error, CONNECTION_LOST) and not isinstance(error, TimeoutError)


async def outlasting_outage(
    write: Callable[[], Awaitable[T]], what: str, *, seconds: float = OUTAGE_SECONDS
) -> T:
    """`write()`, called again (with growing pauses) while the database is away, for up to
    `seconds`. `write` must be safe to repeat: a transaction the server rolled back, an upsert."""
    deadline = asyncio.get_running_loop().time() + seconds
    pause = _FIRST_PAUSE_SECONDS
    attempt = 1
    while True:
        try:
            return await write()
        except Exception as error:
            left = deadline - asyncio.get_running_loop().time()
            if not connection_lost(error) or left <= 0:
                raise
            log.warning("database away; retrying", what=what, attempt=attempt, error=str(error))
        await asyncio.sleep(min(pause, left))
        pause = min(pause * 2, _LONGEST_PAUSE_SECONDS)
        attempt += 1
