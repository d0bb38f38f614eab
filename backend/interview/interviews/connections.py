"""Who is listening live: one `connections` row per open subscription.

A row is written when a subscription opens, its `last_heartbeat_at` is refreshed while it stays
open, and `closed_at` is set when it ends for any reason (completion, the client leaving, an
error). A process that dies cannot close its rows; a stale heartbeat (older than a few
intervals) with no `closed_at` tells an operator which rows those are.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
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


async def heartbeat(connection_id: UUID) -> None:
    """Mark the subscription as still open."""
    await Connection.update({Connection.last_heartbeat_at: datetime.now(UTC)}).where(
        Connection.id == connection_id
    )


async def close_connection(connection_id: UUID) -> None:
    """Mark the subscription as closed (the first close wins)."""
    now = datetime.now(UTC)
    await Connection.update({Connection.closed_at: now, Connection.last_heartbeat_at: now}).where(
        (Connection.id == connection_id) & Connection.closed_at.is_null()
    )


async def _beat_forever(connection_id: UUID, interval_seconds: float) -> None:
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await heartbeat(connection_id)
        except Exception as error:  # a missed beat must not end the subscription
            log.warning("connection heartbeat failed", connection_id=str(connection_id), error=str(error))


@contextlib.asynccontextmanager
async def tracked_connection(
    user_id: UUID, session_id: UUID, operation: str, process_id: str, heartbeat_seconds: float
) -> AsyncIterator[UUID]:
    """A `connections` row for the duration of the block, with heartbeats while it is open.

    The close is shielded: a subscription usually ends by being cancelled (the client left),
    and the row must still be closed then.
    """
    connection_id = await open_connection(user_id, session_id, operation, process_id)
    beats = asyncio.create_task(_beat_forever(connection_id, heartbeat_seconds), name="connection-heartbeat")
    try:
        yield connection_id
    finally:
        beats.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beats
        closing = asyncio.ensure_future(close_connection(connection_id))
        try:
            await asyncio.shield(closing)
        except asyncio.CancelledError:
            await closing
            raise
