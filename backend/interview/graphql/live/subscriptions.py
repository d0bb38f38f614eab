"""Subscriptions: a session's events and its live metrics, relayed from the broker.

Both follow the same steps, in this order, so that nothing published in between is missed:
check ownership, record the connection, enter the broker subscription (registered on Redis when
entered), read the current state and yield it, then relay the bus in publish order.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import strawberry
import structlog

from interview.accounts.principal import Scope
from interview.db.tables import InterviewSession as SessionTable
from interview.db.tables import LiveMetrics as LiveMetricsTable
from interview.errors import EventsInterrupted
from interview.events.bus import BrokerError, session_channel
from interview.events.bus import Subscription as BusSubscription
from interview.graphql.context import Info
from interview.graphql.interviews.types import LiveMetrics
from interview.graphql.live.messages import (
    FINAL_STATUSES,
    NEEDS_FRESH_LOADERS,
    is_final_status,
    shared_events,
)
from interview.graphql.live.types import InterviewEvent, LiveMetricsUpdated
from interview.graphql.loaders import Loaders
from interview.interviews import lifecycle
from interview.interviews.connections import tracked_connection

log = structlog.get_logger(__name__)


@contextlib.asynccontextmanager
async def _session_feed(
    info: Info, session_id: str, operation: str
) -> AsyncIterator[tuple[UUID, BusSubscription]]:
    """Ownership checked (NOT_FOUND otherwise), the connection recorded, the bus subscribed.

    A gap in the feed (the broker lost its connection, or the client fell too far behind) ends the
    subscription with EventsInterrupted: the client must re-read, not carry on.
    """
    principal = info.context.user(Scope.REPORTS_READ)
    session = await lifecycle.owned_session(principal.user_id, session_id)
    services = info.context.services
    async with (
        tracked_connection(
            principal.user_id,
            session["id"],
            operation,
            services.process_id,
            services.settings.live_heartbeat_seconds,
        ),
        services.broker.subscription(session_channel(str(session["id"]))) as feed,
    ):
        try:
            yield session["id"], feed
        except BrokerError as error:
            log.warning("a live subscription lost events", error=str(error))
            raise EventsInterrupted(
                "Some events of this interview may have been missed. Subscribe again: a new "
                "subscription starts with the current state.",
                resubscribe=True,
            ) from error


async def _current_metrics(session_id: UUID) -> dict[str, Any]:
    row = await LiveMetricsTable.select().where(LiveMetricsTable.session == session_id).first()
    if row is None:  # every session gets its row at start; be safe for rows made by hand
        await LiveMetricsTable.insert(LiveMetricsTable(session=session_id)).on_conflict(action="DO NOTHING")
        row = await LiveMetricsTable.select().where(LiveMetricsTable.session == session_id).first()
    assert row is not None
    return row


async def _is_finished(session_id: UUID) -> bool:
    row = await SessionTable.select(SessionTable.status).where(SessionTable.id == session_id).first()
    return row is None or row["status"] in FINAL_STATUSES


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def interview_events(
        self, info: Info, session_id: strawberry.ID
    ) -> AsyncGenerator[InterviewEvent, None]:
        """LiveMetricsUpdated with the current metrics, then every event of the session in order.

        Completes after SessionStatusChanged(COMPLETED or CANCELLED), at once if already finished.
        """
        async with _session_feed(info, session_id, "interviewEvents") as (sid, feed):
            current = LiveMetrics.from_row(await _current_metrics(sid))
            yield LiveMetricsUpdated(session_id=current.session_id, at=datetime.now(UTC), metrics=current)
            # Read after subscribing: a status change from here on is also in the feed.
            if await _is_finished(sid):
                return
            async for message in feed:
                event = shared_events.event_of(message)
                if event is not None:
                    if message.get("type") in NEEDS_FRESH_LOADERS:
                        # A websocket's context lives as long as the socket: fresh loaders keep
                        # nested fields (a transcript's feedback) from being served stale.
                        info.context.loaders = Loaders()
                    yield event
                if is_final_status(message):
                    return

    @strawberry.subscription
    async def live_metrics(self, info: Info, session_id: strawberry.ID) -> AsyncGenerator[LiveMetrics, None]:
        """The current live metrics, then every update until the session finishes."""
        async with _session_feed(info, session_id, "liveMetrics") as (sid, feed):
            yield LiveMetrics.from_row(await _current_metrics(sid))
            if await _is_finished(sid):
                return
            async for message in feed:
                event = (
                    shared_events.event_of(message) if message.get("type") == "LiveMetricsUpdated" else None
                )
                if isinstance(event, LiveMetricsUpdated):
                    yield event.metrics
                elif is_final_status(message):
                    return
