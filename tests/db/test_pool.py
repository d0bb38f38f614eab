"""The app's pool skips asyncpg's reset query: its connections must come back as they left."""

from __future__ import annotations

from typing import Any

from interview.db.engine import keep_session_state
from interview.interviews.reports import end_interview
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.reports.factories import SKIPPED, Answer, stored_interview

SESSION_STATE = """
SELECT
  (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS advisory_locks,
  (SELECT count(*) FROM pg_listening_channels()) AS channels,
  (SELECT count(*) FROM pg_cursors WHERE name <> '') AS cursors,  -- '': this query's own portal
  (SELECT array_agg(name ORDER BY name) FROM pg_settings
   WHERE source = 'session' AND setting IS DISTINCT FROM reset_val) AS changed_settings,
  (SELECT count(*) FROM pg_prepared_xacts) AS prepared,
  txid_current_if_assigned() AS transaction
"""

CLEAN = {
    "advisory_locks": 0,
    "channels": 0,
    "cursors": 0,
    "changed_settings": None,
    "prepared": 0,
    "transaction": None,
}


async def _every_connection(services: Services) -> list[dict[str, Any]]:
    pool: Any = services.database.engine.pool
    held = [await pool.acquire() for _ in range(pool.get_max_size())]
    try:
        return [dict(await connection.fetchrow(SESSION_STATE)) for connection in held]
    finally:
        for connection in held:
            await pool.release(connection)


async def test_the_pool_is_opened_without_the_reset_query(services: Services) -> None:
    pool: Any = services.database.engine.pool
    assert pool._reset is keep_session_state


async def test_released_connections_keep_no_session_state(client: GraphQLClient, services: Services) -> None:
    """After the app's work (sign-up, stored answers, ending an interview with its advisory lock
    and report, a dashboard page), every connection of the pool is as a new one would be."""
    account = await client.register()
    stored = await stored_interview(account.user_id, [Answer(scores=(7, 6, 5, 4)), SKIPPED], "TECHNICAL")
    await end_interview(
        stored.user_id, str(stored.session_id), services.providers.report_writer, services.broker
    )
    page = await client.data(
        "{ reports(first: 5) { totalCount edges { node {"
        " session { persona { name } } bestAnswer { text } } } } }",
        token=account.token,
    )
    assert page["reports"]["totalCount"] == 1
    states = await _every_connection(services)
    assert states == [CLEAN] * len(states)


async def test_a_transaction_left_open_is_rolled_back_on_release(services: Services) -> None:
    pool: Any = services.database.engine.pool
    async with pool.acquire() as connection:
        transaction = connection.transaction()
        await transaction.start()
        await connection.execute("CREATE TEMPORARY TABLE left_open (id int) ON COMMIT DROP")
        assert await connection.fetchval("SELECT txid_current_if_assigned()") is not None
    states = await _every_connection(services)
    assert states == [CLEAN] * len(states)


async def test_the_check_sees_session_state(services: Services) -> None:
    """The state above is what the skipped reset query would clear: the check does see it."""
    pool: Any = services.database.engine.pool
    async with pool.acquire() as connection:
        await connection.execute("SET work_mem = '7MB'; LISTEN somewhere; SELECT pg_advisory_lock(7)")
        try:
            state = dict(await connection.fetchrow(SESSION_STATE))
        finally:
            await connection.execute(connection.get_reset_query())
        assert state == {**CLEAN, "advisory_locks": 1, "channels": 1, "changed_settings": ["work_mem"]}
        assert dict(await connection.fetchrow(SESSION_STATE)) == CLEAN
