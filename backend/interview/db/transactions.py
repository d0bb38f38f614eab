"""Transactions that a lost connection cannot outlive.

Piccolo's transaction marks itself as the current one in a context variable and unmarks itself
at the end of its `async with`, after the COMMIT or ROLLBACK. When the connection is lost inside
it (a PostgreSQL restart), that ROLLBACK raises too, so the mark stays: every later query of the
same task goes to the dead connection (asyncpg's InterfaceError, not a connection error), a retry
of the write included, and so does the recording of its failure. Measured on Piccolo 1.38
(tests/db/test_transactions.py). Running the transaction in a task of its own keeps the mark in
that task's copy of the context, through asyncio's public behaviour only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from interview.db.piccolo_engine import DB

T = TypeVar("T")


async def in_transaction(work: Callable[[], Awaitable[T]]) -> T:
    """`work()` in one transaction (joined to the caller's, if one is open), its errors raised as is.

    Cancelling the caller cancels the transaction's task, which rolls back.
    """

    async def run() -> T:
        async with DB.transaction():
            result = await work()
        return result

    return await asyncio.create_task(run())
