"""in_transaction: a transaction whose connection is lost leaves the rest of the task working.

The connection is lost for real: the transaction's own backend is terminated with
pg_terminate_backend, as a PostgreSQL restart terminates every backend.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from interview.db.outage import connection_lost, outlasting_outage
from interview.db.piccolo_engine import DB
from interview.db.transactions import in_transaction
from interview.services import Services

TERMINATE_MY_BACKEND = "SELECT pg_terminate_backend(pg_backend_pid())"


@pytest.fixture
async def probe_table(services: Services) -> AsyncIterator[str]:
    """A table of this test's own, for writes that can be counted."""
    await DB.run_ddl("CREATE TABLE IF NOT EXISTS transaction_probe (n integer NOT NULL)")
    await DB.run_ddl("TRUNCATE transaction_probe")
    yield "transaction_probe"
    await DB.run_ddl("DROP TABLE transaction_probe")


async def _count(table: str) -> int:
    rows = await DB.run_ddl(f"SELECT count(*) AS n FROM {table}")
    return int(rows[0]["n"])


async def test_piccolo_alone_leaves_the_dead_transaction_current(services: Services) -> None:
    """Why in_transaction exists (Piccolo 1.38): its ROLLBACK on the lost connection raises, so the
    transaction stays current and the task's next query goes to the dead connection. When this
    test fails, Piccolo no longer does that, and in_transaction's task can go."""
    with pytest.raises(asyncpg.InterfaceError) as rollback:
        async with DB.transaction():
            await DB.run_ddl(TERMINATE_MY_BACKEND)
    assert connection_lost(rollback.value)
    assert DB.transaction_exists()
    with pytest.raises(asyncpg.InterfaceError):
        await DB.run_ddl("SELECT 1")


async def test_a_lost_connection_leaves_the_caller_free_to_query(services: Services) -> None:
    async def lose_the_connection() -> None:
        await DB.run_ddl("SELECT 1")
        await DB.run_ddl(TERMINATE_MY_BACKEND)

    with pytest.raises(Exception) as lost:
        await in_transaction(lose_the_connection)
    assert connection_lost(lost.value)
    assert not DB.transaction_exists()
    assert (await DB.run_ddl("SELECT 1 AS one"))[0]["one"] == 1


async def test_a_write_whose_connection_died_is_retried_and_lands_once(probe_table: str) -> None:
    """What a turn's result does across a restart (run.py): the first try loses its connection in
    the middle of the transaction, the retry writes everything, and nothing of the first try stays."""
    tries = 0

    async def write() -> str:
        nonlocal tries
        tries += 1
        await DB.run_ddl(f"INSERT INTO {probe_table} VALUES ({tries})")
        if tries == 1:
            await DB.run_ddl(TERMINATE_MY_BACKEND)
        await DB.run_ddl(f"INSERT INTO {probe_table} VALUES ({tries})")
        return "stored"

    assert await outlasting_outage(lambda: in_transaction(write), "a test write", seconds=10) == "stored"
    assert tries == 2
    assert [row["n"] for row in await DB.run_ddl(f"SELECT n FROM {probe_table} ORDER BY n")] == [2, 2]


async def test_an_error_of_the_work_rolls_back_and_is_raised_as_is(probe_table: str) -> None:
    async def refused() -> None:
        await DB.run_ddl(f"INSERT INTO {probe_table} VALUES (1)")
        raise ValueError("refused by the domain")

    with pytest.raises(ValueError, match="refused by the domain"):
        await in_transaction(refused)
    assert await _count(probe_table) == 0
    assert not DB.transaction_exists()


async def test_work_inside_an_open_transaction_joins_it(probe_table: str) -> None:
    """Nested: the inner work runs on the outer transaction, so the outer rollback undoes it."""

    async def inner() -> None:
        await DB.run_ddl(f"INSERT INTO {probe_table} VALUES (1)")

    async def outer() -> None:
        await in_transaction(inner)
        assert await _count(probe_table) == 1
        raise LookupError("undo all")

    with pytest.raises(LookupError):
        await in_transaction(outer)
    assert await _count(probe_table) == 0


async def test_a_connection_seen_closed_counts_as_lost(services: Services) -> None:
    """The race of a restart: a connection that closed between the pool handing it out and its
    query raises asyncpg's InterfaceError "connection is closed", which is retried."""
    settings = services.settings
    assert settings.database_url
    connection = await asyncpg.connect(settings.database_url)
    victim = await connection.fetchval("SELECT pg_backend_pid()")
    async with DB.transaction():  # another backend terminates it, as a restart does
        await DB.run_ddl(f"SELECT pg_terminate_backend({int(victim)})")
    for _ in range(100):
        if connection.is_closed():
            break
        await asyncio.sleep(0.01)
    with pytest.raises(asyncpg.InterfaceError) as closed:
        await connection.fetchval("SELECT 1")
    assert connection_lost(closed.value)
    assert not connection_lost(asyncpg.InterfaceError("pool is closed"))


RELEASED = "cannot call Connection.fetch(): connection has been released back to the pool"
"""An InterfaceError that does not say the connection closed (seen on Piccolo's dead transaction)."""


def test_an_interface_error_counts_as_lost_only_after_a_lost_connection() -> None:
    try:
        try:
            raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        except asyncpg.ConnectionDoesNotExistError:
            raise asyncpg.InterfaceError(RELEASED)  # noqa: B904
    except asyncpg.InterfaceError as after_loss:
        assert connection_lost(after_loss)
    assert not connection_lost(asyncpg.InterfaceError(RELEASED))
    assert not connection_lost(asyncpg.InterfaceError("another operation is in progress"))
