"""What only the Redis broker does: one connection per process, refcounted channels, reconnects."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack

import pytest
from interview.events.build import build_broker
from interview.events.bus import BrokerUnavailable, EventsMissed, Subscription
from interview.events.memory import InMemoryBroker
from interview.events.redis import RedisBroker, redact_url
from interview.settings import Settings
from redis.asyncio import Redis

from .conftest import REDIS_URL
from .helpers import eventually, take
from .proxy import RedisProxy

MakeRedisBroker = Callable[..., Awaitable[RedisBroker]]


async def _connections(admin: Redis, name: str) -> int:
    return sum(1 for client in await admin.client_list() if client.get("name") == name)


async def _true(value: bool) -> bool:
    return value


async def _numsub(admin: Redis, channel: str) -> int:
    [(_, count)] = await admin.pubsub_numsub(channel)
    return int(count)


async def test_many_subscribers_share_one_redis_connection(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str, client_name: str
) -> None:
    broker = await make_redis_broker()
    channels = [f"{prefix}many:{n}" for n in range(30)]
    async with AsyncExitStack() as stack:
        # 240 subscribers: more than redis-py's default pool of 100, which one PubSub per
        # websocket would exhaust.
        subs: list[Subscription] = [
            await stack.enter_async_context(broker.subscription(channels[n % 30])) for n in range(240)
        ]
        assert await _connections(admin, f"{client_name}-sub") == 1
        for channel in channels:
            await broker.publish(channel, {"channel": channel})
        assert await _connections(admin, f"{client_name}-pub") == 1
        for n, sub in enumerate(subs):
            assert await take(sub, 1) == [{"channel": channels[n % 30]}]
        assert [await _numsub(admin, channel) for channel in channels] == [1] * 30


async def test_two_processes_see_each_others_messages(
    make_redis_broker: MakeRedisBroker, prefix: str
) -> None:
    first, second = await make_redis_broker(), await make_redis_broker()
    channel = prefix + "shared"
    async with first.subscription(channel) as on_first, second.subscription(channel) as on_second:
        await first.publish(channel, {"from": "first"})
        await second.publish(channel, {"from": "second"})
        expected = [{"from": "first"}, {"from": "second"}]
        assert await take(on_first, 2) == expected
        assert await take(on_second, 2) == expected


async def test_subscribed_before_entering_returns_across_processes(
    make_redis_broker: MakeRedisBroker, prefix: str
) -> None:
    listener, publisher = await make_redis_broker(), await make_redis_broker()
    for attempt in range(30):
        channel = f"{prefix}cross:{attempt}"
        async with listener.subscription(channel) as sub:
            await publisher.publish(channel, {"attempt": attempt})
            assert await take(sub, 1) == [{"attempt": attempt}]


async def test_channel_is_unsubscribed_when_the_last_local_subscriber_leaves(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str
) -> None:
    broker = await make_redis_broker()
    channel = prefix + "refcount"
    stack = AsyncExitStack()
    a = await stack.enter_async_context(broker.subscription(channel))
    async with broker.subscription(channel), broker.subscription(channel):
        assert await _numsub(admin, channel) == 1  # three local subscribers, one Redis subscription
    await broker.publish(channel, {"still": "subscribed"})
    assert await take(a, 1) == [{"still": "subscribed"}]
    assert await _numsub(admin, channel) == 1
    await stack.aclose()

    async def unsubscribed() -> bool:
        return await _numsub(admin, channel) == 0

    await eventually(unsubscribed)


async def test_a_cancelled_consumer_releases_the_redis_subscription(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str
) -> None:
    broker = await make_redis_broker()
    channel = prefix + "cancelled"
    entered = asyncio.Event()

    async def consume() -> None:
        async with broker.subscription(channel) as sub:
            entered.set()
            async for _ in sub:
                pass

    task = asyncio.create_task(consume())
    await asyncio.wait_for(entered.wait(), 5)
    assert await _numsub(admin, channel) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    async def unsubscribed() -> bool:
        return await _numsub(admin, channel) == 0

    await eventually(unsubscribed)


async def test_leaving_and_reentering_at_once_stays_subscribed(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str
) -> None:
    # UNSUBSCRIBE and SUBSCRIBE of one channel in flight together: the new subscriber must wait for
    # its own confirmation, not the one of the SUBSCRIBE before the UNSUBSCRIBE.
    listener, publisher = await make_redis_broker(), await make_redis_broker()
    channel = prefix + "flap"
    for n in range(30):
        async with listener.subscription(channel):
            pass
        async with listener.subscription(channel) as sub:
            await publisher.publish(channel, {"n": n})
            assert await take(sub, 1) == [{"n": n}]
    assert await _numsub(admin, channel) in (0, 1)  # the last UNSUBSCRIBE may still be in flight


async def test_reconnects_and_resubscribes_after_the_connection_is_killed(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str, client_name: str
) -> None:
    listener = await make_redis_broker(min_backoff=0.05)
    publisher = await make_redis_broker(client_name=client_name + "-other")
    channel = prefix + "killed"
    async with listener.subscription(channel) as sub:
        await publisher.publish(channel, {"before": "the loss"})
        await eventually(lambda: _true(sub.pending == 1))
        [victim] = [c for c in await admin.client_list() if c.get("name") == f"{client_name}-sub"]
        killed = await admin.client_kill_filter(_id=victim["id"])
        assert killed == 1

        async def reconnected() -> bool:
            return listener.reconnects == 1 and listener.connected and await _numsub(admin, channel) == 1

        await eventually(reconnected)
        # What was queued before the loss still arrives; then the gap is reported, not skipped over.
        assert await take(sub, 1) == [{"before": "the loss"}]
        with pytest.raises(EventsMissed, match="re-subscribe"):
            await take(sub, 1)
        async with listener.subscription(channel) as again:
            await publisher.publish(channel, {"after": "reconnect"})
            assert await take(again, 1) == [{"after": "reconnect"}]
        # A subscriber that joins after the reconnect works too, on the same single connection.
        async with listener.subscription(prefix + "later") as later:
            await publisher.publish(prefix + "later", {"n": 1})
            assert await take(later, 1) == [{"n": 1}]
        assert await _connections(admin, f"{client_name}-sub") == 1
        assert await listener.ping()


async def test_a_message_that_is_not_json_is_skipped(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str
) -> None:
    broker = await make_redis_broker()
    channel = prefix + "garbage"
    async with broker.subscription(channel) as sub:
        await admin.publish(channel, b"\xff not json")
        await broker.publish(channel, {"ok": True})
        assert await take(sub, 1) == [{"ok": True}]


async def test_an_unreachable_redis_fails_start_with_a_clear_error() -> None:
    broker = RedisBroker("redis://:hunter2@127.0.0.1:1/13", connect_timeout=1)
    with pytest.raises(BrokerUnavailable, match=r"cannot reach Redis at redis://:\*\*\*@127.0.0.1:1/13"):
        await broker.start()
    assert not await broker.ping()
    await broker.close()


def test_build_broker_follows_redis_url() -> None:
    memory = build_broker(Settings(_env_file=None, redis_url=None))
    assert isinstance(memory, InMemoryBroker)
    assert not memory.shared_across_processes
    assert memory.describe() == "in-process (single process only)"

    redis = build_broker(Settings(_env_file=None, redis_url=REDIS_URL))
    assert isinstance(redis, RedisBroker)
    assert redis.shared_across_processes
    assert redis.describe() == "redis at redis://127.0.0.1:6379/13 (shared across processes)"


def test_describe_hides_the_password() -> None:
    assert redact_url("redis://user:s3cret@cache:6380/2") == "redis://user:***@cache:6380/2"
    assert redact_url("rediss://:s3cret@cache/0") == "rediss://:***@cache/0"
    assert redact_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


@pytest.fixture
async def proxy() -> AsyncIterator[RedisProxy]:
    proxy = RedisProxy()
    await proxy.start()
    yield proxy
    await proxy.close()


async def test_survives_redis_going_away_and_coming_back(
    make_redis_broker: MakeRedisBroker,
    proxy: RedisProxy,
    prefix: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="interview.events.redis")
    listener = RedisBroker(proxy.url(), min_backoff=0.05, max_backoff=0.2)
    await listener.start()
    publisher = await make_redis_broker()
    try:
        async with listener.subscription(prefix + "a") as a:
            proxy.cut()

            async def disconnected() -> bool:
                return not listener.connected and not await listener.ping()

            await eventually(disconnected)
            assert "lost the Redis subscriber connection" in caplog.text
            with pytest.raises(BrokerUnavailable, match="cannot publish to Redis"):
                await listener.publish(prefix + "a", {"lost": True})

            # Entering while Redis is away waits for the re-subscription instead of failing.
            async def open_b() -> tuple[AsyncExitStack, Subscription]:
                stack = AsyncExitStack()
                return stack, await stack.enter_async_context(listener.subscription(prefix + "b"))

            opening = asyncio.create_task(open_b())
            await asyncio.sleep(0.5)  # several failed reconnects
            assert not opening.done()
            assert "cannot reconnect to Redis" in caplog.text

            proxy.restore()
            stack, b = await asyncio.wait_for(opening, 5)
            async with stack:
                # `a` was registered before the cut, so its feed has a gap; `b` was registered
                # after it (it reads current state only now) and misses nothing.
                with pytest.raises(EventsMissed):
                    await take(a, 1)
                await publisher.publish(prefix + "b", {"to": "b"})
                assert await take(b, 1) == [{"to": "b"}]
            assert listener.reconnects == 1
            assert "reconnected to Redis" in caplog.text
    finally:
        await listener.close()


async def test_entering_gives_up_after_subscribe_timeout_while_redis_is_away(
    proxy: RedisProxy, prefix: str
) -> None:
    broker = RedisBroker(proxy.url(), subscribe_timeout=0.3, min_backoff=0.05, max_backoff=0.1)
    await broker.start()
    try:
        proxy.cut()

        async def disconnected() -> bool:
            return not broker.connected

        await eventually(disconnected)
        with pytest.raises(BrokerUnavailable, match="did not confirm the subscription"):
            async with broker.subscription(prefix + "never"):
                pass
        assert broker.subscriber_count(prefix + "never") == 0
    finally:
        await broker.close()


async def test_a_silent_connection_is_dropped_by_the_watchdog(
    make_redis_broker: MakeRedisBroker, proxy: RedisProxy, prefix: str
) -> None:
    listener = RedisBroker(proxy.url(), health_check_interval=0.1, min_backoff=0.05)
    await listener.start()
    publisher = await make_redis_broker()
    try:
        async with listener.subscription(prefix + "silent") as sub:
            proxy.freeze()  # nothing arrives, nothing is closed: only pings can tell

            async def reconnected() -> bool:
                return listener.reconnects == 1 and listener.connected

            await eventually(reconnected)
            with pytest.raises(EventsMissed):  # whatever was sent while it was frozen is lost
                await take(sub, 1)
        async with listener.subscription(prefix + "silent") as again:
            await publisher.publish(prefix + "silent", {"alive": True})
            assert await take(again, 1) == [{"alive": True}]
    finally:
        await listener.close()


async def test_a_burst_of_publishes_waits_for_a_connection_instead_of_failing(
    make_redis_broker: MakeRedisBroker, admin: Redis, prefix: str, client_name: str
) -> None:
    """More concurrent publishes than the pool holds: none fails, none is lost, few connections."""
    broker = await make_redis_broker()
    channel = f"{prefix}burst"
    async with broker.subscription(channel) as sub:
        await asyncio.gather(*(broker.publish(channel, {"n": n}) for n in range(300)))
        received = [message["n"] for message in await take(sub, 300)]
    assert sorted(received) == list(range(300))
    assert await _connections(admin, f"{client_name}-pub") <= 32
