"""Load test (issue 15): many candidates at once, speech on workers, a dashboard paging meanwhile.

The offline stack on this machine: a Redis server of the benchmark's own, a PostgreSQL database of
its own, `--apis` `interview serve` processes with SPEECH_QUEUE=redis (they load no speech model)
and `--workers` `interview worker` processes. Each simulated candidate runs a whole interview on one
API process (they alternate): start, first question, `--answers` answers of `--min-seconds` to
`--max-seconds` of generated speech (Piper, with pauses and fillers; every candidate's audio is
made unique with inaudible dither, so no job result is shared between candidates) streamed in real
time as 1 s MediaRecorder chunks (appendAnswerAudio), finishAnswer, and at the end endInterview
(the report), while subscribed to its session's events over a websocket. A dashboard client pages
through `reports` on every API process meanwhile.

Printed for each phase: interviews completed (target: all, no error), p50/p95 finishAnswer -> first
interviewer audio of the next question, p95 GraphQL query latency of the dashboard (target
< 150 ms), p99 subscription delivery latency (event `at` -> received), peak RSS of each API process
(target < 250 MB) and each worker, CPU seconds per answer (API and workers), the deepest queue.
The second phase runs the same load with every worker killed (kill -9) once the first answers are
being finished and started again `--outage-seconds` later, and prints what that cost. A baseline
phase runs it once more with speech in the API processes (SPEECH_QUEUE=process, as before issue 15)
and prints the ratios of the first phase to it.

    .venv/bin/python bench/load.py [--candidates 50] [--answers 4] [--apis 2] [--workers 2]
        [--min-seconds 20] [--max-seconds 40] [--outage-seconds 20] [--no-outage] [--no-baseline]

Not a timed test: the targets hold only on a quiet 2-core machine. A sanity run that only proves it
works: `--candidates 3 --answers 2 --min-seconds 6 --max-seconds 8 --outage-seconds 5`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from redis.asyncio import Redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, SampleAnswer, speak_script
from interview.speech.types import SAMPLE_RATE
from interview.speech_queue.broker import GROUP, STREAM

from bench.stack import bench_database, environment, migrate_and_seed
from tests.live.processes import ApiProcess, api_processes, process_cpu_seconds
from tests.live.ws import GraphQLWebSocket
from tests.speech_fixtures import served_piper
from tests.speech_queue.processes import RedisServer, WorkerProcess, start_worker

EVENTS = """
subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename at
  ... on InterviewerSpeech { chunkIndex audio { durationMs } }
} }
"""
REGISTER = (
    'mutation($e: String!) { register(email: $e, password: "correct horse battery", displayName: "Load")'
    " { token } }"
)
START = (
    'mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Backend Engineer",'
    " interviewType: TECHNICAL, difficulty: MEDIUM}) { id } }"
)
INITIAL = "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }"
APPEND = (
    "mutation($s: ID!, $n: Int!, $i: Int!, $audio: Upload!) {"
    " appendAnswerAudio(sessionId: $s, sequenceNumber: $n, chunkIndex: $i, audio: $audio) { sessionId } }"
)
FINISH = (
    "mutation($s: ID!, $n: Int!) { finishAnswer(sessionId: $s, sequenceNumber: $n) { transcript { id } } }"
)
END = "mutation($s: ID!) { endInterview(sessionId: $s) { id overallScore } }"
DASHBOARD = """query($after: String) { reports(first: 20, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id overallScore session { id jobTitle persona { name } } bestAnswer { id text } } }
} }"""

_SENTENCES = [
    "I would start by measuring where the time actually goes in the request.",
    "Um, the slow part was the database query that scanned the whole orders table.",
    "So we added an index on the customer and the date, and the latency dropped a lot.",
    "You know, after that we cached the product catalogue for a minute at a time.",
    "The hardest part was convincing the team that the numbers were real.",
    "We wrote a small load test and ran it every night against a copy of production.",
]
_PAUSES = [0.4, 0.9, 0.5, 1.2, 0.7]


@dataclass
class Stats:
    completed: int = 0
    answers: int = 0
    errors: list[str] = field(default_factory=list)
    first_audio: list[float] = field(default_factory=list)
    queries: list[float] = field(default_factory=list)
    deliveries: list[float] = field(default_factory=list)
    api_rss: dict[int, int] = field(default_factory=dict)
    worker_rss: dict[int, int] = field(default_factory=dict)
    deepest_queue: int = 0


def base_answers(count: int, low: float, high: float) -> list[SampleAnswer]:
    """`count` answers spread from `low` to `high` seconds of speech (~5.5 s per sentence)."""
    answers = []
    for index in range(count):
        seconds = low + (high - low) * index / max(1, count - 1)
        sentences = max(1, round(seconds / 5.5))
        script = AnswerScript(
            list(itertools.islice(itertools.cycle(_SENTENCES[index:] + _SENTENCES[:index]), sentences)),
            list(itertools.islice(itertools.cycle(_PAUSES), sentences - 1)),
            leading_seconds=0.6,
            trailing_seconds=1.0,
            fillers=["um", "you know"],
        )
        answers.append(speak_script(served_piper(), script))
    return answers


def chunks_of(answer: SampleAnswer, seed: int) -> list[bytes]:
    """The answer with inaudible dither of its own (unique bytes), as 1 s recorder chunks."""
    noise = np.random.default_rng(seed).integers(-2, 3, size=answer.samples.size)
    samples = np.clip(answer.samples.astype(np.int32) + noise, -32768, 32767).astype(np.int16)
    webm = encode_pcm(samples, SAMPLE_RATE, "webm", live=True)
    count = max(2, round(samples.size / SAMPLE_RATE))
    size = -(-len(webm) // count)
    return [webm[i : i + size] for i in range(0, len(webm), size)]


async def _graphql(
    http: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any], token: str
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (await http.post(url, json={"query": query, "variables": variables}, headers=headers)).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0].get("message"), body["errors"][0].get("extensions"))
    return body["data"]


async def _append(
    http: httpx.AsyncClient, url: str, token: str, variables: dict[str, Any], chunk: bytes
) -> None:
    operations = {"query": APPEND, "variables": {**variables, "audio": None}}
    response = await http.post(
        url,
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.audio"]})},
        files={"0": ("chunk.webm", chunk, "audio/webm")},
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0].get("message"), body["errors"][0].get("extensions"))


async def candidate(
    number: int, server: ApiProcess, answers: list[list[bytes]], persona: str, stats: Stats
) -> None:
    url = f"{server.http_url}/graphql"
    async with httpx.AsyncClient(timeout=600) as http:
        email = f"load.{number}.{uuid.uuid4().hex[:8]}@example.com"
        token = (await _graphql(http, url, REGISTER, {"e": email}, ""))["register"]["token"]
        session_id = (await _graphql(http, url, START, {"p": persona}, token))["startInterview"]["id"]
        async with GraphQLWebSocket.open(server.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            events: list[tuple[float, dict[str, Any]]] = []

            async def listen() -> None:
                while True:
                    event = await ws.event(operation, within=3600)
                    received = time.time()
                    events.append((time.monotonic(), event))
                    sent = datetime.fromisoformat(event["at"]).timestamp()
                    stats.deliveries.append(received - sent)

            listener = asyncio.create_task(listen())
            try:
                await _graphql(http, url, INITIAL, {"id": session_id}, token)
                for n, chunks in enumerate(answers, start=1):
                    started = time.monotonic()
                    for index, chunk in enumerate(chunks):
                        await asyncio.sleep(max(0.0, started + index + 1 - time.monotonic()))
                        await _append(http, url, token, {"s": session_id, "n": n, "i": index}, chunk)
                    finished = time.monotonic()
                    await _graphql(http, url, FINISH, {"s": session_id, "n": n}, token)
                    stats.answers += 1
                    if n < len(answers):
                        stats.first_audio.append(await _first_audio_after(events, finished) - finished)
                await _graphql(http, url, END, {"s": session_id}, token)
                stats.completed += 1
            finally:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await listener


async def _first_audio_after(events: list[tuple[float, dict[str, Any]]], since: float) -> float:
    async with asyncio.timeout(300):
        while True:
            for at, event in events:
                if at >= since and event["__typename"] == "InterviewerSpeech" and event.get("audio"):
                    return at
            await asyncio.sleep(0.02)


async def dashboard(servers: list[ApiProcess], stop: asyncio.Event, stats: Stats) -> None:
    """One dashboard user paging through reports on each process in turn, twice a second."""
    async with httpx.AsyncClient(timeout=60) as http:
        url = f"{servers[0].http_url}/graphql"
        token = (await _graphql(http, url, REGISTER, {"e": f"dash.{uuid.uuid4().hex[:8]}@example.com"}, ""))[
            "register"
        ]["token"]
        after: str | None = None
        for server in itertools.cycle(servers):
            if stop.is_set():
                return
            started = time.perf_counter()
            page = (await _graphql(http, f"{server.http_url}/graphql", DASHBOARD, {"after": after}, token))[
                "reports"
            ]
            stats.queries.append(time.perf_counter() - started)
            after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
            await asyncio.sleep(0.5)


def _rss(pid: int) -> int:
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


async def monitor(
    servers: list[ApiProcess], workers: list[WorkerProcess], redis: Redis, stop: asyncio.Event, stats: Stats
) -> None:
    while not stop.is_set():
        for server in servers:
            stats.api_rss[server.port] = max(stats.api_rss.get(server.port, 0), server.rss_bytes())
        for index, worker in enumerate(workers):
            stats.worker_rss[index] = max(stats.worker_rss.get(index, 0), _rss(worker.process.pid))
        with contextlib.suppress(Exception):
            for group in await redis.xinfo_groups(STREAM):
                if group["name"] in (GROUP, GROUP.encode()):
                    depth = int(group.get("lag") or 0) + int(group["pending"])
                    stats.deepest_queue = max(stats.deepest_queue, depth)
        await asyncio.sleep(1)


async def run_phase(
    args: argparse.Namespace,
    servers: list[ApiProcess],
    workers: list[WorkerProcess],
    worker_env: dict[str, str],
    redis: Redis,
    answers: list[SampleAnswer],
    outage: bool,
) -> tuple[Stats, float, float]:
    """One load phase; its stats and the CPU seconds the API processes and the workers used."""
    stats = Stats()
    async with httpx.AsyncClient(timeout=60) as http:
        persona = (await _graphql(http, f"{servers[0].http_url}/graphql", "{ personas { id } }", {}, ""))[
            "personas"
        ][0]["id"]
    recordings = [
        [
            chunks_of(answers[(c + a) % len(answers)], seed=c * 100 + a + (10_000 if outage else 0))
            for a in range(args.answers)
        ]
        for c in range(args.candidates)
    ]
    api_cpu = sum(s.cpu_seconds() for s in servers)
    spent_by_gone_workers = 0.0
    worker_cpu = sum(process_cpu_seconds(w.process.pid) for w in workers)
    stop = asyncio.Event()
    watching = asyncio.create_task(monitor(servers, workers, redis, stop, stats))
    paging = asyncio.create_task(dashboard(servers, stop, stats))

    async def one(number: int) -> None:
        await asyncio.sleep(args.ramp_seconds * number / max(1, args.candidates))
        try:
            await candidate(number, servers[number % len(servers)], recordings[number], persona, stats)
        except Exception as error:
            stats.errors.append(f"candidate {number}: {error!r}"[:300])

    async def stop_workers_for_a_while() -> None:
        nonlocal spent_by_gone_workers
        await asyncio.sleep(args.ramp_seconds + args.min_seconds)  # the first finishes are under way
        spent_by_gone_workers += sum(process_cpu_seconds(w.process.pid) for w in workers)
        for worker in workers:
            worker.kill()
        print(f"  workers killed; started again in {args.outage_seconds:g} s", flush=True)
        await asyncio.sleep(args.outage_seconds)
        for index in range(len(workers)):
            workers[index] = await start_worker(worker_env, concurrency=args.worker_concurrency)
        print("  workers started again", flush=True)

    outage_task = asyncio.create_task(stop_workers_for_a_while()) if outage else None
    await asyncio.gather(*(one(n) for n in range(args.candidates)))
    if outage_task is not None:
        await outage_task
    stop.set()
    await asyncio.gather(watching, paging, return_exceptions=True)
    api_cpu = sum(s.cpu_seconds() for s in servers) - api_cpu
    worker_cpu = sum(process_cpu_seconds(w.process.pid) for w in workers) + spent_by_gone_workers - worker_cpu
    return stats, api_cpu, worker_cpu


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def report(
    label: str, args: argparse.Namespace, stats: Stats, api_cpu: float, worker_cpu: float
) -> dict[str, float]:
    answers = max(1, stats.answers)
    figures = {
        "completed": stats.completed,
        "first_audio_p50": statistics.median(stats.first_audio) if stats.first_audio else float("nan"),
        "first_audio_p95": _percentile(stats.first_audio, 95),
        "query_p95_ms": _percentile(stats.queries, 95) * 1000,
        "delivery_p99_ms": _percentile(stats.deliveries, 99) * 1000,
        "api_cpu_per_answer": api_cpu / answers,
        "worker_cpu_per_answer": worker_cpu / answers,
        "api_rss_peak_mb": max(stats.api_rss.values(), default=0) / 2**20,
    }
    print(f"\n{label}")
    done = f"{stats.completed}/{args.candidates}"
    print(f"  interviews completed  {done} (target: all), errors: {len(stats.errors)}")
    for error in stats.errors[:5]:
        print(f"    {error}")
    print(
        f"  finish -> first audio p50 {figures['first_audio_p50']:.2f} s, "
        f"p95 {figures['first_audio_p95']:.2f} s ({len(stats.first_audio)} answers)"
    )
    print(
        f"  dashboard query p95   {figures['query_p95_ms']:.0f} ms (target < 150: "
        f"{figures['query_p95_ms'] / 150:.2f}x), {len(stats.queries)} queries"
    )
    print(f"  subscription delivery p99 {figures['delivery_p99_ms']:.0f} ms ({len(stats.deliveries)} events)")
    for port, rss in stats.api_rss.items():
        print(f"  API :{port} peak RSS {rss / 2**20:.0f} MB (target < 250: {rss / 2**20 / 250:.2f}x)")
    for index, rss in stats.worker_rss.items():
        print(f"  worker {index} peak RSS {rss / 2**20:.0f} MB")
    print(
        f"  CPU per answer        API {figures['api_cpu_per_answer']:.2f} s + workers "
        f"{figures['worker_cpu_per_answer']:.2f} s ({stats.answers} answers)"
    )
    print(f"  deepest speech queue  {stats.deepest_queue} jobs")
    return figures


def print_cost(steady: dict[str, float], stopped: dict[str, float]) -> None:
    def change(key: str) -> float:
        return stopped[key] - steady[key]

    print("\nwhat the outage cost (phase 2 - phase 1)")
    print(f"  interviews completed {change('completed'):+.0f}")
    print(
        f"  finish -> first audio p95 {change('first_audio_p95'):+.2f} s, "
        f"p50 {change('first_audio_p50'):+.2f} s"
    )
    print(f"  worker CPU per answer {change('worker_cpu_per_answer'):+.2f} s (jobs run again after the kill)")


def print_ratios(queued: dict[str, float], baseline: dict[str, float]) -> None:
    def ratio(key: str) -> str:
        return f"{queued[key] / baseline[key]:.2f}x" if baseline[key] else "n/a"

    print("\nspeech on workers / speech in process (phase 1 / baseline)")
    print(f"  finish -> first audio p50 {ratio('first_audio_p50')}, p95 {ratio('first_audio_p95')}")
    print(
        f"  dashboard query p95 {ratio('query_p95_ms')}, subscription delivery p99 {ratio('delivery_p99_ms')}"
    )
    print(f"  API CPU per answer {ratio('api_cpu_per_answer')}")
    print(f"  API peak RSS {ratio('api_rss_peak_mb')}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--answers", type=int, default=4)
    parser.add_argument("--apis", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-concurrency", type=int, default=1)
    parser.add_argument("--min-seconds", type=float, default=20)
    parser.add_argument("--max-seconds", type=float, default=40)
    parser.add_argument("--ramp-seconds", type=float, default=10, help="candidates start spread over this")
    parser.add_argument("--outage-seconds", type=float, default=20)
    parser.add_argument("--no-outage", action="store_true", help="skip the phase with the workers stopped")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the phase with speech in the API processes"
    )
    args = parser.parse_args()
    random.seed(15)

    print("speaking the answers (Piper, in this process)...", flush=True)
    answers = base_answers(4, args.min_seconds, args.max_seconds)
    queue_redis = RedisServer()
    await queue_redis.start()
    try:
        async with bench_database() as database_url:
            env = environment(
                database_url,
                {
                    "REDIS_URL": queue_redis.url,
                    "SPEECH_QUEUE": "redis",
                    "INTERVIEW_LENGTH": str(args.answers),
                    "OPENAI_API_KEY": "",
                    "ANTHROPIC_API_KEY": "",
                    "LOG_LEVEL": "WARNING",
                },
            )
            migrate_and_seed(env)
            workers = [
                await start_worker(env, concurrency=args.worker_concurrency) for _ in range(args.workers)
            ]
            redis = Redis.from_url(queue_redis.url)
            try:
                async with api_processes(args.apis, env) as servers:
                    print(
                        f"{args.candidates} candidates x {args.answers} answers of {args.min_seconds:g}-"
                        f"{args.max_seconds:g} s, {args.apis} API processes, {args.workers} workers "
                        f"x {args.worker_concurrency}",
                        flush=True,
                    )
                    steady = report(
                        "steady (workers up throughout)",
                        args,
                        *await run_phase(args, servers, workers, env, redis, answers, outage=False),
                    )
                    if not args.no_outage:
                        print(
                            "\nphase 2: the same load, workers killed mid-test and started again", flush=True
                        )
                        stopped = report(
                            f"workers killed and started again {args.outage_seconds:g} s later",
                            args,
                            *await run_phase(args, servers, workers, env, redis, answers, outage=True),
                        )
                        print_cost(steady, stopped)
            finally:
                for worker in workers:
                    worker.stop()
            if not args.no_baseline:
                # Before issue 15: the same load with speech on the API processes' own threads.
                in_process = {**env, "SPEECH_QUEUE": "process"}
                try:
                    async with api_processes(args.apis, in_process) as servers:
                        print(
                            "\nbaseline: the same load, speech in the API processes (no workers)", flush=True
                        )
                        # One short interview per process first: its models load on first use
                        # (the workers load theirs at start), which is not what is measured.
                        warm_up = argparse.Namespace(
                            **{**vars(args), "candidates": args.apis, "answers": 1, "ramp_seconds": 0}
                        )
                        await run_phase(warm_up, servers, [], in_process, redis, answers, outage=False)
                        baseline = report(
                            "speech in process (SPEECH_QUEUE=process)",
                            args,
                            *await run_phase(args, servers, [], in_process, redis, answers, outage=False),
                        )
                    print_ratios(steady, baseline)
                finally:
                    await redis.aclose()
            else:
                await redis.aclose()
    finally:
        queue_redis.stop()
    print("\n(the machine is shared unless you made sure it is quiet: treat these figures accordingly)")


if __name__ == "__main__":
    asyncio.run(main())
