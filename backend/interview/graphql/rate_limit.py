"""Rate limiting of GraphQL operations per caller, kept in Redis so every API process shares it.

A fixed window: each caller may run `rate_limit_requests` operations per `rate_limit_window_seconds`
window (aligned to the clock). One INCR (+ EXPIRE on a new window's key) per operation, in one Lua
script run by EVALSHA (atomic, and a single command where a MULTI would take four), so the count is
exact across processes; the price of a fixed window is that a burst may straddle two windows (up to
twice the limit in one window's length), acceptable for abuse protection.

The caller is the API token when one is used, else the signed-in user, else the client's IP. An
operation over the limit is RATE_LIMITED with `extensions.retryAfter` (whole seconds until the
window ends) and a Retry-After header. Without REDIS_URL the counts live in the process (same
interface, exact for a single process).
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import redis.asyncio as redis
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from interview.errors import RateLimited
from interview.settings import Settings


class RateLimiter(Protocol):
    async def hit(self, key: str) -> float | None:
        """Count one operation of `key`; None when allowed, else the seconds until it will be."""
        ...

    async def close(self) -> None: ...


class _FixedWindow:
    def __init__(self, limit: int, window_seconds: int, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window_seconds = max(1, window_seconds)
        self.clock = clock

    def window(self) -> tuple[int, float]:
        """The current window's number and the seconds left in it."""
        now = self.clock()
        number = int(now // self.window_seconds)
        return number, (number + 1) * self.window_seconds - now


_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
"""Counts one operation in a window's key; the key expires a second after its window ends."""


class RedisRateLimiter(_FixedWindow):
    def __init__(
        self, url: str, limit: int, window_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(limit, window_seconds, clock)
        self._redis = redis.from_url(url)
        self._count = self._redis.register_script(_COUNT_IN_WINDOW)  # EVALSHA, loaded when missing

    async def hit(self, key: str) -> float | None:
        number, left = self.window()
        count = await self._count(keys=[f"ratelimit:{key}:{number}"], args=[self.window_seconds + 1])
        return left if int(count) > self.limit else None

    async def close(self) -> None:
        await self._redis.aclose()


class MemoryRateLimiter(_FixedWindow):
    def __init__(self, limit: int, window_seconds: int, clock: Callable[[], float] = time.time) -> None:
        super().__init__(limit, window_seconds, clock)
        self._counts: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str) -> float | None:
        number, left = self.window()
        window, count = self._counts.get(key, (number, 0))
        count = count + 1 if window == number else 1
        self._counts[key] = (number, count)
        if len(self._counts) > 100_000:  # forget callers of past windows
            self._counts = {k: v for k, v in self._counts.items() if v[0] == number}
        return left if count > self.limit else None

    async def close(self) -> None:
        self._counts.clear()


def build_rate_limiter(settings: Settings) -> RateLimiter | None:
    """Redis when REDIS_URL is set, else in memory; None when the limit is off."""
    limit = settings.effective_rate_limit()
    if limit <= 0:
        return None
    if settings.redis_url:
        return RedisRateLimiter(settings.redis_url, limit, settings.rate_limit_window_seconds)
    return MemoryRateLimiter(limit, settings.rate_limit_window_seconds)


def caller_key(context: Any) -> str:
    """Whom an operation is counted against: API token, else user, else IP."""
    principal = getattr(context, "principal", None)
    if principal is not None:
        if principal.api_token_id is not None:
            return f"token:{principal.api_token_id}"
        return f"user:{principal.user_id}"
    client = getattr(getattr(context, "request", None), "client", None)
    return f"ip:{client.host if client is not None else 'unknown'}"


def _limiter_of(context: Any) -> RateLimiter | None:
    """The app's limiter (create_app keeps it in app.state); none when executed outside the app."""
    request = getattr(context, "request", None)
    scope = getattr(request, "scope", None) or {}
    app = scope.get("app")
    return getattr(getattr(app, "state", None), "rate_limiter", None) if app is not None else None


class RateLimit(SchemaExtension):
    """Counts every operation before validation; over the limit it is RATE_LIMITED and does not run."""

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        limiter = _limiter_of(context.context)
        # Every operation that parsed counts, valid or not; over the limit, RATE_LIMITED replaces
        # any validation error (ValidationCache runs before this).
        if limiter is not None:
            wait = await limiter.hit(caller_key(context.context))
            if wait is not None:
                retry_after = max(1, math.ceil(wait))
                error = RateLimited(
                    f"Too many requests: try again in {retry_after} s.", retryAfter=retry_after
                )
                context.pre_execution_errors = [GraphQLError(error.message, original_error=error)]
                response = getattr(context.context, "response", None)
                headers = getattr(response, "headers", None)
                if headers is not None:
                    headers["Retry-After"] = str(retry_after)
        yield
