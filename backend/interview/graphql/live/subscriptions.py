"""Subscriptions: a session's events and its live metrics, relayed from the broker.

Both follow the same steps, in this order, so that nothing published in between is missed:
check ownership, record the connection, enter the broker subscription (registered on Redis when
entered), read the current state and yield it, then relay the bus in publish order. Over
graphql-transport-ws an event is sent by the subscription's LiveRoute, rendered once for every
subscriber whose result cannot differ (live/delivery.py); it is yielded to Strawberry only when
there is no route or its result has errors.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import UTC, datetime
from uuid import UUID

import strawberry
import structlog

from interview.accounts.principal import Scope
from interview.errors import EventsInterrupted
from interview.events.bus import BrokerError, session_channel
from interview.events.bus import Subscription as BusSubscription
from interview.graphql.context import Info
from interview.graphql.interviews.types import LiveMetrics
from interview.graphql.live.delivery import live_route
from interview.graphql.live.messages import NEEDS_FRESH_LOADERS, shared_events
from interview.graphql.live.types import InterviewEvent, LiveMetricsUpdated
from interview.graphql.loaders import Loaders
from interview.interviews import lifecycle
from interview.interviews.connections import tracked_connection
from interview.interviews.live_metrics import current_live_metrics

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
            services.heartbeat,
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
            current = LiveMetrics.from_row(await current_live_metrics(sid))
            yield LiveMetricsUpdated(session_id=current.session_id, at=datetime.now(UTC), metrics=current)
            del current  # the generator lives as long as the subscription
            # Read after subscribing: a status change from here on is also in the feed.
            if await lifecycle.is_finished(sid):
                return
            route = live_route(info)
            async for message in feed:
                delivery = shared_events.delivery_of(message)
                if delivery is None:
                    continue
                domain_event, event = delivery
                if event is not None:
                    if isinstance(domain_event, NEEDS_FRESH_LOADERS):
                        # A websocket's context lives as long as the socket: fresh loaders keep
                        # nested fields (a transcript's feedback) from being served stale.
                        info.context.loaders = Loaders()
                    if route is None or not await route.deliver(event):
                        yield event
                if domain_event.ends_interview:
                    return

    @strawberry.subscription
    async def live_metrics(self, info: Info, session_id: strawberry.ID) -> AsyncGenerator[LiveMetrics, None]:
        """The current live metrics, then every update until the session finishes."""
        async with _session_feed(info, session_id, "liveMetrics") as (sid, feed):
            yield LiveMetrics.from_row(await current_live_metrics(sid))
            if await lifecycle.is_finished(sid):
                return
            route = live_route(info)
            async for message in feed:
                delivery = shared_events.delivery_of(message)
                if delivery is None:
                    continue
                domain_event, event = delivery
                if isinstance(event, LiveMetricsUpdated):
                    if route is None or not await route.deliver(event.metrics):
                        yield event.metrics
                elif domain_event.ends_interview:
                    return
