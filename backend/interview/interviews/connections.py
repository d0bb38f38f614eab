"""Who is listening live: one `connections` row per open subscription.

A row is written when a subscription opens, its `last_heartbeat_at` is refreshed while it stays
open, and `closed_at` is set when it ends for any reason (completion, the client leaving, an
error). A process that dies cannot close its rows; a stale heartbeat (older than a few
intervals) with no `closed_at` tells an operator which rows those are.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection
from datetime import UTC, datetime, timedelta
from uuid import UUID

import structlog

from interview.db.tables import Connection

log = structlog.get_logger(__name__)


async def open_connection(user_id: UUID, session_id: UUID, operation: str, process_id: str) -> UUID:
    """Record a newly opened subscription; returns the row's id."""
    row = Connection(user=user_id, session=session_id, operation=operation[:32], process_id=process_id[:64])
    await row.save()
    connection_id: UUID = row.id
    return connection_id


async def heartbeat(connection_ids: Collection[UUID]) -> None:
    """Mark these subscriptions as still open, in one statement."""
    if connection_ids:
        await Connection.update({Connection.last_heartbeat_at: datetime.now(UTC)}).where(
            Connection.id.is_in(list(connection_ids)) & Connection.closed_at.is_null()
        )


async def close_connection(connection_id: UUID) -> None:
    """Mark the subscription as closed (the first close wins)."""
    now = datetime.now(UTC)
    await Connection.update({Connection.closed_at: now, Connection.last_heartbeat_at: now}).where(
        (Connection.id == connection_id) & Connection.closed_at.is_null()
    )


STALE_AFTER_BEATS = 3
"""A row whose heartbeat is this many intervals old belongs to a process that died."""


async def close_stale_connections(interval_seconds: float) -> int:
    """Close rows left open by a process that died: their heartbeat stopped long ago.

    They are closed at their last heartbeat, the last moment they were known to be open.
    """
    cutoff = datetime.now(UTC) - timedelta(seconds=STALE_AFTER_BEATS * interval_seconds)
    closed = (
        await Connection.update({Connection.closed_at: Connection.last_heartbeat_at})
        .where(Connection.closed_at.is_null() & (Connection.last_heartbeat_at < cutoff))
        .returning(Connection.id)
    )
    return len(closed)


class Heartbeat:
    """One task per process refreshes every open subscription's row with a single UPDATE.

    A task per subscription would cost a coroutine, a timer and a query each: at 2,000 open
    websockets that is 130 queries a second for nothing. The task starts with the first open
    connection and stops when the last one closes. Each beat also closes the rows that a dead
    process left open. One instance lives in the process's services.
    """

    def __init__(self) -> None:
        self._open: dict[UUID, float] = {}
        self._task: asyncio.Task[None] | None = None

    def add(self, connection_id: UUID, interval_seconds: float) -> None:
        self._open[connection_id] = interval_seconds
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._beat_forever(), name="connection-heartbeat")

    def discard(self, connection_id: UUID) -> None:
        self._open.pop(connection_id, None)
        if not self._open:
            self._stop()

    async def close(self) -> None:
        """Stop beating (at shutdown); the rows still open are closed by their subscriptions' ends."""
        task = self._task
        self._stop()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _beat_forever(self) -> None:
        while self._open:
            interval = min(self._open.values())
            await asyncio.sleep(interval)
            try:
                await heartbeat(list(self._open))
                await close_stale_connections(interval)
            except Exception as error:  # a missed beat must not end anything
                log.warning("connection heartbeat failed", open=len(self._open), error=str(error))


@contextlib.asynccontextmanager
async def tracked_connection(
    beat: Heartbeat,
    user_id: UUID,
    session_id: UUID,
    operation: str,
    process_id: str,
    heartbeat_seconds: float,
) -> AsyncIterator[UUID]:
    """A `connections` row for the duration of the block, with heartbeats while it is open.

    The close is shielded: a subscription usually ends by being cancelled (the client left),
    and the row must still be closed then.
    """
    connection_id = await open_connection(user_id, session_id, operation, process_id)
    beat.add(connection_id, heartbeat_seconds)
    try:
        yield connection_id
    finally:
        beat.discard(connection_id)
        closing = asyncio.ensure_future(close_connection(connection_id))
        try:
            await asyncio.shield(closing)
        except asyncio.CancelledError:
            await closing
            raise
