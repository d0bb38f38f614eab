"""The event bus: one channel per interview session, the same interface in memory and on Redis.

A subscriber opens a subscription as an async context manager. Entering it returns only once the
subscription is registered (on Redis: once the server has confirmed SUBSCRIBE), so a caller can
read current state *after* entering and miss nothing published in between:

    async with broker.subscription(session_channel(session_id)) as sub:
        yield await current_state()        # anything published from here on is queued for us
        async for message in sub:
            yield message

Leaving the block (normally, by an error or by cancellation) unregisters the subscriber.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

Message = dict[str, Any]

DEFAULT_MAX_PENDING = 1000
"""Messages a subscriber may have waiting before it is dropped as too slow (see `SubscriberTooSlow`)."""


def session_channel(session_id: str) -> str:
    """The channel every event of one session goes through."""
    return f"interview:session:{session_id}"


class BrokerError(Exception):
    """The event bus failed."""


class BrokerUnavailable(BrokerError):
    """The broker's server cannot be reached, so a subscription cannot be registered."""


class BrokerClosed(BrokerError):
    """The broker is not running: `start()` was not called, or `close()` was."""


class SubscriberTooSlow(BrokerError):
    """The subscriber fell more than `max_pending` messages behind and was dropped.

    Its queued messages are discarded; the caller should re-subscribe and re-read current state.
    """


class EventsMissed(BrokerError):
    """The broker lost its connection, so messages published meanwhile never reached this subscriber.

    The subscriber first gets what was queued before the loss, then this error; it should
    re-subscribe and re-read current state, as after `SubscriberTooSlow`.
    """


class Subscription:
    """The messages of one channel for one subscriber, in publish order.

    Brokers create it and push into it; the consumer only iterates. The queue is bounded: when
    `max_pending` messages are waiting and another arrives, the subscription fails with
    `SubscriberTooSlow` instead of growing without limit, and other subscribers are unaffected.
    Messages are shared between the subscribers of a process: do not mutate them.
    """

    def __init__(self, channel: str, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self.channel = channel
        self.max_pending = max_pending
        self._items: list[Message] = []
        """A list, not a deque: a deque's first block costs 600 B even when empty, and thousands of
        subscribers wait with nothing queued; what is queued is consumed from the front at once."""
        self._waiter: asyncio.Future[None] | None = None
        """Set only while the consumer waits (an Event per subscriber costs its memory all the time)."""
        self._error: BrokerError | None = None
        self._ended = False
        self.registered = False
        """Set by the broker once the subscription is confirmed: from then on a lost message is a gap."""

    @property
    def pending(self) -> int:
        """Messages received but not yet consumed."""
        return len(self._items)

    @property
    def dropped(self) -> bool:
        """True once the subscriber was dropped for falling behind."""
        return isinstance(self._error, SubscriberTooSlow)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Message:
        while not self._items:
            if self._error is not None:
                raise self._error
            if self._ended:
                raise StopAsyncIteration
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._items.pop(0)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _deliver(self, message: Message) -> bool:
        """Queue one message; False if the subscriber is (now) dropped."""
        if self._error is not None or self._ended:
            return False
        if len(self._items) >= self.max_pending:
            self._items.clear()  # free the memory now; the consumer gets the error next
            self._error = SubscriberTooSlow(
                f"subscriber of {self.channel} fell {self.max_pending} messages behind and was dropped; "
                "re-subscribe and re-read current state"
            )
            self._wake()
            return False
        self._items.append(message)
        self._wake()
        return True

    def _interrupt(self, error: BrokerError) -> None:
        """Fail the subscription after the messages already queued (the feed has a gap)."""
        if self._error is None and not self._ended:
            self._error = error
            self._wake()

    def _end(self) -> None:
        """Let the consumer finish what is queued, then stop iterating (broker shutdown)."""
        self._ended = True
        self._wake()


class Broker(Protocol):
    """Publish JSON-able messages to a channel; subscribe to receive them in order."""

    name: str
    shared_across_processes: bool

    async def start(self) -> None:
        """Connect; raises `BrokerUnavailable` if the server cannot be reached."""
        ...

    async def close(self) -> None:
        """Disconnect; open subscriptions finish their queued messages and stop."""
        ...

    async def ping(self) -> bool:
        """True if the broker can publish and deliver right now (for /healthz and `doctor`)."""
        ...

    async def publish(self, channel: str, message: Message) -> None:
        """Send `message` (JSON-encoded on the way) to every current subscriber of `channel`."""
        ...

    def subscription(self, channel: str) -> AbstractAsyncContextManager[Subscription]:
        """A subscription to `channel`, registered when the `async with` is entered.

        Raises `BrokerClosed` if the broker is not running and `BrokerUnavailable` if the
        registration is not confirmed in time.
        """
        ...

    def subscriber_count(self, channel: str) -> int:
        """Open subscriptions to `channel` in this process (diagnostics and tests)."""
        ...

    def describe(self) -> str:
        """One line for logs and `doctor`, without secrets."""
        ...
