"""Real API processes (`interview serve`) on free ports, sharing one database and one Redis."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

REPO = Path(__file__).resolve().parents[2]
INTERVIEW = Path(sys.executable).with_name("interview")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time process `pid` has used (Linux /proc); 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class ApiProcess:
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    """The process's stdout and stderr (a file, so a chatty server can never block on a full pipe)."""

    def log_tail(self, chars: int = 3000) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-chars:]

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used (Linux /proc)."""
        return process_cpu_seconds(self.process.pid)

    def rss_bytes(self) -> int:
        """Resident memory of the server process (Linux /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0


def server_environment(
    database_url: str, redis_url: str, secret_key: str, data_dir: Path, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of a server process: ours minus any cloud keys, plus the shared services."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and not k.endswith("_BASE_URL")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY=secret_key,
        DATA_DIR=str(data_dir),
        ENVIRONMENT="test",
        LOG_LEVEL="WARNING",
    )
    env.update(extra or {})
    return env


@contextlib.asynccontextmanager
async def api_processes(
    count: int, env: Mapping[str, str], startup_seconds: float = 60
) -> AsyncIterator[list[ApiProcess]]:
    """`count` uvicorn processes on free ports of 127.0.0.1, healthy before the block, stopped after it."""
    started: list[ApiProcess] = []
    try:
        for _ in range(count):
            started.append(_spawn(free_port(), env))
        async with httpx.AsyncClient(timeout=5) as http:
            for server in started:
                await _wait_healthy(http, server, startup_seconds)
        yield started
    finally:
        for server in started:
            server.process.terminate()
        for server in started:
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
            server.log.close()


def _spawn(port: int, env: Mapping[str, str]) -> ApiProcess:
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [str(INTERVIEW), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return ApiProcess(port=port, process=process, log=log)


async def _wait_healthy(http: httpx.AsyncClient, server: ApiProcess, startup_seconds: float) -> None:
    async with asyncio.timeout(startup_seconds):
        while True:
            if server.process.poll() is not None:
                raise RuntimeError(f"server on port {server.port} exited: {server.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(f"{server.http_url}/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)
