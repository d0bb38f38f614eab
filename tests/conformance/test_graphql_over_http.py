"""GraphQL over HTTP (the GraphQL-over-HTTP spec), with plain httpx against the real server."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.live.processes import ApiProcess

pytestmark = pytest.mark.slow

GRAPHQL_RESPONSE = "application/graphql-response+json"
PERSONAS = "{ personas { id } }"
LOGIN = 'mutation { login(email: "nobody@example.com", password: "not the password") { token } }'


@pytest.fixture
async def http(api_server: ApiProcess) -> Any:
    async with httpx.AsyncClient(base_url=api_server.http_url, timeout=30) as client:
        yield client


def _media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


async def test_a_query_with_get_and_with_post(http: httpx.AsyncClient) -> None:
    by_get = await http.get("/graphql", params={"query": PERSONAS})
    by_post = await http.post("/graphql", json={"query": PERSONAS})
    for response in (by_get, by_post):
        assert response.status_code == 200
        assert _media_type(response) == "application/json"
        assert response.json()["data"]["personas"]
    variables = await http.get(
        "/graphql",
        params={"query": "query($id: ID!) { session(id: $id) { id } }", "variables": '{"id": "x"}'},
    )
    assert variables.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_answer_has_the_media_type_the_client_accepts(http: httpx.AsyncClient) -> None:
    for accept, expected in (
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        ("", "application/json"),
    ):
        response = await http.post("/graphql", json={"query": PERSONAS}, headers={"accept": accept})
        assert response.status_code == 200, accept
        assert _media_type(response) == expected, accept
        assert response.json()["data"]["personas"]


async def test_a_client_that_accepts_no_json_is_406(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": PERSONAS}, headers={"accept": "application/xml"})
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ personas { id ", "GRAPHQL_PARSE_FAILED"), ("{ nope }", "GRAPHQL_VALIDATION_FAILED")],
)
async def test_request_errors_by_media_type(http: httpx.AsyncClient, query: str, code: str) -> None:
    """application/json: 200 for any well-formed request; graphql-response+json: 400 and no data."""
    legacy = await http.post("/graphql", json={"query": query}, headers={"accept": "application/json"})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == code
    modern = await http.post("/graphql", json={"query": query}, headers={"accept": GRAPHQL_RESPONSE})
    assert modern.status_code == 400
    assert _media_type(modern) == GRAPHQL_RESPONSE
    body = modern.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == code


async def test_a_field_error_is_200_under_both_media_types(http: httpx.AsyncClient) -> None:
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = await http.post(
            "/graphql", json={"query": "{ sessions { totalCount } }"}, headers={"accept": accept}
        )
        assert response.status_code == 200
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_mutation_over_get_is_405(http: httpx.AsyncClient) -> None:
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = await http.get("/graphql", params={"query": LOGIN}, headers={"accept": accept})
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    by_post = await http.post("/graphql", json={"query": LOGIN})
    assert by_post.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # it ran: a wrong password


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"json": {"variables": {}}},
        {"json": {"query": 5}},
        {"json": {"query": PERSONAS, "variables": 5}},
        {"content": b"{", "headers": {"content-type": "application/json"}},
        {"content": PERSONAS.encode(), "headers": {"content-type": "text/plain"}},
    ],
    ids=["no query", "query not a string", "variables not an object", "bad JSON", "unsupported type"],
)
async def test_a_malformed_request_is_400_with_graphql_errors(
    http: httpx.AsyncClient, request_kwargs: dict[str, Any]
) -> None:
    response = await http.post("/graphql", **request_kwargs)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
