"""Rate limiting of GraphQL operations per caller, kept in Redis so every API process shares it.

A fixed window: each caller may run `rate_limit_requests` operations per `rate_limit_window_seconds`
window (aligned to the clock). One INCR (+ EXPIRE on a new window's key) per operation, in one Lua
script run by EVALSHA (atomic, and a single command where a MULTI would take four), so the count is
exact across processes; the price of a fixed window is that a burst may straddle two windows (up to
twice the limit in one window's length), acceptable for abuse protection.

The caller is the API token when one is used, else the signed-in user, else the client's IP. An
operation over the limit is RATE_LIMITED with `extensions.retryAfter` (whole seconds until the
window ends) and a Retry-After header. Without REDIS_URL the counts live in the process (same
interface, exact for a single process); while Redis is unreachable they do too (RedisCounters),
so an outage degrades the limit to per-process instead of failing every operation.

The same counters hold the login throttle (interview.accounts.throttle).
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import redis.asyncio as redis
import structlog
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from interview.accounts.throttle import Counters as BaseCounters
from interview.accounts.throttle import LoginThrottle
from interview.errors import RateLimited
from interview.settings import Settings

log = structlog.get_logger("interview.rate_limit")


class RateLimiter(Protocol):
    async def hit(self, key: str) -> float | None:
        """Count one operation of `key`; None when allowed, else the seconds until it will be."""
        ...

    async def close(self) -> None: ...


_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
"""Counts one in a key that expires `ARGV[1]` seconds after its first count."""

REDIS_TIMEOUT_SECONDS = 0.5
"""A Redis that does not answer within this is treated as down: a request must not hang on it."""
REDIS_RETRY_SECONDS = 5.0
"""After a failure, Redis is left alone this long (counts stay in memory) before it is tried again."""


class MemoryCounters:
    """Expiring counters in this process: exact for one process, and the fallback while Redis is down."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._values: dict[str, tuple[int, float]] = {}
        """key -> (count, when it expires)"""

    def _live(self, key: str) -> tuple[int, float] | None:
        entry = self._values.get(key)
        if entry is not None and entry[1] <= self._clock():
            del self._values[key]
            return None
        return entry

    def _prune(self) -> None:
        if len(self._values) > self._max_keys:  # forget what expired; then, if need be, the oldest
            now = self._clock()
            self._values = {k: v for k, v in self._values.items() if v[1] > now}
            while len(self._values) > self._max_keys:
                del self._values[next(iter(self._values))]

    async def count(self, key: str, window_seconds: int) -> int:
        entry = self._live(key)
        count, expires = entry if entry is not None else (0, self._clock() + window_seconds)
        self._values[key] = (count + 1, expires)
        self._prune()
        return count + 1

    async def hold(self, key: str, seconds: float) -> None:
        self._values[key] = (1, self._clock() + seconds)
        self._prune()

    async def held_for(self, key: str) -> float:
        entry = self._live(key)
        return max(0.0, entry[1] - self._clock()) if entry is not None else 0.0

    async def forget(self, *keys: str) -> None:
        for key in keys:
            self._values.pop(key, None)

    async def close(self) -> None:
        self._values.clear()


class RedisCounters:
    """Counters in Redis, shared by every process; while Redis is unreachable, in this process.

    An outage must not take the API down with it (every operation counts here): a failed command
    logs once per outage, counts in memory instead, and Redis is tried again after
    REDIS_RETRY_SECONDS. Counts made meanwhile stay in memory (limits are per process then).
    """

    def __init__(self, url: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._redis = redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._count = self._redis.register_script(_COUNT_IN_WINDOW)  # EVALSHA, loaded when missing
        self._clock = clock
        self.fallback = MemoryCounters(clock)
        self._down_until = 0.0

    def _usable(self) -> bool:
        return self._clock() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        if self._down_until == 0.0 or self._clock() >= self._down_until + REDIS_RETRY_SECONDS:
            log.warning("rate limits counted in process memory: Redis unreachable", error=str(exc))
        self._down_until = self._clock() + REDIS_RETRY_SECONDS

    async def count(self, key: str, window_seconds: int) -> int:
        if self._usable():
            try:
                return int(await self._count(keys=[key], args=[window_seconds]))
            except _REDIS_ERRORS as exc:
                self._failed(exc)
        return await self.fallback.count(key, window_seconds)

    async def hold(self, key: str, seconds: float) -> None:
        if self._usable():
            try:
                await self._redis.set(key, 1, px=max(1, int(seconds * 1000)))
                return
            except _REDIS_ERRORS as exc:
                self._failed(exc)
        await self.fallback.hold(key, seconds)

    async def held_for(self, key: str) -> float:
        if self._usable():
            try:
                left = int(await self._redis.pttl(key))
                return max(left, 0) / 1000
            except _REDIS_ERRORS as exc:
                self._failed(exc)
        return await self.fallback.held_for(key)

    async def forget(self, *keys: str) -> None:
        await self.fallback.forget(*keys)
        if self._usable():
            try:
                await self._redis.delete(*keys)
            except _REDIS_ERRORS as exc:
                self._failed(exc)

    async def close(self) -> None:
        await self._redis.aclose()


_REDIS_ERRORS = (redis.RedisError, OSError)


class Counters(BaseCounters, Protocol):
    async def close(self) -> None: ...


def build_counters(settings: Settings) -> Counters:
    """Redis when REDIS_URL is set (falling back to memory while it is down), else memory."""
    if settings.redis_url:
        return RedisCounters(settings.redis_url)
    return MemoryCounters()


class FixedWindowLimiter:
    """`limit` operations per caller per window aligned to the clock."""

    def __init__(
        self, counters: Counters, limit: int, window_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.counters = counters
        self.limit = limit
        self.window_seconds = max(1, window_seconds)
        self.clock = clock

    def window(self) -> tuple[int, float]:
        """The current window's number and the seconds left in it."""
        now = self.clock()
        number = int(now // self.window_seconds)
        return number, (number + 1) * self.window_seconds - now

    async def hit(self, key: str) -> float | None:
        number, left = self.window()
        # the key expires a second after its window ends
        count = await self.counters.count(f"ratelimit:{key}:{number}", self.window_seconds + 1)
        return left if count > self.limit else None

    async def close(self) -> None:
        await self.counters.close()


def build_rate_limiter(settings: Settings, counters: Counters | None = None) -> RateLimiter | None:
    """Counted in Redis when REDIS_URL is set, else in memory; None when the limit is off."""
    limit = settings.effective_rate_limit()
    if limit <= 0:
        return None
    return FixedWindowLimiter(counters or build_counters(settings), limit, settings.rate_limit_window_seconds)


def build_login_throttle(settings: Settings, counters: Counters | None = None) -> LoginThrottle:
    return LoginThrottle(
        counters or build_counters(settings),
        per_account=settings.login_failures_per_account,
        per_ip=settings.effective_login_failures_per_ip(),
    )


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


def login_throttle_of(context: Any) -> LoginThrottle | None:
    """The app's login throttle (in app.state); none when executed outside the app."""
    request = getattr(context, "request", None)
    app = (getattr(request, "scope", None) or {}).get("app")
    return getattr(getattr(app, "state", None), "login_throttle", None) if app is not None else None


def client_ip(context: Any) -> str | None:
    client = getattr(getattr(context, "request", None), "client", None)
    return client.host if client is not None else None
