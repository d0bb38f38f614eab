"""The event bus: one channel per interview session, the same interface in memory and on Redis."""

from __future__ import annotations

from typing import Any, AsyncIterator, Protocol

Message = dict[str, Any]


def session_channel(session_id: str) -> str:
    """The channel every event of one session goes through."""
    return f"interview:session:{session_id}"


class Broker(Protocol):
    """Publish JSON-able messages to a channel; subscribe to receive them in order."""

    name: str
    shared_across_processes: bool

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def ping(self) -> bool: ...

    async def publish(self, channel: str, message: Message) -> None: ...

    def subscribe(self, channel: str) -> AsyncIterator[Message]:
        """Messages published to `channel` after the subscription is registered.

        Registration happens before the first `__anext__` returns control, so a caller that
        awaits `ready()`... see implementations for the exact guarantee.
        """
        ...
