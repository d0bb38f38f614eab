"""Reports benchmark: the dashboard page through GraphQL against a hand-written endpoint, and endInterview.

A database of its own gets 10,000 completed interviews (5 answered questions each, with transcripts,
feedback and a report), bulk-inserted with COPY; 2,000 of them belong to the measured user. Then:

1. Dashboard page: `reports(first: 50)` with each report's session, persona and best answer, through
   GraphQL on a real `interview serve` process (rate limiter on, with a limit too high to trigger),
   and the same JSON from a hand-written Starlette + asyncpg endpoint (in this file: the same token
   check, one joined query for the page and one count), each on its own uvicorn process, loaded by
   an httpx client at concurrency 20 in alternating runs. Both answers are checked to be identical
   first. Target: GraphQL >= 50% of the hand-written throughput. GraphQL answers a dashboard paging
   through the same page from its cache (interview.graphql.response_cache, DASHBOARD_CACHE_SECONDS);
   a third contender, "GraphQL, executed", sends a variable the page does not use and changes it
   on every request, so that the page is executed every time: its ratio is printed too.
2. endInterview of a 20-question interview with the local report writer, over HTTP: median of
   several. Target: < 200 ms.

    .venv/bin/python bench/reports.py [--seconds 10] [--concurrency 20] [--ends 7]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import SECRET_KEY, stack
from tests.live.processes import REPO, free_port, process_cpu_seconds

INTERVIEWS = 10_000
MEASURED_USER_INTERVIEWS = 2_000
OTHER_USERS = 160
QUESTIONS_PER_INTERVIEW = 5
END_QUESTIONS = 20
TYPES = ("TECHNICAL", "BEHAVIORAL", "SYSTEM_DESIGN")

PAGE = """query Dashboard($first: Int!) {
  reports(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id overallScore createdAt
      session { id jobTitle interviewType startTime persona { id name } }
      bestAnswer { id text }
    } }
  }
}"""

REGISTER = """mutation($e: String!) {
  register(email: $e, password: "correct horse battery", displayName: "Bench") { token user { id } }
}"""
END = "mutation($s: ID!) { endInterview(sessionId: $s) { id overallScore questionsAnswered generatorModel } }"


# --- the hand-written endpoint (runs in its own process: `reports.py --handwritten PORT`) -----------

_HANDWRITTEN_SQL = """
SELECT r.id, r.overall_score, r.created_at,
       s.id AS session_id, s.job_title, s.interview_type, s.start_time,
       p.id AS persona_id, p.name AS persona_name,
       t.id AS best_id, t.text AS best_text
FROM reports r
JOIN interview_sessions s ON s.id = r.session
JOIN personas p ON p.id = s.persona
LEFT JOIN transcripts t ON t.id = r.best_answer
WHERE r."user" = $1
ORDER BY r.created_at DESC, r.id DESC
LIMIT $2
"""


def handwritten_app(database_url: str, secret_key: str) -> Any:
    """What a careful developer would write by hand for this one page: one query, no framework."""
    import jwt
    from interview.graphql.pagination import encode_cursor
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    pool: dict[str, asyncpg.Pool] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        pool["db"] = await asyncpg.create_pool(database_url, min_size=1, max_size=20)
        yield
        await pool["db"].close()

    async def dashboard(request: Request) -> JSONResponse:
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        try:
            claims = jwt.decode(token, secret_key, algorithms=["HS256"], audience="interview-login")
            user_id = uuid.UUID(claims["sub"])
        except (jwt.PyJWTError, KeyError, ValueError):
            return JSONResponse({"error": "unauthenticated"}, status_code=401)
        first = int(request.query_params.get("first", "50"))
        async with pool["db"].acquire() as connection:
            # the same check as the API's: a token of a deleted user is refused
            if not await connection.fetchval("SELECT EXISTS(SELECT 1 FROM users WHERE id = $1)", user_id):
                return JSONResponse({"error": "unauthenticated"}, status_code=401)
            rows = await connection.fetch(_HANDWRITTEN_SQL, user_id, first + 1)
            total = await connection.fetchval('SELECT count(*) FROM reports WHERE "user" = $1', user_id)
        page = rows[:first]
        edges = [
            {
                "cursor": encode_cursor(r["created_at"], r["id"]),
                "node": {
                    "id": str(r["id"]),
                    "overallScore": r["overall_score"],
                    "createdAt": r["created_at"].isoformat(),
                    "session": {
                        "id": str(r["session_id"]),
                        "jobTitle": r["job_title"],
                        "interviewType": r["interview_type"],
                        "startTime": r["start_time"].isoformat(),
                        "persona": {"id": str(r["persona_id"]), "name": r["persona_name"]},
                    },
                    "bestAnswer": None
                    if r["best_id"] is None
                    else {"id": str(r["best_id"]), "text": r["best_text"]},
                },
            }
            for r in page
        ]
        return JSONResponse(
            {
                "data": {
                    "reports": {
                        "totalCount": total,
                        "pageInfo": {
                            "hasNextPage": len(rows) > first,
                            "endCursor": edges[-1]["cursor"] if edges else None,
                        },
                        "edges": edges,
                    }
                }
            }
        )

    return Starlette(routes=[Route("/dashboard", dashboard)], lifespan=lifespan)


# --- data ----------------------------------------------------------------------------------------


@dataclass
class Rows:
    sessions: list[tuple[Any, ...]]
    questions: list[tuple[Any, ...]]
    transcripts: list[tuple[Any, ...]]
    feedback: list[tuple[Any, ...]]
    reports: list[tuple[Any, ...]]


SESSION_COLUMNS = (
    "id",
    "user",
    "persona",
    "job_title",
    "interview_type",
    "difficulty",
    "current_difficulty",
    "status",
    "start_time",
    "end_time",
    "video_enabled",
    "audio_enabled",
    "planned_questions",
    "total_responses",
)
QUESTION_COLUMNS = (
    "id",
    "session",
    "sequence_number",
    "question_text",
    "question_type",
    "difficulty",
    "is_follow_up",
    "generated_by_model",
    "prompt_version",
    "asked_at",
    "answered_at",
    "skipped",
    "response_time_seconds",
    "answer_quality_score",
)
TRANSCRIPT_COLUMNS = (
    "id",
    "session",
    "question",
    "sequence_number",
    "speaker",
    "speaker_name",
    "text",
    "status",
    "language",
    "audio_duration_ms",
    "confidence_score",
    "speech_pace",
    "pause_count",
    "longest_pause_ms",
    "response_latency_ms",
    "speaking_time_ms",
    "word_count",
    "filler_word_count",
    "filler_words",
    "volume_level",
    "volume_dbfs",
    "clarity_score",
    "timestamp",
)
FEEDBACK_COLUMNS = (
    "id",
    "session",
    "transcript",
    "technical_score",
    "clarity_score",
    "confidence_score",
    "behavioral_score",
    "overall_score",
    "technical_feedback",
    "clarity_feedback",
    "confidence_feedback",
    "behavioral_feedback",
    "has_situation",
    "has_task",
    "has_action",
    "has_result",
    "speech_quality_score",
    "filler_words_detected",
    "feedback_summary",
    "improvement_suggestions",
    "evaluator_model",
    "prompt_version",
    "created_at",
)
REPORT_COLUMNS = (
    "id",
    "session",
    "user",
    "interview_type",
    "overall_score",
    "avg_technical_score",
    "avg_clarity_score",
    "avg_confidence_score",
    "avg_behavioral_score",
    "strengths",
    "weaknesses",
    "key_highlights",
    "immediate_improvements",
    "practice_areas",
    "resources_recommended",
    "total_speaking_time_seconds",
    "avg_response_time_seconds",
    "total_filler_words",
    "avg_speech_pace",
    "questions_answered",
    "questions_skipped",
    "best_answer",
    "worst_answer",
    "report_json",
    "generator_model",
    "created_at",
)


def interview_rows(
    rows: Rows,
    rng: random.Random,
    user: uuid.UUID,
    persona: uuid.UUID,
    started: datetime,
    questions: int,
    completed: bool,
) -> uuid.UUID:
    """One interview's rows appended to `rows`: answered questions with feedback, its report if completed."""
    session = uuid.uuid4()
    kind = rng.choice(TYPES)
    rows.sessions.append(
        (
            session,
            user,
            persona,
            f"Engineer {rng.randint(1, 999)}",
            kind,
            "MEDIUM",
            "MEDIUM",
            "COMPLETED" if completed else "ACTIVE",
            started,
            started + timedelta(minutes=25) if completed else None,
            True,
            True,
            questions,
            questions,
        )
    )
    scored: list[tuple[float, uuid.UUID]] = []
    for number in range(1, questions + 1):
        question, answer = uuid.uuid4(), uuid.uuid4()
        asked = started + timedelta(minutes=2 * number)
        rows.questions.append(
            (
                question,
                session,
                number,
                f"Question {number}: how would you design a rate limiter?",
                "TECHNICAL",
                "MEDIUM",
                False,
                "local/bank",
                "v1",
                asked,
                asked + timedelta(seconds=50),
                False,
                rng.randint(2, 12),
                None,
            )
        )
        rows.transcripts.append(
            (
                uuid.uuid4(),
                session,
                question,
                number,
                "AI",
                "Interviewer",
                "How would you design it?",
                "COMPLETE",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                asked,
            )
        )
        speaking = rng.randint(20_000, 90_000)
        pace = rng.uniform(100, 170)
        fillers = rng.choice([[], ["um"], ["um", "like"], ["uh", "you know", "basically"]])
        rows.transcripts.append(
            (
                answer,
                session,
                question,
                number,
                "USER",
                "Candidate",
                "I would use a token bucket per client kept in Redis, with a Lua script for atomicity. " * 3,
                "COMPLETE",
                "en",
                speaking + 1_000,
                0.9,
                pace,
                rng.randint(0, 5),
                900,
                600,
                speaking,
                round(pace * speaking / 60_000),
                len(fillers),
                json.dumps(fillers),
                0.6,
                -24.0,
                7.5,
                asked + timedelta(seconds=50),
            )
        )
        t, c, f, b = (round(rng.uniform(2, 10), 1) for _ in range(4))
        overall = round(0.45 * t + 0.2 * c + 0.15 * f + 0.2 * b, 1)
        scored.append((overall, answer))
        rows.feedback.append(
            (
                uuid.uuid4(),
                session,
                answer,
                t,
                c,
                f,
                b,
                overall,
                "Technical.",
                "Clarity.",
                "Confidence.",
                "Behavioral.",
                True,
                True,
                True,
                False,
                7.0,
                json.dumps(fillers),
                "Solid answer.",
                json.dumps(["Quantify the result."]),
                "local/rubric",
                "v1",
                asked + timedelta(seconds=55),
            )
        )
    if completed:
        best = max(scored)[1]
        worst = min(scored)[1]
        overall = round(statistics.mean(s for s, _ in scored), 1)
        rows.reports.append(
            (
                uuid.uuid4(),
                session,
                user,
                kind,
                overall,
                overall,
                overall,
                overall,
                overall,
                json.dumps(["Clear structure."]),
                json.dumps(["Fillers."]),
                json.dumps(["Q2 was strong."]),
                json.dumps(["Pause instead of saying um."]),
                json.dumps(["System design"]),
                json.dumps([]),
                questions * 50,
                6.0,
                5,
                140.0,
                questions,
                0,
                best,
                worst,
                json.dumps({"version": 1}),
                "local/report-writer",
                started + timedelta(minutes=26),
            )
        )
    return session


async def insert_data(database_url: str, measured_user: uuid.UUID) -> list[uuid.UUID]:
    """10,000 completed interviews (and the ACTIVE 20-question ones to end); the latter's ids."""
    rng = random.Random(7)
    connection = await asyncpg.connect(database_url)
    try:
        personas = [r["id"] for r in await connection.fetch("SELECT id FROM personas")]
        others = [uuid.uuid4() for _ in range(OTHER_USERS)]
        await connection.copy_records_to_table(
            "users",
            records=[(u, f"bench-{u}@example.com", "Bench", "x", datetime.now(UTC)) for u in others],
            columns=("id", "email", "display_name", "password_hash", "created_at"),
        )
        rows = Rows([], [], [], [], [])
        start = datetime.now(UTC) - timedelta(days=400)
        for index in range(INTERVIEWS):
            user = (
                measured_user if index % (INTERVIEWS // MEASURED_USER_INTERVIEWS) == 0 else rng.choice(others)
            )
            interview_rows(
                rows,
                rng,
                user,
                rng.choice(personas),
                start + timedelta(minutes=50 * index),
                QUESTIONS_PER_INTERVIEW,
                completed=True,
            )
        to_end = [
            interview_rows(
                rows, rng, measured_user, personas[0], datetime.now(UTC), END_QUESTIONS, completed=False
            )
            for _ in range(ARGS.ends)
        ]
        for table, columns, records in (
            ("interview_sessions", SESSION_COLUMNS, rows.sessions),
            ("questions", QUESTION_COLUMNS, rows.questions),
            ("transcripts", TRANSCRIPT_COLUMNS, rows.transcripts),
            ("feedback", FEEDBACK_COLUMNS, rows.feedback),
            ("reports", REPORT_COLUMNS, rows.reports),
        ):
            await connection.copy_records_to_table(table, records=records, columns=columns)
        await connection.execute("ANALYZE")
        return to_end
    finally:
        await connection.close()


# --- load ------------------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    cpu: dict[str, float]
    """CPU seconds used during the run: by the server, by PostgreSQL, by this load generator."""

    @classmethod
    def total(cls, runs: list[Load]) -> Load:
        return cls(
            sum(r.requests for r in runs),
            sum(r.errors for r in runs),
            sum(r.seconds for r in runs),
            [latency for r in runs for latency in r.latencies],
            {part: sum(r.cpu[part] for r in runs) for part in runs[0].cpu},
        )

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def line(self, name: str) -> str:
        ordered = sorted(self.latencies)
        p50 = ordered[len(ordered) // 2] * 1000
        p95 = ordered[int(len(ordered) * 0.95)] * 1000
        return (
            f"  {name:<12} {self.throughput:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"
            f"   ({self.requests} requests, {self.errors} errors)"
        )

    def cpu_line(self) -> str:
        per_page = ", ".join(
            f"{part} {seconds / self.requests * 1000:.2f}" for part, seconds in self.cpu.items()
        )
        return f"  {'':<12} CPU ms per page: {per_page}"


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process on this machine (the bench's backends among them)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                if (proc / "comm").read_text().strip() == "postgres":
                    total += process_cpu_seconds(int(proc.name))
    return total


def cpu_now(server_pid: int) -> dict[str, float]:
    return {
        "server": process_cpu_seconds(server_pid),
        "postgres": postgres_cpu_seconds(),
        "load generator": time.process_time(),
    }


async def load(send: Any, seconds: float, concurrency: int, server_pid: int) -> Load:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            ok = await send()
            latencies.append(time.perf_counter() - started)
            errors += 0 if ok else 1

    cpu_before = cpu_now(server_pid)
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    cpu = {part: used - cpu_before[part] for part, used in cpu_now(server_pid).items()}
    return Load(len(latencies), errors, elapsed, latencies, cpu)


def _start_handwritten(database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "BENCH_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, __file__, "--handwritten", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return process, f"http://127.0.0.1:{port}"


async def _wait_up(http: httpx.AsyncClient, url: str) -> None:
    for _ in range(300):
        try:
            await http.get(url)
            return
        except httpx.TransportError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def main() -> None:
    print(
        f"reports benchmark: {INTERVIEWS:,} completed interviews, concurrency {ARGS.concurrency}, "
        f"{ARGS.seconds:.0f} s per load run, {os.cpu_count()} cores"
    )
    async with stack(1, {"RATE_LIMIT_REQUESTS": "1000000000"}) as st:
        server = st.servers[0]
        async with httpx.AsyncClient(
            timeout=30, limits=httpx.Limits(max_connections=ARGS.concurrency + 5)
        ) as http:
            email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
            registered = (
                await http.post(
                    f"{server.http_url}/graphql",
                    json={
                        "query": REGISTER,
                        "variables": {"e": email},
                    },
                )
            ).json()["data"]["register"]
            token, user_id = registered["token"], uuid.UUID(registered["user"]["id"])
            headers = {"authorization": f"Bearer {token}"}

            began = time.perf_counter()
            to_end = await insert_data(st.database_url, user_id)
            print(
                f"  data: bulk insert of {INTERVIEWS:,} interviews (+{len(to_end)} to end) "
                f"in {time.perf_counter() - began:.1f} s"
            )

            graphql_body = {"query": PAGE, "variables": {"first": 50}}

            async def graphql() -> bool:
                response = await http.post(f"{server.http_url}/graphql", json=graphql_body, headers=headers)
                return response.status_code == 200 and b'"errors"' not in response.content

            misses = itertools.count()

            async def graphql_executed() -> bool:
                """The same page, never answered from the dashboard cache: a variable the document
                does not use (GraphQL ignores it) makes every request's cache key new."""
                body = {"query": PAGE, "variables": {"first": 50, "miss": next(misses)}}
                response = await http.post(f"{server.http_url}/graphql", json=body, headers=headers)
                return response.status_code == 200 and b'"errors"' not in response.content

            handwritten_process, handwritten_url = _start_handwritten(st.database_url)
            try:
                await _wait_up(http, f"{handwritten_url}/dashboard")

                async def handwritten() -> bool:
                    response = await http.get(f"{handwritten_url}/dashboard?first=50", headers=headers)
                    return response.status_code == 200

                same_graphql = (
                    await http.post(f"{server.http_url}/graphql", json=graphql_body, headers=headers)
                ).json()
                same_hand = (await http.get(f"{handwritten_url}/dashboard?first=50", headers=headers)).json()
                assert same_graphql == same_hand, "the two endpoints must return the same data"
                assert len(same_graphql["data"]["reports"]["edges"]) == 50
                print(
                    f"  both endpoints return the same page (50 of "
                    f"{same_graphql['data']['reports']['totalCount']} reports)"
                )

                # Warm both up, then alternate short runs so that load from other programs on the
                # machine falls on both alike; the figures are totals over all runs.
                graphql_pid, hand_pid = server.process.pid, handwritten_process.pid
                await load(graphql, 2, ARGS.concurrency, graphql_pid)
                await load(handwritten, 2, ARGS.concurrency, hand_pid)
                graphql_runs, executed_runs, hand_runs = [], [], []
                run_seconds = ARGS.seconds / ARGS.rounds
                for _ in range(ARGS.rounds):
                    graphql_runs.append(await load(graphql, run_seconds, ARGS.concurrency, graphql_pid))
                    executed_runs.append(
                        await load(graphql_executed, run_seconds, ARGS.concurrency, graphql_pid)
                    )
                    hand_runs.append(await load(handwritten, run_seconds, ARGS.concurrency, hand_pid))
                graphql_load, hand_load = Load.total(graphql_runs), Load.total(hand_runs)
                executed_load = Load.total(executed_runs)
            finally:
                handwritten_process.terminate()
                handwritten_process.wait(10)

            ratio = graphql_load.throughput / hand_load.throughput
            print("dashboard page: reports(first: 50) + session + persona + best answer")
            print(graphql_load.line("GraphQL"))
            print(graphql_load.cpu_line())
            print(executed_load.line("GraphQL, executed"))
            print(executed_load.cpu_line())
            print(hand_load.line("hand-written"))
            print(hand_load.cpu_line())
            verdict = "OK" if ratio >= 0.5 else "BELOW TARGET"
            print(f"  ratio GraphQL / hand-written: {ratio:.0%} (target >= 50%) {verdict}")
            executed_ratio = executed_load.throughput / hand_load.throughput
            print(f"  ratio GraphQL executed every time / hand-written: {executed_ratio:.0%}")

            # The same page with each report's percentile among ~3,300 of its type (computed when read).
            ranked = {
                "query": PAGE.replace(
                    "overallScore createdAt", "overallScore percentileRank comparedToCount createdAt"
                ),
                "variables": {"first": 50},
            }
            latencies = []
            for _ in range(10):
                started = time.perf_counter()
                body = (await http.post(f"{server.http_url}/graphql", json=ranked, headers=headers)).json()
                latencies.append((time.perf_counter() - started) * 1000)
                assert not body.get("errors"), body
            node = body["data"]["reports"]["edges"][0]["node"]
            print(
                f"  with percentileRank: median {statistics.median(latencies):.1f} ms per page, one client "
                f"(e.g. rank {node['percentileRank']} of {node['comparedToCount']})"
            )

            timings: list[float] = []
            for session_id in to_end:
                started = time.perf_counter()
                response = await http.post(
                    f"{server.http_url}/graphql",
                    json={"query": END, "variables": {"s": str(session_id)}},
                    headers=headers,
                )
                timings.append((time.perf_counter() - started) * 1000)
                body = response.json()
                assert not body.get("errors"), body
                assert body["data"]["endInterview"]["questionsAnswered"] == END_QUESTIONS
            median = statistics.median(timings)
            print(f"endInterview, {END_QUESTIONS} answered questions, local report writer, over HTTP:")
            print(
                f"  median {median:.1f} ms, min {min(timings):.1f} ms, max {max(timings):.1f} ms "
                f"({len(timings)} interviews) (target < 200 ms) {'OK' if median < 200 else 'BELOW TARGET'}"
            )


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=12.0, help="load time per endpoint")
    parser.add_argument("--rounds", type=int, default=4, help="alternating runs the load time is split into")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--ends", type=int, default=7, help="interviews to end for the endInterview timing")
    parser.add_argument("--handwritten", type=int, metavar="PORT", help=argparse.SUPPRESS)
    return parser.parse_args()


ARGS = _parse() if __name__ == "__main__" else argparse.Namespace(ends=7)

if __name__ == "__main__":
    if ARGS.handwritten:
        import uvicorn

        uvicorn.run(
            handwritten_app(os.environ["BENCH_DATABASE_URL"], SECRET_KEY),
            host="127.0.0.1",
            port=ARGS.handwritten,
            log_level="warning",
            access_log=False,
        )
    else:
        asyncio.run(main())
