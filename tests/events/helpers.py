"""Small waits with deadlines, so that a broken bus fails a test instead of hanging it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from interview.events.bus import Message, Subscription

DEADLINE = 5.0


async def take(subscription: Subscription, count: int, deadline: float = DEADLINE) -> list[Message]:
    """The next `count` messages of `subscription`."""
    received: list[Message] = []
    async with asyncio.timeout(deadline):
        async for message in subscription:
            received.append(message)
            if len(received) == count:
                break
    return received


async def eventually(check: Callable[[], Awaitable[bool]], deadline: float = DEADLINE) -> None:
    """Wait until `check()` is true (for effects that Redis applies asynchronously)."""
    async with asyncio.timeout(deadline):
        while not await check():  # noqa: ASYNC110 - polling Redis, which cannot notify us
            await asyncio.sleep(0.02)
