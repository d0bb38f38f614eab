"""The embedded broker: one process only, used when REDIS_URL is unset."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from interview.events.bus import DEFAULT_MAX_PENDING, BrokerClosed, Message, Subscription
from interview.events.fanout import ChannelFanout


class InMemoryBroker:
    """Delivers within this process only; API processes do not see each other's events."""

    name = "memory"
    shared_across_processes = False

    def __init__(self, *, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        self.max_pending = max_pending
        self._fanout = ChannelFanout()
        self._running = False

    async def start(self) -> None:
        self._running = True

    async def close(self) -> None:
        self._running = False
        self._fanout.end_all()

    async def ping(self) -> bool:
        return self._running

    async def publish(self, channel: str, message: Message) -> None:
        if not self._running:
            raise BrokerClosed("the in-process broker is not running")
        # A JSON round trip, as on Redis: a message that Redis would refuse fails here too, and
        # subscribers never share an object with the publisher.
        self._fanout.deliver(channel, json.loads(json.dumps(message)))

    @asynccontextmanager
    async def subscription(self, channel: str) -> AsyncIterator[Subscription]:
        if not self._running:
            raise BrokerClosed("the in-process broker is not running")
        subscription = Subscription(channel, self.max_pending)
        self._fanout.add(subscription)
        subscription.registered = True
        try:
            yield subscription
        finally:
            self._fanout.remove(subscription)

    def subscriber_count(self, channel: str) -> int:
        """Local subscribers of `channel` (for tests and diagnostics)."""
        return self._fanout.count(channel)

    def describe(self) -> str:
        return "in-process (single process only)"
