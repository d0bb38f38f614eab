"""Errors reach clients only as contract codes: no stack traces, no SQL."""

from __future__ import annotations

import dataclasses

from interview.services import Services

from tests.graphql_client import GraphQLClient


async def test_parse_and_validation_errors_have_codes(client: GraphQLClient) -> None:
    assert await client.error_code("{ personas { id ") == "GRAPHQL_PARSE_FAILED"
    assert await client.error_code("{ personas { doesNotExist } }") == "GRAPHQL_VALIDATION_FAILED"


async def test_wrong_variable_type_is_bad_user_input(client: GraphQLClient) -> None:
    body = await client.execute("query($f: Int) { sessions(first: $f) { totalCount } }", {"f": "many"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_depth_limit(client: GraphQLClient) -> None:
    account = await client.register()
    deep = "{ sessions { edges { node { report { session { report { session { report { session { report {"
    deep += " session { id } } } } } } } } } } } }"
    body = await client.execute(deep, token=account.token)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "depth" in body["errors"][0]["message"].lower()


async def test_token_limit(services: Services) -> None:
    from interview.app import create_app
    from interview.graphql.documents import MAX_QUERY_TOKENS

    # aliases have a lower limit of their own: raised here to reach the token limit
    settings = services.settings.model_copy(update={"graphql_max_aliases": MAX_QUERY_TOKENS})
    app = create_app(settings, services=dataclasses.replace(services, settings=settings))
    async with GraphQLClient.open(app) as client:
        aliases = " ".join(f"a{index}: __typename" for index in range(MAX_QUERY_TOKENS // 3 + 1))
        body = await client.execute("{ " + aliases + " }")
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
        assert "tokens" in body["errors"][0]["message"]
        under = " ".join(f"a{index}: __typename" for index in range(MAX_QUERY_TOKENS // 3 - 10))
        assert "errors" not in await client.execute("{ " + under + " }")


async def test_every_error_code_is_from_the_contract(client: GraphQLClient) -> None:
    from interview.errors import CONTRACT_CODES

    account = await client.register()
    bodies = [
        await client.execute("{ nope }"),
        await client.execute('{ session(id: "x") { id } }', token=account.token),
        await client.execute('mutation { register(email: "x", password: "y", displayName: "z") { token } }'),
    ]
    for body in bodies:
        for error in body["errors"]:
            assert error["extensions"]["code"] in CONTRACT_CODES
            assert "Traceback" not in error["message"] and "SELECT" not in error["message"]


async def test_unexpected_errors_are_masked_as_internal_with_a_request_id(
    services, client: GraphQLClient
) -> None:  # type: ignore[no-untyped-def]
    """A failure of our own (here: a broker that was closed) is INTERNAL, masked, with a request id."""
    import dataclasses

    from interview.accounts.service import authenticate
    from interview.events.memory import InMemoryBroker
    from interview.graphql.context import Context
    from interview.graphql.schema import schema
    from starlette.requests import Request

    from tests.factories import start_interview

    account = await client.register()
    session = await start_interview(client, account)
    closed = InMemoryBroker()
    await closed.close()
    context = Context(
        request=Request({"type": "http", "headers": []}),
        response=None,
        services=dataclasses.replace(services, broker=closed),
        principal=await authenticate(account.token, services.settings.resolved_secret_key()),
    )
    result = await schema.execute(
        "mutation($id: ID!) { pauseInterview(sessionId: $id) { status } }",
        variable_values={"id": session["id"]},
        context_value=context,
    )
    assert result.errors
    error = result.errors[0]
    assert error.extensions == {"code": "INTERNAL", "requestId": context.request_id}
    assert "closed" not in error.message.lower() and "Traceback" not in error.message
