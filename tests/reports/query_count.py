"""Counting the SQL statements a piece of code sends, at the asyncpg level (nothing of ours is patched)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from piccolo.engine.postgres import PostgresEngine

_HOUSEKEEPING = (
    "pg_advisory_unlock_all()",
    "typeinfo_tree",
    "current_setting('jit')",
    "set_config('jit', $1",
)
"""asyncpg's own statements (the pool's reset on release, type introspection and the restoring of
the jit setting after it, once per connection and array type such as uuid[]): not the app's queries."""


@contextlib.asynccontextmanager
async def counted_queries(engine: PostgresEngine) -> AsyncIterator[list[str]]:
    """The statements run through the engine's pool while the block runs.

    asyncpg query loggers are per connection, so every connection the pool may hand out is opened
    first and given the logger (and any new one gets it from the pool's `init` hook).
    """
    pool: Any = engine.pool
    assert pool is not None, "the services fixture opens the pool"
    statements: list[str] = []

    def log(record: Any) -> None:
        if not any(marker in record.query for marker in _HOUSEKEEPING):
            statements.append(record.query)

    held = [await pool.acquire() for _ in range(pool.get_max_size())]
    for connection in held:
        await pool.release(connection)
    connections = [holder._con for holder in pool._holders if holder._con is not None]
    for connection in connections:
        connection.add_query_logger(log)
    original_init: Callable[[Any], Awaitable[None]] | None = pool._init

    async def init(connection: Any) -> None:
        connection.add_query_logger(log)
        if original_init is not None:
            await original_init(connection)

    pool._init = init
    try:
        yield statements
        await asyncio.sleep(0)
    finally:
        pool._init = original_init
        for connection in connections:
            connection.remove_query_logger(log)
