"""Abuse benchmark (issue 16): each attack replayed against a real `interview serve` process.

For every attack it prints the server's CPU seconds and RSS growth while the attack ran, what the
server answered, and the latency of /healthz polled every 25 ms meanwhile (p50, p99, max).
Targets: every attack refused or costing under 0.1 s of CPU and under 10 MB, /healthz p99 < 50 ms.

    .venv/bin/python bench/abuse.py                       # the code of this checkout
    .venv/bin/python bench/abuse.py --code ../main        # "before": another checkout's backend
    .venv/bin/python bench/abuse.py --only login,document # some attacks only

The server runs with ENVIRONMENT=development (rate limits and throttles at their defaults, except
the per-operation rate limit, which is off so that each attack is measured on its own). The audio
bombs are 8-bit wavs at 1 Hz: every byte is a second of audio once resampled to 16 kHz.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO = str(Path(__file__).resolve().parents[1])
sys.path.insert(0, REPO)

from bench.stack import stack  # noqa: E402
from tests.live.processes import ApiProcess  # noqa: E402
from tests.speech.audio_bombs import slow_wav  # noqa: E402

PASSWORD = "correct horse battery"
HEALTH_INTERVAL = 0.025
ATTACK_TIMEOUT = 120.0


@dataclass
class Figures:
    name: str
    cpu_seconds: float
    rss_growth_mb: float
    answered: str
    health_ms: list[float]

    def row(self) -> str:
        health = sorted(self.health_ms) or [float("nan")]
        p99 = health[min(len(health) - 1, int(len(health) * 0.99))]
        ok = self.cpu_seconds < 0.1 and self.rss_growth_mb < 10 and p99 < 50
        return (
            f"{self.name:<27} {self.cpu_seconds:>8.2f} {self.rss_growth_mb:>8.1f} "
            f"{statistics.median(health):>8.1f} {p99:>8.1f} {max(health):>8.1f}  "
            f"{'met' if ok else 'NOT met':<8} {self.answered}"
        )


def _poll_health(url: str, sink: list[float], stop: threading.Event) -> None:
    """/healthz polled from a thread of its own: the attacks' client-side work (building a 5 MB
    body, parsing a big answer) blocks the bench's event loop, and must not count as the server's
    latency."""
    with httpx.Client() as http:
        while not stop.is_set():
            started = time.perf_counter()
            with contextlib.suppress(httpx.HTTPError):
                http.get(url + "/healthz", timeout=30)
            sink.append((time.perf_counter() - started) * 1000)
            stop.wait(HEALTH_INTERVAL)


async def measure(server: ApiProcess, name: str, attack: Callable[[], Awaitable[str]]) -> Figures:
    """Runs `attack` while /healthz is polled; CPU and RSS of the server before and after."""
    health: list[float] = []
    stop = threading.Event()
    await asyncio.sleep(0.5)  # let the previous attack's work settle
    cpu, rss = server.cpu_seconds(), server.rss_bytes()
    poller = threading.Thread(target=_poll_health, args=(server.http_url, health, stop))
    poller.start()
    try:
        answered = await asyncio.wait_for(attack(), ATTACK_TIMEOUT)
    except TimeoutError:
        answered = f"still running after {ATTACK_TIMEOUT:.0f} s"
    await asyncio.sleep(0.2)
    stop.set()
    await asyncio.to_thread(poller.join)
    return Figures(
        name,
        server.cpu_seconds() - cpu,
        (server.rss_bytes() - rss) / 1e6,
        answered,
        health,
    )


def _summary(body: Any) -> str:
    """What the server answered, in a few words: the error codes, or 'ok' with the answer's size."""
    if not isinstance(body, dict):
        return str(body)[:60]
    errors = body.get("errors") or []
    if errors:
        codes = sorted({str((e.get("extensions") or {}).get("code")) for e in errors})
        return "refused: " + ",".join(codes)
    return "ok"


class Attacker:
    def __init__(self, server: ApiProcess) -> None:
        self.url = server.http_url + "/graphql"
        self.http = httpx.AsyncClient(timeout=ATTACK_TIMEOUT)

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            self.url, json={"query": query, "variables": variables or {}}, headers=headers
        )
        try:
            return response.json()
        except ValueError:
            return f"HTTP {response.status_code}"

    async def upload(self, query: str, variables: dict[str, Any], content: bytes, token: str) -> Any:
        """A GraphQL multipart request with one file in variable `a`."""
        operations = {"query": query, "variables": {**variables, "a": None}}
        response = await self.http.post(
            self.url,
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.a"]})},
            files={"0": ("answer.webm", content, "audio/webm")},
            headers={"authorization": f"Bearer {token}"},
        )
        try:
            return response.json()
        except ValueError:
            return f"HTTP {response.status_code}"

    async def register(self) -> tuple[str, str]:
        email = f"bench.{uuid.uuid4().hex[:10]}@example.com"
        body = await self.post(
            "mutation($e: String!, $p: String!) "
            '{ register(email: $e, password: $p, displayName: "B") { token } }',
            {"e": email, "p": PASSWORD},
        )
        return email, body["data"]["register"]["token"]

    async def session(self, token: str) -> str:
        persona = (await self.post("{ personas { id } }"))["data"]["personas"][0]["id"]
        body = await self.post(
            'mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Engineer", '
            "interviewType: TECHNICAL, difficulty: EASY}) { id } }",
            {"p": persona},
            token,
        )
        return str(body["data"]["startInterview"]["id"])


async def run(server: ApiProcess, only: set[str] | None) -> list[Figures]:
    attacker = Attacker(server)
    email, token = await attacker.register()
    session = await attacker.session(token)
    persona = (await attacker.post("{ personas { id } }"))["data"]["personas"][0]["id"]

    async def aliased_initial_question() -> str:
        fields = " ".join(
            f"q{i}: initialQuestion(sessionId: $s) {{ question {{ id }} audio {{ base64 }} }}"
            for i in range(10)
        )
        return _summary(await attacker.post(f"mutation($s: ID!) {{ {fields} }}", {"s": session}, token))

    reasked = await attacker.session(token)
    initial = "mutation($s: ID!) { initialQuestion(sessionId: $s) { question { id } audio { base64 } } }"
    if not only or "reasked" in only:
        await attacker.post(initial, {"s": reasked}, token)  # question 1 asked and spoken before measuring

    async def repeated_initial_question() -> str:
        answers = {_summary(await attacker.post(initial, {"s": reasked}, token)) for _ in range(10)}
        return ", ".join(sorted(answers))

    async def aliased_login() -> str:
        fields = " ".join(f"l{i}: login(email: $e, password: $p) {{ token }}" for i in range(10))
        return _summary(
            await attacker.post(
                f"mutation($e: String!, $p: String!) {{ {fields} }}", {"e": email, "p": PASSWORD}
            )
        )

    async def aliased_register() -> str:
        fields = " ".join(
            f'r{i}: register(email: "bench.{uuid.uuid4().hex[:8]}@example.com", password: $p, '
            f'displayName: "B") {{ token }}'
            for i in range(10)
        )
        return _summary(await attacker.post(f"mutation($p: String!) {{ {fields} }}", {"p": PASSWORD}))

    async def huge_documents() -> str:
        answers = []
        for i in range(20):  # 20 different 5 MB documents (whitespace after a valid query)
            answers.append(_summary(await attacker.post("{ personas { id } }" + " " * (5_000_000 + i))))
        return ", ".join(sorted(set(answers)))

    async def amplification() -> str:
        # 400 aliases: as many as the token limit (5,000) lets through; the 1,550 are over it
        fields = " ".join(f"a{i}: personaVoiceSample(personaId: $p) {{ base64 }}" for i in range(400))
        query = f"query($p: ID!) {{ {fields} }}"
        response = await attacker.http.post(attacker.url, json={"query": query, "variables": {"p": persona}})
        size = f"{len(query) / 1e3:.0f} kB asked, {len(response.content) / 1e6:.1f} MB answered"
        return f"{_summary(response.json())} ({size})"

    asked = False

    async def awaited_question() -> None:
        nonlocal asked
        if not asked:  # question 1 asked once, outside the measurements (the bombs leave it open)
            await attacker.post(
                "mutation($s: ID!) { initialQuestion(sessionId: $s) { question { id } } }",
                {"s": session},
                token,
            )
            asked = True

    submit = (
        "mutation($s: ID!, $a: Upload!) "
        "{ submitAnswer(sessionId: $s, audio: $a, sequenceNumber: 1) { transcript { id } } }"
    )
    append = (
        "mutation($s: ID!, $a: Upload!) "
        "{ appendAnswerAudio(sessionId: $s, sequenceNumber: 1, chunkIndex: 0, audio: $a) "
        "{ silenceDurationMs } }"
    )
    bomb = slow_wav(1740)  # 1,784 bytes of 8-bit wav at 1 Hz: 29 minutes, under the old 30-minute cap

    async def audio_bomb() -> str:
        return _summary(await attacker.upload(submit, {"s": session}, bomb, token))

    async def recorder_bomb() -> str:
        return _summary(await attacker.upload(append, {"s": session}, bomb, token))

    _, stranger = await attacker.register()  # registered before any measurement (argon2 costs CPU)

    async def strangers_bomb() -> str:
        return _summary(await attacker.upload(submit, {"s": session}, bomb, stranger))

    async def concurrent_bombs() -> str:
        bodies = await asyncio.gather(
            *(attacker.upload(submit, {"s": session}, slow_wav(1740 - i), token) for i in range(6))
        )
        answers = [_summary(body) for body in bodies]
        return "; ".join(f"{answers.count(a)}x {a}" for a in sorted(set(answers)))

    async def metric_labels() -> str:
        before = len((await attacker.http.get(server.http_url + "/metrics")).content)
        for i in range(500):
            await attacker.post(f"query Op{uuid.uuid4().hex}{i} {{ __typename }}")
        response = await attacker.http.get(server.http_url + "/metrics")
        grew = (len(response.content) - before) / 1e3
        return f"/metrics {response.status_code}, grew {grew:.0f} kB for 500 names"

    async def password_guessing() -> str:
        codes: dict[str, int] = {}
        for i in range(30):
            body = await attacker.post(
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
                {"e": email, "p": f"guess number {i}"},
            )
            code = _summary(body)
            codes[code] = codes.get(code, 0) + 1
        return "; ".join(f"{count}x {code}" for code, count in sorted(codes.items()))

    attacks: list[tuple[str, str, Callable[[], Awaitable[str]]]] = [
        ("initial", "10 aliased initialQuestion", aliased_initial_question),
        ("reasked", "initialQuestion 10 times", repeated_initial_question),
        ("login", "10 aliased login", aliased_login),
        ("register", "10 aliased register", aliased_register),
        ("document", "20 different 5 MB queries", huge_documents),
        ("amplification", "400 voice samples", amplification),
        ("metrics", "500 operation names", metric_labels),
        ("guessing", "30 password guesses", password_guessing),
        ("bomb", "1.8 kB wav of 29 min", audio_bomb),
        ("recorder-bomb", "the same as chunk 0", recorder_bomb),
        ("stranger-bomb", "the same, another's session", strangers_bomb),
        ("bombs", "6 bombs at once", concurrent_bombs),
    ]
    results = []
    for key, name, attack in attacks:
        if only and key not in only:
            continue
        if "bomb" in key:
            await awaited_question()
        results.append(await measure(server, name, attack))
        print(results[-1].row(), flush=True)
    await attacker.http.aclose()
    return results


def _server_pythonpath(code: str | None) -> str:
    if code is not None:
        return os.path.abspath(os.path.join(code, "backend"))
    return os.path.join(REPO, "backend") + os.pathsep + os.environ.get("PYTHONPATH", "")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="a checkout whose backend/ to serve (default: this one)")
    parser.add_argument(
        "--only",
        help="comma-separated attack keys: initial,reasked,login,register,document,amplification,metrics,"
        "guessing,bomb,recorder-bomb,stranger-bomb,bombs",
    )
    args = parser.parse_args()
    extra = {"ENVIRONMENT": "development", "PYTHONPATH": _server_pythonpath(args.code)}
    print(f"serving {extra['PYTHONPATH'].split(os.pathsep)[0]}")
    columns = ("cpu s", "rss MB", "hz p50", "hz p99", "hz max")
    print(f"{'attack':<27}" + "".join(f" {c:>8}" for c in columns) + f"  {'target':<8} answer")
    async with stack(1, extra) as st:
        await run(st.servers[0], set(args.only.split(",")) if args.only else None)


if __name__ == "__main__":
    asyncio.run(main())
