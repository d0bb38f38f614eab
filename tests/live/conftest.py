"""The real app served by uvicorn on a free port of 127.0.0.1, for websocket tests."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import uvicorn
from interview.services import Services

HEARTBEAT_SECONDS = 0.3
"""Short, so a test sees connection heartbeats without waiting 15 s."""


@dataclass
class LiveServer:
    services: Services
    port: int

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"


@pytest.fixture(scope="session")
async def live_server(services: Services) -> AsyncIterator[LiveServer]:
    """uvicorn serving create_app() over the suite's services (same database, same Redis)."""
    from interview.app import create_app
    from interview.cli import WEBSOCKET_IMPLEMENTATION

    settings = services.settings.model_copy(update={"live_heartbeat_seconds": HEARTBEAT_SECONDS})
    live_services = dataclasses.replace(services, settings=settings)
    config = uvicorn.Config(
        create_app(settings, services=live_services),
        host="127.0.0.1",
        port=0,
        ws=WEBSOCKET_IMPLEMENTATION,
        ws_per_message_deflate=False,
        log_config=None,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(20):
        while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
            await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield LiveServer(services=live_services, port=port)
    server.should_exit = True
    await task
