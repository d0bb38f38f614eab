"""CPU instructions per dashboard page, counted by valgrind: noise-free A/B figures for the executor.

Timings on a shared machine drift by ±20%; instruction counts do not. This builds bench/reports.py's
database (10,000 completed interviews, 2,000 of them the measured user's), then, for each variant,
runs a process under `valgrind --tool=callgrind` that serves the dashboard page in-process (the
whole ASGI app: middleware, rate limit, Strawberry, the executor, DataLoaders, asyncpg, JSON) and
counts only the instructions of N pages after a warm-up. PostgreSQL's own work is not counted.

    .venv/bin/python bench/instructions.py [--pages 20] [--variants ours stock ...]

Variants (see VARIANTS): `ours` is the schema as shipped; `stock` is Strawberry's own execution
context (graphql-core's Executor) with our subscription sharing; `ours-no-X` leaves one part of
graphql/execution.py out, so each part's worth shows as the difference.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGE_VARIABLES = {"first": 50}
WARM_UP_PAGES = 5
COUNTED_FUNCTION = "_CallPythonObject"
"""The C function of ctypes that runs a Python callback: valgrind counts only what runs inside it,
and the pages are run inside one (see `_counted`)."""


# --- variants (applied in the child process, before the app is built) --------------------------


def _stock() -> None:
    from interview.graphql.live.shared_execution import SharedEventExecution
    from interview.graphql.schema import schema
    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    class StockExecutor(SharedEventExecution, StrawberryGraphQLCoreExecutionContext):
        pass

    schema.execution_context_class = StockExecutor


def _ours() -> None:
    pass


def _no_plan() -> None:
    from interview.graphql.execution import FastFieldExecutor

    FastFieldExecutor._plan = lambda self, *args: None  # type: ignore[method-assign]


def _no_basic() -> None:
    from interview.graphql import execution

    find = execution.FastFieldExecutor._find_basic_field

    def no_basic(self: Any, *args: Any) -> Any:
        kind = find(self, *args)
        return None if isinstance(kind, execution._BasicField) else kind

    execution.FastFieldExecutor._find_basic_field = no_basic  # type: ignore[method-assign]


def _no_plain() -> None:
    from interview.graphql.execution import FastFieldExecutor

    FastFieldExecutor._find_plain_resolver = lambda self, *args: None  # type: ignore[method-assign]


VARIANTS: dict[str, Callable[[], None]] = {
    "ours": _ours,
    "stock": _stock,
    "ours-no-leaf-plan": _no_plan,
    "ours-no-basic-fields": _no_basic,
    "ours-no-plain-resolvers": _no_plain,
}
"""What each variant changes before the app is built."""


# --- child: pages under valgrind -------------------------------------------------------------


def _counted(run: Callable[[], None]) -> None:
    """Runs `run` inside ctypes' C callback trampoline, the only code valgrind counts."""
    callback = ctypes.CFUNCTYPE(None)(run)
    callback()


async def _asgi_post(app: Any, path: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """One HTTP POST through the ASGI app, without a client library (its cost is not the server's)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    received = False
    chunks: list[bytes] = []
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            await asyncio.Event().wait()  # the client stays connected
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    response = b"".join(chunks)
    if status != 200 or b'"errors"' in response:
        raise RuntimeError(f"dashboard page failed ({status}): {response[:500]!r}")
    return response


def child(variant: str, pages: int, token: str, out: Path) -> None:
    """Serve `pages` dashboard pages in-process (after a warm-up), counted by valgrind."""
    VARIANTS[variant]()
    from interview.app import create_app

    from bench.reports import PAGE

    app = create_app()
    body = json.dumps({"query": PAGE, "variables": PAGE_VARIABLES}).encode()
    headers = [(b"authorization", f"Bearer {token}".encode())]
    loop = asyncio.new_event_loop()

    async def serve(count: int) -> bytes:
        response = b""
        for _ in range(count):
            response = await _asgi_post(app, "/graphql", body, headers)
        return response

    lifespan = app.router.lifespan_context(app)
    loop.run_until_complete(lifespan.__aenter__())
    try:
        first = loop.run_until_complete(serve(WARM_UP_PAGES))
        _counted(lambda: loop.run_until_complete(serve(pages)))
        out.write_bytes(first)
    finally:
        loop.run_until_complete(lifespan.__aexit__(None, None, None))
        loop.close()


# --- parent: the database, then one valgrind run per variant ----------------------------------


def _instructions(callgrind_out: Path) -> int:
    text = callgrind_out.read_text()
    match = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no instruction total in {callgrind_out}")
    return int(match.group(1))


def _measure(variant: str, env: dict[str, str], token: str, workdir: Path) -> tuple[int, bytes]:
    out = workdir / f"callgrind.{variant}.out"
    page = workdir / f"page.{variant}.json"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        f"--toggle-collect={COUNTED_FUNCTION}",
        f"--callgrind-out-file={out}",
        sys.executable,
        __file__,
        "--child",
        variant,
        "--pages",
        str(ARGS.pages),
        "--token",
        token,
        "--page-out",
        str(page),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} failed:\n{done.stderr[-3000:]}")
    total = _instructions(out)
    if total == 0:
        raise RuntimeError(f"valgrind counted nothing: is {COUNTED_FUNCTION} in this Python's _ctypes?")
    return total, page.read_bytes()


async def _prepare(env: dict[str, str]) -> str:
    """Register the measured user (through the app, in-process) and insert the interviews."""
    import httpx
    from interview.app import create_app

    from bench.reports import REGISTER, insert_data

    app = create_app()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            response = await http.post(
                "/graphql",
                json={"query": REGISTER, "variables": {"e": f"bench-{uuid.uuid4().hex[:8]}@example.com"}},
            )
    registered = response.json()["data"]["register"]
    await insert_data(env["DATABASE_URL"], uuid.UUID(registered["user"]["id"]))
    token: str = registered["token"]
    return token


async def main() -> None:
    from bench.stack import bench_database, environment, migrate_and_seed

    async with bench_database() as database_url:
        env = environment(database_url, {"RATE_LIMIT_REQUESTS": "1000000000"})
        env["PYTHONHASHSEED"] = "0"  # the same dict and set layouts in every run
        migrate_and_seed(env)
        os.environ.update(env)
        began = time.perf_counter()
        token = await _prepare(env)
        print("instructions per dashboard page (reports(first: 50) + session + persona + best answer),")
        print(
            f"  {ARGS.pages} pages per variant after {WARM_UP_PAGES} warm-up, data ready in "
            f"{time.perf_counter() - began:.0f} s"
        )
        with tempfile.TemporaryDirectory(prefix="interview-instructions-") as folder:
            results: dict[str, int] = {}
            pages: dict[str, bytes] = {}
            started = time.perf_counter()

            def measure(variant: str) -> None:
                total, pages[variant] = _measure(variant, env, token, Path(folder))
                results[variant] = total // ARGS.pages
                print(
                    f"  {variant:<24} {results[variant] / 1e6:7.2f} M instructions per page"
                    f"   (after {time.perf_counter() - started:.0f} s)",
                    flush=True,
                )

            # Counts do not depend on what else runs, so variants may run side by side.
            with ThreadPoolExecutor(ARGS.jobs) as pool:
                list(pool.map(measure, ARGS.variants))
        reference = results.get("ours") or results[ARGS.variants[0]]
        print("relative to ours (the difference is what the variant's missing part is worth):")
        for variant in ARGS.variants:
            print(f"  {variant:<24} {results[variant] / reference - 1:+7.1%}")
        answers = {json.dumps(json.loads(page), sort_keys=True) for page in pages.values()}
        if len(answers) != 1:
            raise SystemExit("the variants answered differently")
        print("  every variant returned the same page")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=20, help="dashboard pages counted per variant")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--jobs", type=int, default=1, help="variants run side by side")
    parser.add_argument("--child", choices=list(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--page-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = _parse()
    if ARGS.child:
        child(ARGS.child, ARGS.pages, ARGS.token, ARGS.page_out)
    else:
        asyncio.run(main())
