"""Pytest fixtures for the fake AI server; import them into a conftest.py to use them:

from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.fake_ai_server import FakeAIServer


@pytest.fixture(scope="session")
async def fake_ai_server() -> AsyncIterator[FakeAIServer]:
    """One fake OpenAI + Anthropic server for the whole session."""
    server = FakeAIServer()
    await server.start()
    yield server
    server.stop()


@pytest.fixture
def fake_ai(fake_ai_server: FakeAIServer) -> FakeAIServer:
    """The session's fake server with faults, answers, latencies and the request log reset."""
    fake_ai_server.reset()
    return fake_ai_server
