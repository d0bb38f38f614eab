"""Shared fixtures: a fresh PostgreSQL database and a Redis db of the suite's own, real services,
and a GraphQL client that goes through the real ASGI app."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from interview.services import Services, open_services
from interview.settings import Settings

from tests.graphql_client import GraphQLClient

ADMIN_DSN = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _database_dsn(name: str) -> str:
    base, _, _ = ADMIN_DSN.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def test_database_name() -> str:
    return f"interview_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
async def test_database(test_database_name: str) -> AsyncIterator[str]:
    """A database created for this test session and dropped after it."""
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{test_database_name}"')
    await admin.close()
    yield _database_dsn(test_database_name)
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{test_database_name}" WITH (FORCE)')
    await admin.close()


@pytest.fixture(scope="session")
def settings(test_database: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=test_database,
        redis_url=REDIS_URL,
        data_dir=Path(tmp_path_factory.mktemp("data")),
        secret_key="test-secret-key-not-for-production",
        environment="test",
        openai_api_key=None,
        anthropic_api_key=None,
        # Tests of what a query reads and costs write rows behind the API's back: only
        # tests/graphql/test_response_cache.py (and the browser tests) run with the dashboard cache.
        dashboard_cache_seconds=0,
    )


@pytest.fixture(scope="session")
async def services(settings: Settings) -> AsyncIterator[Services]:
    """Real PostgreSQL (migrated, personas seeded), real Redis, the local AI providers."""
    from interview.interviews.personas import seed_personas

    opened = await open_services(settings, migrate=True)
    await seed_personas()
    yield opened
    await opened.close()


@pytest.fixture(scope="session")
async def client(services: Services) -> AsyncIterator[GraphQLClient]:
    from interview.app import create_app

    app = create_app(services.settings, services=services)
    async with GraphQLClient.open(app) as graphql:
        yield graphql
