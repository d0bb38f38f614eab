"""The HTTP surface: health, metrics, upload size limit."""

from __future__ import annotations

import json

from interview.app import InterviewGraphQL

from tests.graphql_client import GraphQLClient


async def test_healthz_reports_database_broker_and_where_speech_runs(client: GraphQLClient) -> None:
    response = await client.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": True,
        "broker": True,
        "speech": {"queue": "process"},
    }


async def test_metrics_count_operations_and_error_codes(client: GraphQLClient) -> None:
    await client.execute("query PersonaList { personas { id } }")
    await client.execute("query Broken { personas { nope } }")
    text = (await client.http.get("/metrics")).text
    assert 'graphql_requests_total{operation="query.personas",type="query"}' in text
    assert 'graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"' in text
    assert "graphql_request_duration_seconds_bucket" in text


async def test_oversized_request_is_413_with_a_graphql_error(client: GraphQLClient) -> None:
    body = b"x" * (26_214_400 + 1)
    response = await client.http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_oversized_chunked_request_is_cut_off(client: GraphQLClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(30):
            yield b"y" * (1024 * 1024)

    response = await client.http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_graphiql_is_served_to_browsers(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


def test_responses_are_encoded_as_json_with_a_fallback_for_what_orjson_refuses() -> None:
    view = InterviewGraphQL({})
    page = {"data": {"reports": {"edges": [{"node": {"id": "x", "score": 7.5, "ok": True, "n": None}}]}}}
    assert json.loads(view.encode_json(page)) == page
    huge = {"data": {"reportJson": {"count": 2**70, "text": "é"}}}
    assert json.loads(view.encode_json(huge)) == huge
