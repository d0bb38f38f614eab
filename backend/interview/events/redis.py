"""The shared broker: Redis pub/sub, one channel per session, one subscriber connection per process.

Every API process holds a single Redis connection in subscriber mode. Local subscribers are fanned
out in memory (see `ChannelFanout`): the first local subscriber of a channel sends SUBSCRIBE, the
last one to leave sends UNSUBSCRIBE, so the number of Redis connections does not grow with open
websockets. Three tasks run between `start()` and `close()`:

- the reader reads the connection, fans messages out and reconnects with backoff if it drops,
  re-subscribing every channel that still has local subscribers;
- the writer sends SUBSCRIBE/UNSUBSCRIBE/PING in the order they were asked for, so that entering
  and leaving a subscription never waits on the network (leaving is safe under cancellation);
- the watchdog pings an idle connection and drops it if Redis stops answering.

Delivery is at most once, like Redis pub/sub itself: while the connection is down (between the
drop and the re-subscription) published messages do not reach this process. Ordering per channel
is kept, and a slow subscriber cannot hold up the others (see `Subscription`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import BlockingConnectionPool, ConnectionPool, Redis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import RedisError

from interview.events.bus import (
    DEFAULT_MAX_PENDING,
    BrokerClosed,
    BrokerUnavailable,
    EventsMissed,
    Message,
    Subscription,
)
from interview.events.fanout import ChannelFanout

logger = logging.getLogger(__name__)

_CONNECTION_ERRORS = (RedisError, OSError)


PUBLISH_CONNECTIONS = 32
"""Connections a process publishes on at most; more concurrent publishes wait their turn."""


def redact_url(url: str) -> str:
    """`url` with any password replaced by ***, for logs and `describe()`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo = f"{parts.username or ''}:***"
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}"))


async def _stop(tasks: list[asyncio.Task[None]]) -> None:
    """Cancel `tasks` and wait for them, cancelling again if a library swallowed the first request."""
    pending = {task for task in tasks if not task.done()}
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=1.0)
        for task in pending:
            logger.warning("task %s ignored a cancellation; cancelling it again", task.get_name())


@dataclass
class _Waiter:
    """A subscriber waiting for Redis to confirm the SUBSCRIBE numbered `target` on its channel."""

    target: int
    future: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class RedisBroker:
    """Redis pub/sub shared by every API process; see the module docstring for the design."""

    name = "redis"
    shared_across_processes = True

    def __init__(
        self,
        url: str,
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        client_name: str = "interview-events",
        subscribe_timeout: float = 5.0,
        connect_timeout: float = 5.0,
        health_check_interval: float = 15.0,
        min_backoff: float = 0.1,
        max_backoff: float = 10.0,
        publish_retries: tuple[float, ...] = (),
        drop_unpublishable: bool = False,
    ) -> None:
        self.url = url
        self.publish_retries = publish_retries
        """Pauses before each new attempt at a publish that failed (none: fail at once)."""
        self.drop_unpublishable = drop_unpublishable
        """After the last attempt, log the lost message (a gap: subscribers elsewhere lost their
        connection too and are told to resubscribe) instead of failing the caller's operation."""
        self.dropped = 0
        self.max_pending = max_pending
        self.client_name = client_name
        self.subscribe_timeout = subscribe_timeout
        self.health_check_interval = health_check_interval
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.reconnects = 0
        """How many times the subscriber connection was re-established (for tests and metrics)."""

        # A blocking pool: a burst of concurrent publishes waits for a free connection instead of
        # failing with "Too many connections" at the pool's limit.
        self._publisher: Redis = Redis(
            connection_pool=BlockingConnectionPool.from_url(
                url,
                max_connections=PUBLISH_CONNECTIONS,
                timeout=connect_timeout,
                client_name=f"{client_name}-pub",
                socket_connect_timeout=connect_timeout,
                socket_timeout=connect_timeout,
            )
        )
        # No retries and no health checks on the subscriber connection: reconnecting and pinging
        # are ours, because a hidden reconnect would lose the channel bookkeeping below.
        self._subscriber_pool: ConnectionPool = ConnectionPool.from_url(
            url,
            client_name=f"{client_name}-sub",
            socket_connect_timeout=connect_timeout,
            socket_keepalive=True,
            health_check_interval=0,
        )
        self._fanout = ChannelFanout()
        self._connection: AbstractConnection | None = None
        self._generation = 0
        self._sent: dict[str, int] = {}  # SUBSCRIBEs sent per channel on the current connection
        self._acked: dict[str, int] = {}  # ... and confirmed by Redis
        self._waiters: dict[str, list[_Waiter]] = {}
        self._commands: asyncio.Queue[tuple[int, tuple[str, ...]]] = asyncio.Queue()
        self._send_lock = asyncio.Lock()
        self._last_read = 0.0
        self._tasks: list[asyncio.Task[None]] = []
        self._running = False

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        if self._running:
            return
        try:
            await self._connect()
        except _CONNECTION_ERRORS as exc:
            raise BrokerUnavailable(f"cannot reach Redis at {redact_url(self.url)}: {exc}") from exc
        self._running = True
        self._tasks = [
            asyncio.create_task(self._write_forever(), name="events-redis-writer"),
            asyncio.create_task(self._watch_forever(), name="events-redis-watchdog"),
            asyncio.create_task(self._read_forever(), name="events-redis-reader"),
        ]

    async def close(self) -> None:
        self._running = False
        await _stop(self._tasks)
        self._tasks = []
        await self._drop_connection()
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.future.done():
                    waiter.future.set_exception(BrokerClosed("the broker was closed"))
        self._fanout.end_all()
        await self._publisher.aclose()
        await self._subscriber_pool.disconnect()

    async def ping(self) -> bool:
        """True if Redis answers and (once started) the subscriber connection is up."""
        try:
            await self._publisher.ping()
        except _CONNECTION_ERRORS:
            return False
        return self._connection is not None if self._running else True

    def describe(self) -> str:
        return f"redis at {redact_url(self.url)} (shared across processes)"

    # -- publishing and subscribing ----------------------------------------------------------

    async def publish(self, channel: str, message: Message) -> None:
        data = json.dumps(message, separators=(",", ":"))
        for pause in (*self.publish_retries, None):
            try:
                await self._publisher.publish(channel, data)
                return
            except _CONNECTION_ERRORS as exc:
                if pause is not None:
                    await asyncio.sleep(pause)
                    continue
                if not self.drop_unpublishable:
                    raise BrokerUnavailable(
                        f"cannot publish to Redis at {redact_url(self.url)}: {exc}"
                    ) from exc
                self.dropped += 1
                logger.warning(
                    "events gap: a message to %s (%s) was dropped, Redis is unreachable: %s",
                    channel,
                    message.get("type", "?"),
                    exc,
                )

    @asynccontextmanager
    async def subscription(self, channel: str) -> AsyncIterator[Subscription]:
        if not self._running:
            raise BrokerClosed("the Redis broker is not running; call start() first")
        subscription = Subscription(channel, self.max_pending)
        if self._fanout.add(subscription):
            self._send("SUBSCRIBE", channel)
        try:
            await self._confirmed(channel)
            subscription.registered = True
            yield subscription
        finally:
            if self._fanout.remove(subscription):
                self._send("UNSUBSCRIBE", channel)

    def subscriber_count(self, channel: str) -> int:
        """Local subscribers of `channel` (for tests and diagnostics)."""
        return self._fanout.count(channel)

    @property
    def connected(self) -> bool:
        """True while the subscriber connection is up."""
        return self._connection is not None

    def _send(self, *command: str) -> None:
        """Queue a command for the subscriber connection, in order, without waiting."""
        if command[0] == "SUBSCRIBE":
            self._sent[command[1]] = self._sent.get(command[1], 0) + 1
        self._commands.put_nowait((self._generation, command))

    async def _confirmed(self, channel: str) -> None:
        """Wait until Redis has confirmed the latest SUBSCRIBE of `channel`."""
        target = self._sent.get(channel, 0)
        if target and self._acked.get(channel, 0) >= target:
            return
        waiter = _Waiter(target)
        self._waiters.setdefault(channel, []).append(waiter)
        try:
            async with asyncio.timeout(self.subscribe_timeout):
                await waiter.future
        except TimeoutError as exc:
            raise BrokerUnavailable(
                f"Redis at {redact_url(self.url)} did not confirm the subscription to {channel} "
                f"within {self.subscribe_timeout:g}s"
            ) from exc
        finally:
            waiters = self._waiters.get(channel, [])
            if waiter in waiters:
                waiters.remove(waiter)
            if not waiters:
                self._waiters.pop(channel, None)

    # -- the subscriber connection -----------------------------------------------------------

    async def _connect(self) -> None:
        """Open the subscriber connection and re-subscribe every channel with local subscribers."""
        connection: AbstractConnection = self._subscriber_pool.make_connection()  # type: ignore[no-untyped-call]
        await connection.connect()  # type: ignore[no-untyped-call]
        async with self._send_lock:
            # Everything from here to the SUBSCRIBE is synchronous bookkeeping: commands queued
            # for the old connection are dropped by the writer (their generation is stale), and
            # the one SUBSCRIBE below covers every channel that still has a subscriber.
            self._generation += 1
            self._connection = connection
            self._last_read = asyncio.get_running_loop().time()
            channels = self._fanout.channels()
            self._sent = dict.fromkeys(channels, 1)
            self._acked = {}
            for channel, waiters in self._waiters.items():
                for waiter in waiters:
                    waiter.target = self._sent.get(channel, 0)
            try:
                if channels:
                    await connection.send_command("SUBSCRIBE", *channels, check_health=False)
            except BaseException:
                self._connection = None
                await connection.disconnect(nowait=True)
                raise

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(*_CONNECTION_ERRORS):
                await connection.disconnect(nowait=True)

    async def _read_forever(self) -> None:
        backoff = self.min_backoff
        while self._running:
            connection = self._connection
            if connection is not None:
                try:
                    while True:
                        response = await connection.read_response(timeout=math.inf, push_request=True)
                        self._last_read = asyncio.get_running_loop().time()
                        self._handle(response)
                except _CONNECTION_ERRORS as exc:
                    logger.warning(
                        "lost the Redis subscriber connection (%s); %d channel(s) to re-subscribe",
                        str(exc) or type(exc).__name__,
                        len(self._fanout.channels()),
                    )
                except Exception:
                    # Never let the reader die: without it this process receives nothing.
                    logger.exception("unexpected error reading the Redis subscriber connection")
                await self._drop_connection()
                self._interrupt_subscribers()
            delay = backoff * (0.5 + random.random())
            await asyncio.sleep(delay)
            try:
                await self._connect()
            except Exception as exc:
                backoff = min(backoff * 2, self.max_backoff)
                logger.warning("cannot reconnect to Redis at %s (%s); retrying", redact_url(self.url), exc)
                continue
            backoff = self.min_backoff
            self.reconnects += 1
            logger.info(
                "reconnected to Redis at %s; re-subscribed %d channel(s); messages published while "
                "disconnected were not delivered",
                redact_url(self.url),
                len(self._fanout.channels()),
            )

    def _interrupt_subscribers(self) -> None:
        """Tell every registered subscriber that its feed has a gap (see `EventsMissed`).

        Whatever is published until the reconnect is lost, and a subscriber that went on as if
        nothing happened would show a stale interview; failing it makes its client re-subscribe
        and re-read the current state.
        """
        if not self._running:
            return
        interrupted = self._fanout.interrupt_registered(
            EventsMissed(
                f"the connection to Redis at {redact_url(self.url)} was lost; events published until "
                "it is back are not delivered: re-subscribe and re-read current state"
            )
        )
        if interrupted:
            logger.warning("told %d subscriber(s) that their events have a gap", interrupted)

    def _handle(self, response: Any) -> None:
        if not isinstance(response, list) or not response:
            return  # PONG outside subscriber mode
        kind = response[0]
        if kind == b"message":
            channel = response[1].decode()
            try:
                message = json.loads(response[2])
            except ValueError:
                logger.warning("ignored a message on %s that is not JSON", channel)
                return
            self._fanout.deliver(channel, message)
        elif kind == b"subscribe":
            channel = response[1].decode()
            acked = self._acked[channel] = self._acked.get(channel, 0) + 1
            for waiter in self._waiters.get(channel, ()):
                if 0 < waiter.target <= acked and not waiter.future.done():
                    waiter.future.set_result(None)

    async def _write_forever(self) -> None:
        while self._running:
            generation, command = await self._commands.get()
            async with self._send_lock:
                connection = self._connection
                if connection is None or generation != self._generation or not connection.is_connected:
                    # The reconnect re-subscribes from the current state instead. Sending on a
                    # dropped connection would make redis-py reconnect it behind our back.
                    continue
                try:
                    await connection.send_command(*command, check_health=False)
                except Exception as exc:
                    logger.debug("could not send %s (%s); the reader will reconnect", command[0], exc)

    async def _watch_forever(self) -> None:
        interval = self.health_check_interval
        while self._running:
            await asyncio.sleep(interval)
            connection = self._connection
            if connection is None:
                continue
            silent_for = asyncio.get_running_loop().time() - self._last_read
            if silent_for > 2.5 * interval:
                logger.warning("Redis did not answer a ping for %.0fs; dropping the connection", silent_for)
                await connection.disconnect(nowait=True)
            elif silent_for > interval:
                self._send("PING")
