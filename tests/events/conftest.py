"""Brokers under test: the in-process one and Redis (db 13, channels under a unique prefix)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from interview.events.bus import Broker
from interview.events.memory import InMemoryBroker
from interview.events.redis import RedisBroker
from redis.asyncio import Redis

REDIS_URL = "redis://127.0.0.1:6379/13"

MakeBroker = Callable[..., Awaitable[Broker]]


@pytest.fixture
def prefix() -> str:
    """A channel prefix of this test's own: pub/sub channels are shared by every Redis db."""
    return f"test-events:{uuid.uuid4().hex}:"


@pytest.fixture
def client_name() -> str:
    """A connection name of this test's own, to count our connections in CLIENT LIST."""
    return f"test-events-{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def admin() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


@pytest.fixture
async def make_redis_broker(client_name: str) -> AsyncIterator[Callable[..., Awaitable[RedisBroker]]]:
    """Start RedisBrokers (several per test act as several API processes); all closed afterwards."""
    brokers: list[RedisBroker] = []

    async def make(**options: Any) -> RedisBroker:
        options.setdefault("client_name", client_name)
        broker = RedisBroker(REDIS_URL, **options)
        await broker.start()
        brokers.append(broker)
        return broker

    yield make
    for broker in brokers:
        await broker.close()


@pytest.fixture(params=["memory", "redis"])
async def make_broker(
    request: pytest.FixtureRequest, make_redis_broker: Callable[..., Awaitable[RedisBroker]]
) -> AsyncIterator[MakeBroker]:
    """Start a broker of the parametrized kind; the behavioural tests run against both."""
    memory: list[InMemoryBroker] = []

    async def make(**options: Any) -> Broker:
        if request.param == "redis":
            return await make_redis_broker(**options)
        broker = InMemoryBroker(**options)
        await broker.start()
        memory.append(broker)
        return broker

    yield make
    for broker in memory:
        await broker.close()


@pytest.fixture
async def broker(make_broker: MakeBroker) -> Broker:
    return await make_broker()
