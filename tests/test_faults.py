"""Faults degrade instead of failing: Redis stopped for real, and errors that escape every layer."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from graphql import GraphQLError
from interview.app import create_app
from interview.events.redis import RedisBroker
from interview.graphql.schema import InterviewSchema, Mutation, Query
from interview.services import Services
from strawberry.extensions import SchemaExtension

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisProcess:
    """A redis-server of the test's own on a free port (never the shared one), to stop and restart."""

    def __init__(self, folder: Path) -> None:
        self.port = _free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.1):
                return
            subprocess.run(["sleep", "0.05"], check=False)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    redis = RedisProcess(tmp_path)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture
async def redis_client(own_redis: RedisProcess, services: Services) -> AsyncIterator[GraphQLClient]:
    """The app with its rate limits, login throttle and broker all on the test's own Redis."""
    settings = services.settings.model_copy(
        update={"redis_url": own_redis.url, "rate_limit_requests": 1000, "login_failures_per_account": 2}
    )
    broker = RedisBroker(own_redis.url, publish_retries=(0.05,), drop_unpublishable=True, connect_timeout=1)
    await broker.start()
    own = dataclasses.replace(services, settings=settings, broker=broker)
    try:
        async with GraphQLClient.open(create_app(settings, services=own)) as client:
            yield client
    finally:
        await broker.close()


async def test_operations_keep_working_while_redis_is_down(
    redis_client: GraphQLClient, own_redis: RedisProcess
) -> None:
    account = await redis_client.register()
    assert (await redis_client.data("{ me { id } }", token=account.token))["me"]
    own_redis.stop()
    # queries and mutations, rate limited in memory meanwhile
    assert (await redis_client.data("{ me { id } }", token=account.token))["me"]["id"] == account.user_id
    other = await redis_client.register()
    started = await start_interview(redis_client, other)
    cancelled = await redis_client.data(  # publishes SessionStatusChanged: dropped, not failed
        "mutation($s: ID!) { cancelInterview(sessionId: $s) { status } }", {"s": started["id"]}, other.token
    )
    assert cancelled["cancelInterview"]["status"] == "CANCELLED"
    # publishing (signOut broadcasts a revocation) is dropped, not failed
    assert (await redis_client.data("mutation { signOut }", token=other.token))["signOut"] is True
    # the login throttle keeps counting, in memory
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
    for _ in range(2):
        await redis_client.execute(login, {"e": account.email, "p": "wrong pw!"})
    assert await redis_client.error_code(login, {"e": account.email, "p": "wrong pw!"}) == "RATE_LIMITED"
    own_redis.start()
    await asyncio.sleep(5.5)  # the limiter leaves Redis alone for 5 s after a failure
    assert (await redis_client.data("{ me { id } }", token=account.token))["me"]


class _Broken(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        raise RuntimeError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
        yield


async def test_an_error_escaping_every_layer_is_masked_with_a_request_id() -> None:
    schema = InterviewSchema(query=Query, mutation=Mutation, extensions=[_Broken])

    class Context:
        request_id = "req-123"

    result = await schema.execute("{ __typename }", context_value=Context())
    assert result.errors is not None
    error = result.errors[0]
    assert error.message != "Error 111 connecting to 127.0.0.1:1. Connection refused."
    assert error.extensions == {"code": "INTERNAL", "requestId": "req-123"}
    streamed = [r async for r in await schema.stream("{ __typename }", context_value=Context())]
    assert streamed[0].errors is not None
    assert streamed[0].errors[0].extensions == {"code": "INTERNAL", "requestId": "req-123"}
    assert isinstance(streamed[0].errors[0], GraphQLError)
