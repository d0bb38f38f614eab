"""Cheap requests that used to cost a process dearly (issue 16): each is refused or made cheap."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from interview.accounts.passwords import hash_password, verify_password
from interview.app import create_app
from interview.graphql.documents import _parse_cached
from interview.services import Services
from interview.settings import Settings

from tests.graphql_client import GraphQLClient

LOGIN = 'login(email: "a@b.co", password: "whatever pw") { token }'
VOICE = "personaVoiceSample(personaId: $p) { base64 }"


async def _persona_id(client: GraphQLClient) -> str:
    return str((await client.data("{ personas { id } }"))["personas"][0]["id"])


async def test_password_hashing_leaves_the_event_loop_free() -> None:
    """argon2 runs in a thread: other tasks keep running while a password is hashed and checked."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    try:
        hashed = await hash_password("correct horse battery")
        during_hash = ticks
        assert await verify_password(hashed, "correct horse battery")
        assert not await verify_password(None, "correct horse battery")  # the dummy hash
    finally:
        task.cancel()
    assert during_hash > 10, "the loop did not run while the password was hashed"
    assert ticks > 3 * during_hash / 2


async def test_expensive_root_fields_must_be_alone(client: GraphQLClient) -> None:
    aliased_logins = "mutation { " + " ".join(f"l{i}: {LOGIN}" for i in range(10)) + " }"
    body = await client.execute(aliased_logins)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "only field" in body["errors"][0]["message"] and body["data"] is None
    persona = await _persona_id(client)
    # with anything else, through a fragment too
    mixed = "query($p: ID!) { personas { id } ...V } fragment V on Query { " + VOICE + " }"
    assert await client.error_code(mixed, {"p": persona}) == "GRAPHQL_VALIDATION_FAILED"
    two = "mutation($s: ID!) { a: initialQuestion(sessionId: $s) { question { id } } "
    two += "b: initialQuestion(sessionId: $s) { question { id } } }"
    assert await client.error_code(two, {"s": "x"}) == "GRAPHQL_VALIDATION_FAILED"
    # alone, they run
    alone = await client.data("query($p: ID!) { " + VOICE + " }", {"p": persona})
    assert alone["personaVoiceSample"]["base64"]


async def test_large_documents_are_refused_before_parsing_and_never_cached(client: GraphQLClient) -> None:
    huge = "{ personas { id } }" + " " * 200_000
    body = await client.execute(huge)
    assert body["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert body["data"] is None
    # a body far over the document limit is refused unread (HTTP 413), not decoded first
    response = await client.http.post("/graphql", json={"query": "{ personas { id } }" + " " * 5_000_000})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    before = _parse_cached.cache_info().currsize
    medium = "{ personas { id } }" + " " * 20_000  # under the limit, over what is cached
    assert (await client.data(medium))["personas"]
    assert _parse_cached.cache_info().currsize == before


async def test_aliases_and_blobs_are_counted(client: GraphQLClient) -> None:
    many = "{ " + " ".join(f"a{i}: personas {{ id }}" for i in range(31)) + " }"
    body = await client.execute(many)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases" in body["errors"][0]["message"]
    # the 97 MB answer of the issue: 1,550 aliased voice samples (over the token limit too), or fewer
    persona = await _persona_id(client)
    for count, code in ((1550, "GRAPHQL_PARSE_FAILED"), (150, "GRAPHQL_VALIDATION_FAILED")):
        amplified = "query($p: ID!) { " + " ".join(f"a{i}: {VOICE}" for i in range(count)) + " }"
        body = await client.execute(amplified, {"p": persona})
        assert body["errors"][0]["extensions"]["code"] == code and body["data"] is None


async def _with_settings(services: Services, **update: Any) -> tuple[Settings, Services]:
    settings = services.settings.model_copy(update=update)
    return settings, dataclasses.replace(services, settings=settings)


async def test_a_response_over_the_limit_is_replaced_by_an_error(services: Services) -> None:
    settings, own = await _with_settings(services, graphql_max_response_bytes=300)
    async with GraphQLClient.open(create_app(settings, services=own)) as client:
        body = await client.execute("{ personas { id name title style description } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_metric_labels_are_bounded_and_metrics_restricted(
    client: GraphQLClient, services: Services
) -> None:
    await client.execute("query Chosen_By_The_Caller_1234 { personas { id } }")
    text = (await client.http.get("/metrics")).text
    assert "Chosen_By_The_Caller_1234" not in text
    assert 'operation="query.personas"' in text
    settings, own = await _with_settings(services, metrics_token="m" * 32)
    async with GraphQLClient.open(create_app(settings, services=own)) as guarded:
        assert (await guarded.http.get("/metrics")).status_code == 404
        wrong = await guarded.http.get("/metrics", headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 404
        right = await guarded.http.get("/metrics", headers={"authorization": "Bearer " + "m" * 32})
        assert right.status_code == 200 and "graphql_requests_total" in right.text
    settings, own = await _with_settings(services, environment="production")
    async with GraphQLClient.open(create_app(settings, services=own)) as production:
        assert (await production.http.get("/metrics")).status_code == 404
