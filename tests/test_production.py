"""ENVIRONMENT=production: no GraphiQL, no introspection, no suggestions; browser security headers."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest
from interview.app import create_app
from interview.services import Services

from tests.graphql_client import GraphQLClient


@pytest.fixture
async def production(services: Services) -> AsyncIterator[GraphQLClient]:
    settings = services.settings.model_copy(update={"environment": "production"})
    app = create_app(settings, services=dataclasses.replace(services, settings=settings))
    async with GraphQLClient.open(app) as client:
        yield client


async def test_production_hides_the_schema(production: GraphQLClient) -> None:
    body = await production.execute("{ __schema { types { name } } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in body["errors"][0]["message"].lower()
    assert (await production.data("{ __typename }"))["__typename"] == "Query"  # not introspection
    typo = await production.execute("{ persona { id } }")
    assert typo["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" not in typo["errors"][0]["message"]
    ide = await production.http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in ide.text.lower()


async def test_development_keeps_graphiql_and_suggestions(client: GraphQLClient) -> None:
    typo = await client.execute("{ persona { id } }")
    assert "Did you mean" in typo["errors"][0]["message"]
    assert (await client.data("{ __schema { queryType { name } } }"))["__schema"]["queryType"][
        "name"
    ] == "Query"
    ide = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" in ide.text.lower()


async def test_a_setting_turns_graphiql_back_on_in_production(services: Services) -> None:
    settings = services.settings.model_copy(update={"environment": "production", "graphiql": True})
    app = create_app(settings, services=dataclasses.replace(services, settings=settings))
    async with GraphQLClient.open(app) as client:
        assert (await client.data("{ __schema { queryType { name } } }"))["__schema"]


async def test_responses_carry_browser_security_headers(production: GraphQLClient) -> None:
    response = await production.http.get("/healthz")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "'unsafe-eval'" not in policy
