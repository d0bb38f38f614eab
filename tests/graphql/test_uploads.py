"""An Upload argument takes only a file of a multipart request; anything inline is the client's error."""

from __future__ import annotations

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient

SUBMIT = """mutation($id: ID!, $audio: Upload!) {
  submitAnswer(sessionId: $id, audio: $audio, sequenceNumber: 1) { transcript { id } } }"""


async def test_an_inline_upload_value_is_refused_with_a_contract_code(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    as_variable = await client.execute(SUBMIT, {"id": session["id"], "audio": "not a file"}, account.token)
    assert [e["extensions"]["code"] for e in as_variable["errors"]] == ["BAD_USER_INPUT"]
    as_literal = await client.execute(
        'mutation($id: ID!) { submitAnswer(sessionId: $id, audio: "x", sequenceNumber: 1)'
        " { transcript { id } } }",
        {"id": session["id"]},
        account.token,
    )
    assert [e["extensions"]["code"] for e in as_literal["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
    assert "multipart" in as_literal["errors"][0]["message"]
