"""Subscriptions: a session's events and its live metrics."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from interview.accounts.principal import Scope
from interview.errors import NotAvailableYet
from interview.graphql.context import Info
from interview.graphql.interviews.types import LiveMetrics
from interview.graphql.live.types import InterviewEvent


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def interview_events(
        self, info: Info, session_id: strawberry.ID
    ) -> AsyncGenerator[InterviewEvent, None]:
        info.context.user(Scope.REPORTS_READ)
        raise NotAvailableYet("interviewEvents is not available yet in this build.")
        yield  # pragma: no cover

    @strawberry.subscription
    async def live_metrics(self, info: Info, session_id: strawberry.ID) -> AsyncGenerator[LiveMetrics, None]:
        info.context.user(Scope.REPORTS_READ)
        raise NotAvailableYet("liveMetrics is not available yet in this build.")
        yield  # pragma: no cover
