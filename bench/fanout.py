"""Fan-out benchmark: thousands of real websocket subscribers over two API processes on one Redis.

Case 1: 1,000 sessions with two subscribers each (one on each process, 2,000 websockets), 200 of
the sessions mid-turn publishing 10 events a second. Case 2, the worst case: 500 subscribers of
one session (250 per process), 10 events a second. Events are published straight through the
broker (RedisBroker.publish, as the domain does after its commits) as TurnFailed events whose
message carries the send time; each subscriber is a graphql-transport-ws client on a real server
running `interviewEvents`, held by a few client processes so that the clients are not the
bottleneck. Prints p50/p99 publish->receive latency, events lost, and the servers'
memory per subscriber (RSS delta / subscribers), each beside its target.

    .venv/bin/python bench/fanout.py [--seconds 10] [--sessions 1000] [--active 200] [--crowd 500]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import resource
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.events.bus import session_channel
from interview.events.redis import RedisBroker
from interview.interviews.events import TurnFailed, encode

from bench.stack import Stack, stack
from tests.live.processes import ApiProcess

SUBSCRIPTION = (
    "subscription($id: ID!) { interviewEvents(sessionId: $id) { __typename ... on TurnFailed { message } } }"
)
EVENTS_PER_SECOND = 10
HANDSHAKES_AT_ONCE = 64


@dataclass
class Subscriber:
    url: str
    token: str
    session_id: str
    latencies: list[float] = field(default_factory=list)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    failed: str | None = None
    deflate: bool = True
    """Offer permessage-deflate, as browsers do; without it the server compresses nothing."""

    async def run(self, handshakes: asyncio.Semaphore) -> None:
        try:
            async with handshakes:
                socket = await connect(
                    self.url,
                    subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                    open_timeout=60,
                    ping_interval=None,
                    compression="deflate" if self.deflate else None,
                )
                init = {"type": "connection_init", "payload": {"authorization": f"Bearer {self.token}"}}
                await socket.send(json.dumps(init))
                assert json.loads(await socket.recv())["type"] == "connection_ack"
                payload = {"query": SUBSCRIPTION, "variables": {"id": self.session_id}}
                await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
                first = json.loads(await socket.recv())
                assert first["type"] == "next", first
            self.ready.set()
            async with socket:
                async for raw in socket:
                    received = time.time()
                    message = json.loads(raw)
                    if message["type"] == "ping":
                        await socket.send('{"type":"pong"}')
                    elif message["type"] == "next":
                        event = message["payload"]["data"]["interviewEvents"]
                        if event["__typename"] == "TurnFailed":
                            self.latencies.append(received - float(event["message"]))
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.failed = f"{type(error).__name__}: {error}"
            self.ready.set()


async def _graphql(
    http: httpx.AsyncClient,
    server: ApiProcess,
    query: str,
    variables: dict[str, Any],
    token: str | None = None,
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    payload = {"query": query, "variables": variables}
    body = (await http.post(f"{server.http_url}/graphql", json=payload, headers=headers)).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


async def _sessions(server: ApiProcess, count: int) -> tuple[str, list[str]]:
    """One candidate with `count` interviews."""
    async with httpx.AsyncClient(timeout=60) as http:
        registered = await _graphql(
            http,
            server,
            'mutation($e: String!) { register(email: $e, password: "correct horse battery",'
            ' displayName: "Bench") { token } }',
            {"e": f"bench.{uuid.uuid4().hex[:8]}@example.com"},
        )
        token = registered["register"]["token"]
        persona = (await _graphql(http, server, "{ personas { id } }", {}))["personas"][0]["id"]
        start = (
            'mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Engineer", '
            "interviewType: TECHNICAL, difficulty: MEDIUM}) { id } }"
        )
        limit = asyncio.Semaphore(16)

        async def one() -> str:
            async with limit:
                return (await _graphql(http, server, start, {"p": persona}, token))["startInterview"]["id"]

        return token, list(await asyncio.gather(*(one() for _ in range(count))))


async def _subscribe(subscribers: list[Subscriber]) -> list[asyncio.Task[None]]:
    handshakes = asyncio.Semaphore(HANDSHAKES_AT_ONCE)
    tasks = [asyncio.create_task(s.run(handshakes)) for s in subscribers]
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in subscribers)), timeout=300)
    failures = [s.failed for s in subscribers if s.failed]
    if failures:
        raise RuntimeError(f"{len(failures)} subscribers failed, e.g. {failures[0]}")
    return tasks


# -- client processes: the subscribers are spread over several processes so that the bench's own
# websocket clients (parsing, inflating) are not what limits the measurement.


def _client_process(assignments: list[tuple[str, str, str]], deflate: bool, pipe: Connection) -> None:
    asyncio.run(_client(assignments, deflate, pipe))


async def _client(assignments: list[tuple[str, str, str]], deflate: bool, pipe: Connection) -> None:
    subscribers = [
        Subscriber(url, token, session_id, deflate=deflate) for url, token, session_id in assignments
    ]
    loop = asyncio.get_running_loop()
    try:
        tasks = await _subscribe(subscribers)
    except Exception as error:
        pipe.send(("failed", str(error)))
        return
    pipe.send(("ready", len(subscribers)))
    expected, drain_seconds = await loop.run_in_executor(None, pipe.recv)
    deadline = time.monotonic() + drain_seconds
    while time.monotonic() < deadline:
        if all(len(s.latencies) >= expected.get(s.session_id, 0) for s in subscribers):
            break
        await asyncio.sleep(0.1)
    pipe.send(("latencies", [lat for s in subscribers for lat in s.latencies]))
    await _stop(tasks)


class Clients:
    """Subscribers in `processes` client processes; start, then collect their latencies."""

    def __init__(self, assignments: list[tuple[str, str, str]], processes: int, deflate: bool) -> None:
        context = multiprocessing.get_context("spawn")
        self.count = len(assignments)
        self.pipes: list[Connection] = []
        self.workers: list[BaseProcess] = []
        for index in range(processes):
            ours, theirs = context.Pipe()
            worker = context.Process(
                target=_client_process, args=(assignments[index::processes], deflate, theirs)
            )
            worker.start()
            self.pipes.append(ours)
            self.workers.append(worker)

    async def ready(self) -> None:
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            kind, detail = await loop.run_in_executor(None, pipe.recv)
            if kind != "ready":
                raise RuntimeError(f"a client process failed: {detail}")

    async def latencies(self, expected: dict[str, int], drain_seconds: float) -> list[float]:
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            pipe.send((expected, drain_seconds))
        collected: list[float] = []
        for pipe in self.pipes:
            _, values = await loop.run_in_executor(None, pipe.recv)
            collected.extend(values)
        for worker in self.workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.terminate()
        return collected


async def _publish(broker: RedisBroker, session_ids: list[str], seconds: float) -> int:
    """Each session publishes EVENTS_PER_SECOND events a second for `seconds`; returns events per session."""
    count = int(seconds * EVENTS_PER_SECOND)
    start = time.monotonic() + 0.2
    # RedisBroker's publisher pool holds at most 100 connections and fails (not waits) beyond.
    in_flight = asyncio.Semaphore(64)

    async def session(session_id: str, offset: float) -> None:
        for index in range(count):
            delay = start + offset + index / EVENTS_PER_SECOND - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            message = encode(
                TurnFailed(
                    session_id=uuid.UUID(session_id),
                    sequence_number=1,
                    code="BENCH",
                    message=repr(time.time()),
                )
            )
            async with in_flight:
                await broker.publish(session_channel(session_id), message)

    spread = 1 / EVENTS_PER_SECOND
    await asyncio.gather(*(session(sid, spread * i / len(session_ids)) for i, sid in enumerate(session_ids)))
    return count


async def _stop(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _report(
    name: str,
    subscribers: int,
    latencies: list[float],
    expected: int,
    target_p99_ms: float,
    rss_delta: int,
    cpu: float,
) -> None:
    received = len(latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = _percentile(latencies, 0.99) * 1000
    lost = expected - received
    per_subscriber_kb = rss_delta / subscribers / 1024
    print(f"\n{name}: {subscribers} subscribers, {expected:,} deliveries expected")
    print(
        f"  publish->receive p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   (target p99 < {target_p99_ms:.0f} ms: "
        f"{'ok' if p99 < target_p99_ms else 'MISSED'}, ratio {p99 / target_p99_ms:.2f})"
    )
    print(f"  events lost       {lost:,} of {expected:,}   (target 0: {'ok' if lost == 0 else 'MISSED'})")
    print(
        f"  server memory     {per_subscriber_kb:7.1f} KB per subscriber   (target < 50 KB: "
        f"{'ok' if per_subscriber_kb < 50 else 'MISSED'}, ratio {per_subscriber_kb / 50:.2f})"
    )
    print(
        f"  server CPU        {cpu * 1000 / max(1, received):7.3f} ms per delivery "
        f"({cpu:.1f} s on two processes; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


async def _warm_up(servers: tuple[ApiProcess, ...], token: str, session_id: str) -> list[asyncio.Task[None]]:
    """Warm the servers up before the memory baseline: schema, caches, and the database pool grown to
    the size the handshakes below make it reach (as many subscriptions at once as they open at once).

    A pool connection holds ~80 KB (asyncpg's buffers and statement cache); grown during the
    measurement, 19 of them per process would be counted as ~6 KB per subscriber at 250 subscribers
    a process, though they are a fixed cost of the process, not of a subscriber.
    """
    warm = [
        Subscriber(server.ws_url, token, session_id) for server in servers for _ in range(HANDSHAKES_AT_ONCE)
    ]
    tasks = await _subscribe(warm)
    await asyncio.sleep(1)
    return tasks


async def _case_many_sessions(st: Stack, broker: RedisBroker, args: argparse.Namespace) -> None:
    a, b = st.servers
    token, (quiet_session_id, *session_ids) = await _sessions(a, args.sessions + 1)
    warm_tasks = await _warm_up((a, b), token, quiet_session_id)
    baseline = a.rss_bytes() + b.rss_bytes()
    assignments = [(server.ws_url, token, sid) for sid in session_ids for server in (a, b)]
    started = time.monotonic()
    clients = Clients(assignments, args.clients, not args.no_deflate)
    await clients.ready()
    print(f"\n{len(assignments)} subscribers connected in {time.monotonic() - started:.1f} s")
    await asyncio.sleep(2)
    rss_delta = a.rss_bytes() + b.rss_bytes() - baseline
    active = session_ids[: args.active]
    cpu_before = a.cpu_seconds() + b.cpu_seconds()
    per_session = await _publish(broker, active, args.seconds)
    latencies = await clients.latencies(dict.fromkeys(active, per_session), args.drain)
    cpu = a.cpu_seconds() + b.cpu_seconds() - cpu_before
    _report(
        f"Case 1: {args.sessions} sessions x 2 subscribers, {args.active} publishing {EVENTS_PER_SECOND}/s "
        f"for {args.seconds:g} s",
        len(assignments),
        latencies,
        per_session * len(active) * 2,
        100,
        rss_delta,
        cpu,
    )
    await _stop(warm_tasks)


async def _case_one_crowded_session(st: Stack, broker: RedisBroker, args: argparse.Namespace) -> None:
    a, b = st.servers
    token, (session_id, quiet_session_id) = await _sessions(a, 2)
    warm_tasks = await _warm_up((a, b), token, quiet_session_id)
    baseline = a.rss_bytes() + b.rss_bytes()
    assignments = [((a, b)[i % 2].ws_url, token, session_id) for i in range(args.crowd)]
    clients = Clients(assignments, args.clients, not args.no_deflate)
    await clients.ready()
    await asyncio.sleep(2)
    rss_delta = a.rss_bytes() + b.rss_bytes() - baseline
    cpu_before = a.cpu_seconds() + b.cpu_seconds()
    per_session = await _publish(broker, [session_id], args.seconds)
    latencies = await clients.latencies({session_id: per_session}, args.drain)
    cpu = a.cpu_seconds() + b.cpu_seconds() - cpu_before
    _report(
        f"Case 2: {args.crowd} subscribers of one session, {EVENTS_PER_SECOND}/s for {args.seconds:g} s",
        len(assignments),
        latencies,
        per_session * len(assignments),
        300,
        rss_delta,
        cpu,
    )
    await _stop(warm_tasks)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--active", type=int, default=200)
    parser.add_argument("--crowd", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4, help="client processes holding the websockets")
    parser.add_argument("--drain", type=float, default=20, help="seconds to wait for late events")
    parser.add_argument(
        "--no-deflate", action="store_true", help="clients refuse permessage-deflate (browsers accept it)"
    )
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * args.sessions + args.crowd + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    # Fresh servers for each case, so one case's freed memory does not hide the next one's growth.
    for case in (_case_many_sessions, _case_one_crowded_session):
        async with stack(2) as st:
            broker = RedisBroker(st.redis_url)
            await broker.start()
            try:
                await case(st, broker, args)
            finally:
                await broker.close()


if __name__ == "__main__":
    asyncio.run(main())
