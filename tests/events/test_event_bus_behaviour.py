"""What every broker promises, run against the in-process broker and Redis alike."""

from __future__ import annotations

import asyncio

import pytest
from interview.events.bus import Broker, BrokerClosed, SubscriberTooSlow, session_channel
from interview.events.memory import InMemoryBroker

from .conftest import MakeBroker
from .helpers import eventually, take


async def test_messages_arrive_in_publish_order(broker: Broker, prefix: str) -> None:
    channel = prefix + "order"
    async with broker.subscription(channel) as sub:
        for n in range(300):
            await broker.publish(channel, {"n": n})
        received = await take(sub, 300)
    assert [m["n"] for m in received] == list(range(300))


async def test_entering_registers_before_returning(broker: Broker, prefix: str) -> None:
    # No sleep between entering and publishing: a message sent right after entering must arrive,
    # which is what lets a caller read current state after entering without a gap.
    for attempt in range(20):
        channel = f"{prefix}ready:{attempt}"
        async with broker.subscription(channel) as sub:
            await broker.publish(channel, {"attempt": attempt})
            assert await take(sub, 1) == [{"attempt": attempt}]


async def test_every_local_subscriber_gets_every_message(broker: Broker, prefix: str) -> None:
    channel = prefix + "fanout"
    async with (
        broker.subscription(channel) as a,
        broker.subscription(channel) as b,
        broker.subscription(channel) as c,
    ):
        for n in range(50):
            await broker.publish(channel, {"n": n})
        for sub in (a, b, c):
            assert [m["n"] for m in await take(sub, 50)] == list(range(50))


async def test_channels_are_separate(broker: Broker, prefix: str) -> None:
    mine, other = session_channel(prefix + "s1"), session_channel(prefix + "s2")
    async with broker.subscription(mine) as sub:
        await broker.publish(other, {"for": "s2"})
        await broker.publish(mine, {"for": "s1"})
        assert await take(sub, 1) == [{"for": "s1"}]
        assert sub.pending == 0


async def test_messages_come_back_as_json(broker: Broker, prefix: str) -> None:
    channel = prefix + "json"
    sent = {"type": "liveMetrics", "wpm": 131.5, "fillers": [1, 2], "note": None, "ok": True}
    async with broker.subscription(channel) as sub:
        await broker.publish(channel, sent)
        sent["wpm"] = 0  # the publisher's object is not shared with subscribers
        assert await take(sub, 1) == [
            {"type": "liveMetrics", "wpm": 131.5, "fillers": [1, 2], "note": None, "ok": True}
        ]


async def test_a_message_that_is_not_json_is_refused_at_publish(broker: Broker, prefix: str) -> None:
    with pytest.raises(TypeError):
        await broker.publish(prefix + "bad", {"at": object()})


async def test_leaving_the_block_unsubscribes(broker: Broker, prefix: str) -> None:
    channel = prefix + "leave"
    async with broker.subscription(channel):
        assert broker.subscriber_count(channel) == 1
    assert broker.subscriber_count(channel) == 0


async def test_a_cancelled_consumer_unsubscribes(broker: Broker, prefix: str) -> None:
    channel = prefix + "cancel"
    entered = asyncio.Event()

    async def consume() -> None:
        async with broker.subscription(channel) as sub:
            entered.set()
            async for _ in sub:
                pass

    task = asyncio.create_task(consume())
    await asyncio.wait_for(entered.wait(), 5)
    assert broker.subscriber_count(channel) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert broker.subscriber_count(channel) == 0


async def test_a_slow_subscriber_is_dropped_and_the_others_lose_nothing(
    make_broker: MakeBroker, prefix: str
) -> None:
    broker = await make_broker(max_pending=10)
    channel = prefix + "slow"
    async with broker.subscription(channel) as slow, broker.subscription(channel) as healthy:
        received = []
        for n in range(40):
            await broker.publish(channel, {"n": n})
            received += await take(healthy, 1)  # keeps up, one at a time
        assert [m["n"] for m in received] == list(range(40))
        assert slow.dropped
        assert slow.pending == 0  # its backlog was freed at once
        with pytest.raises(SubscriberTooSlow, match="fell 10 messages behind"):
            await take(slow, 1)
        # Still counted until its block exits, so the channel stays subscribed for `healthy`.
        assert broker.subscriber_count(channel) == 2
        await broker.publish(channel, {"n": 40})
        assert await take(healthy, 1) == [{"n": 40}]


async def test_a_subscriber_within_the_bound_is_not_dropped(make_broker: MakeBroker, prefix: str) -> None:
    broker = await make_broker(max_pending=10)
    channel = prefix + "bound"
    async with broker.subscription(channel) as sub:
        for n in range(10):
            await broker.publish(channel, {"n": n})
        assert [m["n"] for m in await take(sub, 10)] == list(range(10))
        assert not sub.dropped


async def test_close_ends_open_subscriptions_after_their_queued_messages(
    make_broker: MakeBroker, prefix: str
) -> None:
    broker = await make_broker()
    channel = prefix + "close"
    async with broker.subscription(channel) as sub:
        await broker.publish(channel, {"n": 1})

        async def queued() -> bool:  # Redis delivers asynchronously
            return sub.pending == 1

        await eventually(queued)
        await broker.close()
        assert [m async for m in sub] == [{"n": 1}]


async def test_subscribing_before_start_or_after_close_is_refused(
    make_broker: MakeBroker, prefix: str
) -> None:
    broker = await make_broker()
    await broker.close()
    with pytest.raises(BrokerClosed):
        async with broker.subscription(prefix + "closed"):
            pass
    with pytest.raises(BrokerClosed):
        async with InMemoryBroker().subscription(prefix + "never-started"):
            pass


async def test_ping_reports_a_running_broker(broker: Broker) -> None:
    assert await broker.ping()
