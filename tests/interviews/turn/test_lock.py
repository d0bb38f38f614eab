"""The turn locks: one turn per answer across processes, and a waiter woken by PostgreSQL, not a poll."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from interview.errors import RateLimited
from interview.interviews.turn.lock import TurnBusy, TurnLocks, UserSlots
from interview.services import Services


@pytest.fixture
async def other_process(services: Services) -> AsyncIterator[TurnLocks]:
    """The turn locks of another process: a pool of its own on the same database."""
    other = await TurnLocks.open(services.database.dsn)
    yield other
    await other.close()


async def test_a_held_answer_is_not_taken_twice(services: Services, other_process: TurnLocks) -> None:
    answer_id = uuid.uuid4()
    async with services.turn_locks.try_hold(answer_id) as taken:
        assert taken
        async with other_process.try_hold(answer_id) as again:
            assert not again
    async with other_process.try_hold(answer_id) as after:
        assert after


async def test_a_waiter_gets_the_lock_as_soon_as_it_is_freed(
    services: Services, other_process: TurnLocks
) -> None:
    answer_id = uuid.uuid4()

    async def wait_for_it() -> float:
        async with other_process.hold(answer_id, wait_seconds=10):
            return time.monotonic()

    async with services.turn_locks.try_hold(answer_id) as taken:
        assert taken
        waiting = asyncio.create_task(wait_for_it())
        await asyncio.sleep(0.3)
        assert not waiting.done()
        freed_at = time.monotonic()
    taken_at = await waiting
    assert taken_at - freed_at < 0.5


async def test_a_waiter_gives_up_after_its_wait(services: Services, other_process: TurnLocks) -> None:
    answer_id = uuid.uuid4()
    async with services.turn_locks.try_hold(answer_id) as taken:
        assert taken
        started = time.monotonic()
        with pytest.raises(TurnBusy):
            async with other_process.hold(answer_id, wait_seconds=0.2):
                pass
        assert 0.15 < time.monotonic() - started < 2
    async with other_process.hold(answer_id, wait_seconds=0.2):  # the connection serves again
        pass


async def test_a_turn_gives_up_waiting_for_a_lock_connection(services: Services) -> None:
    pool = await asyncpg.create_pool(services.database.dsn, min_size=0, max_size=1)
    locks = TurnLocks(pool, acquire_seconds=0.2)
    try:
        async with locks.try_hold(uuid.uuid4()) as taken:  # the pool's only connection
            assert taken
            started = time.monotonic()
            with pytest.raises(TurnBusy, match="too many turns"):
                async with locks.hold(uuid.uuid4(), wait_seconds=10):
                    pass
            assert time.monotonic() - started < 2
    finally:
        await locks.close()


def test_a_users_speech_jobs_past_the_limit_are_rate_limited() -> None:
    slots = UserSlots()
    user, other = uuid.uuid4(), uuid.uuid4()
    with slots.take(user, 2), slots.take(user, 2):
        with pytest.raises(RateLimited) as refused, slots.take(user, 2):
            pass
        assert refused.value.extensions["retryAfter"] == 1
        with slots.take(other, 2):
            pass
    with slots.take(user, 2), slots.take(user, 2):
        pass
