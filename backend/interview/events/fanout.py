"""In-process fan-out: the subscribers of each channel, counted, fed from one source."""

from __future__ import annotations

import logging

from interview.events.bus import BrokerError, Message, Subscription

logger = logging.getLogger(__name__)


class ChannelFanout:
    """Which local subscribers listen to which channel; delivers a message to all of them.

    The number of subscribers of a channel is its reference count: `add` reports the first one (time
    to subscribe upstream) and `remove` the last one (time to unsubscribe). A subscriber dropped for
    being too slow still counts until its `async with` block exits.
    """

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = {}

    def add(self, subscription: Subscription) -> bool:
        """Register a subscriber; True if it is the channel's first."""
        subscribers = self._subscribers.setdefault(subscription.channel, set())
        subscribers.add(subscription)
        return len(subscribers) == 1

    def remove(self, subscription: Subscription) -> bool:
        """Unregister a subscriber; True if it was the channel's last."""
        subscribers = self._subscribers.get(subscription.channel)
        if subscribers is None or subscription not in subscribers:
            return False
        subscribers.discard(subscription)
        if subscribers:
            return False
        del self._subscribers[subscription.channel]
        return True

    def channels(self) -> list[str]:
        """Channels that have at least one subscriber."""
        return list(self._subscribers)

    def count(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))

    def deliver(self, channel: str, message: Message) -> None:
        """Queue `message` for every subscriber of `channel` without waiting for any of them."""
        for subscription in self._subscribers.get(channel, ()):
            if subscription.dropped:
                continue
            if not subscription._deliver(message) and subscription.dropped:
                logger.warning(
                    "dropped a subscriber of %s: it fell %d messages behind",
                    channel,
                    subscription.max_pending,
                )

    def interrupt_registered(self, error: BrokerError) -> int:
        """Fail every registered subscriber after its queued messages; returns how many.

        Subscribers still waiting for their registration are left alone: they read current state
        only once registered, so they miss nothing.
        """
        interrupted = 0
        for subscribers in self._subscribers.values():
            for subscription in subscribers:
                if subscription.registered and not subscription.dropped:
                    subscription._interrupt(error)
                    interrupted += 1
        return interrupted

    def end_all(self) -> None:
        """Stop every subscription after its queued messages (shutdown)."""
        for subscribers in self._subscribers.values():
            for subscription in subscribers:
                subscription._end()
