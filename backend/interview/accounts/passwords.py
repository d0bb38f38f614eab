"""Password hashing with argon2id, at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

argon2-cffi's default (RFC 9106's low-memory option: 64 MiB, 3 passes, 4 lanes) made each hash or
verification hold 64 MiB: with two in flight, an API process's peak memory during a wave of logins
was 128 MiB above its steady state, half of its 250 MB budget (bench/load.py). OWASP's Password
Storage Cheat Sheet lists m=19 MiB, t=2, p=1 as an argon2id configuration of equal strength to its
other options; hashes made with the old parameters still verify and are rehashed at the next
login (`needs_rehash`).

Run on the event loop, ten aliased logins stalled every other request for seconds. They run in a
small thread pool of their own (argon2-cffi releases the GIL), so the loop stays free and at most
`workers` of them run at once.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import Parameters, PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

OWASP_MINIMUM = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=2, memory_cost=19 * 1024, parallelism=1
)
_hasher = PasswordHasher.from_parameters(OWASP_MINIMUM)
_pool: ThreadPoolExecutor | None = None
DEFAULT_WORKERS = 2


def start_password_pool(workers: int = DEFAULT_WORKERS) -> ThreadPoolExecutor:
    """(Re)size the pool; the first call to hash or verify starts it with the default size."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False)
    _pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="passwords")
    return _pool


def _executor() -> ThreadPoolExecutor:
    return _pool if _pool is not None else start_password_pool()


def _hash(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not anyone's password")


def _verify_dummy(password: str) -> None:
    _verify(_dummy_hash(), password)


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_executor(), _hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (an unknown email), the same work against a dummy
    hash and False, so the answer takes as long as for a known email."""
    loop = asyncio.get_running_loop()
    if password_hash is None:
        await loop.run_in_executor(_executor(), _verify_dummy, password)
        return False
    return await loop.run_in_executor(_executor(), _verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
