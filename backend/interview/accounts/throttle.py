"""Login throttling: failed sign-ins per account and per IP, with a wait that doubles each time.

The first `free` failures within 15 minutes cost nothing; each further one makes the account (or
the IP) wait 1, 2, 4 ... seconds, up to 15 minutes, before the next attempt is even checked. A
correct password clears the account's count (not the IP's: one known password must not reopen
guessing on others). Counting lives behind `Counters` (Redis, shared by every process, falling
back to the process's memory while Redis is unreachable).
"""

from __future__ import annotations

import hashlib
import math
from typing import Protocol

from interview.errors import RateLimited

FAILURE_WINDOW_SECONDS = 15 * 60
MAX_WAIT_SECONDS = 15 * 60


class Counters(Protocol):
    """Expiring counters and holds, shared between processes when they can be."""

    async def count(self, key: str, window_seconds: int) -> int:
        """Add one to `key` (which expires `window_seconds` after its first count); the new value."""
        ...

    async def hold(self, key: str, seconds: float) -> None:
        """Mark `key` for `seconds`."""
        ...

    async def held_for(self, key: str) -> float:
        """Seconds left on `key`'s hold (0 when none)."""
        ...

    async def forget(self, *keys: str) -> None: ...


def wait_after(failures: int, free: int) -> float:
    """Seconds to wait after the `failures`-th failure: none for the first `free`, then 1, 2, 4..."""
    if failures < free:
        return 0.0
    return float(min(2 ** min(failures - free, 20), MAX_WAIT_SECONDS))


def _account_key(email: str) -> str:
    # Hashed: the counters store (Redis) need not learn who tries to sign in.
    return "login:account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


class LoginThrottle:
    def __init__(self, counters: Counters, per_account: int, per_ip: int) -> None:
        self.counters = counters
        self.per_account = per_account
        """Failures before waiting starts; 0 turns the per-account throttle off."""
        self.per_ip = per_ip

    def _keys(self, email: str | None, ip: str | None) -> list[tuple[str, int]]:
        keys = []
        if self.per_account > 0 and email is not None:
            keys.append((_account_key(email), self.per_account))
        if self.per_ip > 0 and ip:
            keys.append((f"login:ip:{ip}", self.per_ip))
        return keys

    async def check(self, email: str | None, ip: str | None) -> None:
        """RATE_LIMITED (with retryAfter) while the account or the IP has to wait (None: IP only)."""
        wait = 0.0
        for key, _ in self._keys(email, ip):
            wait = max(wait, await self.counters.held_for(key + ":hold"))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise RateLimited(
                f"Too many failed sign-ins: try again in {retry_after} s.", retryAfter=retry_after
            )

    async def failed(self, email: str | None, ip: str | None) -> None:
        for key, free in self._keys(email, ip):
            failures = await self.counters.count(key, FAILURE_WINDOW_SECONDS)
            wait = wait_after(failures, free)
            if wait > 0:
                await self.counters.hold(key + ":hold", wait)

    async def succeeded(self, email: str) -> None:
        if self.per_account > 0:
            key = _account_key(email)
            await self.counters.forget(key, key + ":hold")
