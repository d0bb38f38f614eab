"""outlasting_outage: a write is tried again while the server is away, and only then."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg
import pytest
from asyncpg.exceptions import AdminShutdownError, CannotConnectNowError, QueryCanceledError
from interview.db.outage import connection_lost, outlasting_outage

Write = Callable[[], Awaitable[str]]


def failing(errors: list[BaseException], result: str = "stored") -> tuple[Write, list[int]]:
    """A write that raises `errors` one per call, then returns `result`; and its call count."""
    calls = [0]

    async def write() -> str:
        calls[0] += 1
        if errors:
            raise errors.pop(0)
        return result

    return write, calls


async def test_a_write_is_tried_again_until_the_server_is_back() -> None:
    write, calls = failing(
        [
            AdminShutdownError("terminating connection due to administrator command"),
            ConnectionRefusedError(111, "Connection refused"),
            CannotConnectNowError("the database system is starting up"),
        ]
    )
    assert await outlasting_outage(write, "a test write", seconds=5) == "stored"
    assert calls[0] == 4


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.UniqueViolationError("duplicate key value"),
        QueryCanceledError("canceling statement due to statement timeout"),
        TimeoutError(),
        ValueError("not a database error"),
    ],
)
async def test_an_error_of_the_query_itself_is_raised_at_once(error: BaseException) -> None:
    write, calls = failing([error])
    with pytest.raises(type(error)):
        await outlasting_outage(write, "a test write", seconds=5)
    assert calls[0] == 1
    assert not connection_lost(error)


async def test_a_server_that_stays_away_fails_the_write_after_the_bound() -> None:
    write, calls = failing([ConnectionRefusedError(111, "Connection refused") for _ in range(100)])
    started = asyncio.get_running_loop().time()
    with pytest.raises(ConnectionRefusedError):
        await outlasting_outage(write, "a test write", seconds=0.5)
    waited = asyncio.get_running_loop().time() - started
    assert 0.5 <= waited < 1.5
    assert 2 <= calls[0] < 10


async def test_a_real_refused_connection_counts_as_the_server_away() -> None:
    """What asyncpg raises for a port nobody listens on is retried (closed at once here)."""
    with pytest.raises(Exception) as refused:
        await asyncpg.connect("postgresql://postgres@127.0.0.1:1/postgres", timeout=5)
    assert connection_lost(refused.value)
