"""One real API process (`interview serve`, uvicorn) on a free port, for clients that are not ours.

The conformance tests drive it the way third-party dashboards and mobile apps do: over TCP, with
their own libraries and event loops, never through the ASGI app in-process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from interview.settings import Settings

from tests.live.processes import ApiProcess, api_processes, server_environment

INIT_TIMEOUT_SECONDS = 1.0
"""Short, so the 4408 test waits one second rather than the default ten."""


@pytest.fixture(scope="session")
async def api_server(
    settings: Settings, services: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ApiProcess]:
    """The server, on the suite's database (migrated, personas seeded by `services`) and Redis."""
    assert settings.database_url and settings.redis_url and settings.secret_key
    env = server_environment(
        settings.database_url,
        settings.redis_url,
        settings.secret_key,
        Path(tmp_path_factory.mktemp("conformance")),
        {"WS_INIT_TIMEOUT_SECONDS": str(INIT_TIMEOUT_SECONDS)},
    )
    async with api_processes(1, env) as (server,):
        yield server
