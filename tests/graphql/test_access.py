"""Who may see what: every lookup by id or token, tried by a stranger and by each kind of token.

The contract: a lookup that names something the caller may not see (another user's, or nothing at
all) is NOT_FOUND, never FORBIDDEN and never null; an operation the token lacks the scope for is
FORBIDDEN. The table below lists every query and mutation that takes an id or a token; the
subscriptions are tried over a real websocket in tests/conformance/test_raw_protocol.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from interview.interviews.reports import end_interview
from interview.services import Services

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.reports.factories import Answer, stored_interview

UNKNOWN_ID = "00000000-0000-0000-0000-000000000000"
NOT_AN_ID = "not-an-id"


@dataclass(frozen=True)
class Lookup:
    """One operation that names a thing: its text, and the variable holding the thing's id."""

    name: str
    query: str
    target: str
    """Which of the owner's things it names: session, report, share, answer, token, persona."""
    mutation: bool = False
    upload: bool = False


LOOKUPS = [
    Lookup("session", "query($id: ID!) { session(id: $id) { id } }", "session"),
    Lookup("liveMetrics", "query($id: ID!) { liveMetrics(sessionId: $id) { sessionId } }", "session"),
    Lookup("report", "query($id: ID!) { report(id: $id) { id } }", "report"),
    Lookup("reportBySession", "query($id: ID!) { reportBySession(sessionId: $id) { id } }", "ended"),
    Lookup(
        "initialQuestion",
        "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }",
        "session",
        mutation=True,
    ),
    Lookup(
        "submitAnswer",
        "mutation($id: ID!, $audio: Upload!) { submitAnswer(sessionId: $id, audio: $audio, sequenceNumber: 1)"
        " { transcript { id } } }",
        "session",
        mutation=True,
        upload=True,
    ),
    Lookup(
        "appendAnswerAudio",
        "mutation($id: ID!, $audio: Upload!) { appendAnswerAudio(sessionId: $id, sequenceNumber: 1,"
        " chunkIndex: 0, audio: $audio) { sessionId } }",
        "session",
        mutation=True,
        upload=True,
    ),
    Lookup(
        "finishAnswer",
        "mutation($id: ID!) { finishAnswer(sessionId: $id, sequenceNumber: 1) { transcript { id } } }",
        "session",
        mutation=True,
    ),
    Lookup(
        "skipQuestion",
        "mutation($id: ID!) { skipQuestion(sessionId: $id) { question { id } } }",
        "session",
        mutation=True,
    ),
    *(
        Lookup(name, f"mutation($id: ID!) {{ {name}(sessionId: $id) {{ id }} }}", "session", mutation=True)
        for name in ("pauseInterview", "resumeInterview", "cancelInterview", "endInterview")
    ),
    Lookup(
        "shareReport",
        "mutation($id: ID!) { shareReport(reportId: $id) { token } }",
        "report",
        mutation=True,
    ),
    Lookup(
        "deleteInterview", "mutation($id: ID!) { deleteInterview(sessionId: $id) }", "session", mutation=True
    ),
]
"""Contract operations not built yet (contract-pending.txt) are left out below until they exist."""


def _built(name: str) -> bool:
    from interview.graphql.schema import schema

    graphql_schema = schema._schema
    roots = (graphql_schema.query_type, graphql_schema.mutation_type)
    return any(root is not None and name in root.fields for root in roots)


LOOKUPS = [lookup for lookup in LOOKUPS if _built(lookup.name)]

TOKEN_LOOKUPS = [
    Lookup("revokeApiToken", "mutation($id: ID!) { revokeApiToken(id: $id) }", "token", mutation=True),
]


@dataclass
class Callers:
    """The owner's things, and the tokens that try to reach them."""

    owner: Account
    things: dict[str, str]
    owner_tokens: dict[str, str]
    """The owner's API tokens by scope."""
    stranger: dict[str, str]
    """Another user's login token ("LOGIN") and API tokens by scope."""


CREATE_TOKEN = (
    'mutation($s: [TokenScope!]!) { createApiToken(name: "t", scopes: $s) { token apiToken { id } } }'
)


async def _api_tokens(client: GraphQLClient, account: Account) -> tuple[dict[str, str], str]:
    tokens: dict[str, str] = {}
    token_id = ""
    for scope in ("INTERVIEW", "REPORTS_READ"):
        created = (await client.data(CREATE_TOKEN, {"s": [scope]}, account.token))["createApiToken"]
        tokens[scope] = created["token"]
        token_id = created["apiToken"]["id"]
    return tokens, token_id


@pytest.fixture(scope="module")
async def callers(client: GraphQLClient, services: Services) -> Callers:
    owner = await client.register("Owner")
    stranger = await client.register("Stranger")
    ended = await stored_interview(owner.user_id, [Answer()])
    report = await end_interview(
        ended.user_id, str(ended.session_id), services.providers.report_writer, services.broker
    )
    running = await start_interview(client, owner)
    owner_tokens, token_id = await _api_tokens(client, owner)
    stranger_tokens, _ = await _api_tokens(client, stranger)
    share = await client.data(
        "mutation($id: ID!) { shareReport(reportId: $id) { token } }", {"id": str(report["id"])}, owner.token
    )
    things = {
        "session": running["id"],
        "ended": str(ended.session_id),
        "report": str(report["id"]),
        "token": token_id,
        "answer": str(ended.answers[1]["id"]),
        "share": share["shareReport"]["token"],
    }
    return Callers(owner, things, owner_tokens, {"LOGIN": stranger.token, **stranger_tokens})


async def _codes(client: GraphQLClient, lookup: Lookup, thing: str, token: str) -> tuple[list[str], Any]:
    if lookup.upload:
        response = await client.upload(
            lookup.query, {"id": thing}, "audio", b"\x1a\x45\xdf\xa3 not audio", token=token
        )
        body = response.json()
    else:
        body = await client.execute(lookup.query, {"id": thing}, token)
    codes = [error["extensions"]["code"] for error in body.get("errors") or []]
    return codes, body.get("data")


@pytest.mark.parametrize("lookup", LOOKUPS, ids=lambda lookup: lookup.name)
@pytest.mark.parametrize("caller", ["LOGIN", "INTERVIEW", "REPORTS_READ"])
async def test_a_strangers_lookup_is_not_found_and_a_missing_scope_forbidden(
    client: GraphQLClient, callers: Callers, lookup: Lookup, caller: str
) -> None:
    expected = "FORBIDDEN" if lookup.mutation and caller == "REPORTS_READ" else "NOT_FOUND"
    token = callers.stranger[caller]
    for thing in (callers.things[lookup.target], UNKNOWN_ID, NOT_AN_ID):
        codes, data = await _codes(client, lookup, thing, token)
        assert codes == [expected], (thing, codes)
        assert not data or set(data.values()) == {None}, data  # a nullable field is null beside its error


@pytest.mark.parametrize(
    "lookup", [entry for entry in LOOKUPS if entry.mutation], ids=lambda entry: entry.name
)
async def test_a_read_only_token_of_the_owner_may_not_change_anything(
    client: GraphQLClient, callers: Callers, lookup: Lookup
) -> None:
    codes, _ = await _codes(
        client, lookup, callers.things[lookup.target], callers.owner_tokens["REPORTS_READ"]
    )
    assert codes == ["FORBIDDEN"]


@pytest.mark.parametrize("caller", ["LOGIN", "INTERVIEW", "REPORTS_READ"])
async def test_the_owners_things_are_there_for_the_owners_read_tokens(
    client: GraphQLClient, callers: Callers, caller: str
) -> None:
    """The same reads succeed for the owner: the NOT_FOUNDs above are about who asks."""
    token = callers.owner.token if caller == "LOGIN" else callers.owner_tokens[caller]
    for lookup in (entry for entry in LOOKUPS if not entry.mutation):
        codes, data = await _codes(client, lookup, callers.things[lookup.target], token)
        assert codes == [] and data and next(iter(data.values())) is not None, (lookup.name, data)


async def test_report_by_session_is_null_only_for_an_own_session_without_a_report(
    client: GraphQLClient, callers: Callers
) -> None:
    data = await client.data(
        "query($id: ID!) { reportBySession(sessionId: $id) { id } }",
        {"id": callers.things["session"]},
        callers.owner.token,
    )
    assert data == {"reportBySession": None}


@pytest.mark.parametrize("caller", ["LOGIN", "INTERVIEW", "REPORTS_READ"])
async def test_another_users_api_token_cannot_be_revoked(
    client: GraphQLClient, callers: Callers, caller: str
) -> None:
    """Only a login token manages tokens (FORBIDDEN otherwise); another user's token is NOT_FOUND."""
    expected = "NOT_FOUND" if caller == "LOGIN" else "FORBIDDEN"
    for thing in (callers.things["token"], UNKNOWN_ID, NOT_AN_ID):
        codes, _ = await _codes(client, TOKEN_LOOKUPS[0], thing, callers.stranger[caller])
        assert codes == [expected]
    for query in ("{ apiTokens { id } }",):
        body = await client.execute(query, token=callers.stranger[caller])
        if caller == "LOGIN":
            assert callers.things["token"] not in str(body)
        else:
            assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_lists_hold_only_the_callers_own_things(client: GraphQLClient, callers: Callers) -> None:
    for token in callers.stranger.values():
        data = await client.data(
            "{ sessions { totalCount edges { node { id } } } reports { totalCount edges { node { id } } } }",
            token=token,
        )
        assert data["sessions"] == {"totalCount": 0, "edges": []}
        assert data["reports"] == {"totalCount": 0, "edges": []}


async def test_share_tokens_and_personas_unknown_are_not_found(
    client: GraphQLClient, callers: Callers
) -> None:
    for query, value in (
        ("query($id: String!) { reportByShareToken(token: $id) { id } }", "no-such-share-token"),
        ("query($id: String!) { reportByShareToken(token: $id) { id } }", ""),
        ("query($id: ID!) { personaVoiceSample(personaId: $id) { durationMs } }", UNKNOWN_ID),
        ("query($id: ID!) { personaVoiceSample(personaId: $id) { durationMs } }", NOT_AN_ID),
    ):
        body = await client.execute(query, {"id": value})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"], (query, value)
        assert not body["data"] or set(body["data"].values()) == {None}


REMOVED_ROUTES = ["/reports/{id}/download", "/answers/{id}/audio", "/share/{id}/download"]
"""Bearer-header routes replaced by signed /media/<token> URLs: gone for everyone."""

DOWNLOAD_URL = "query($id: ID!) { report(id: $id) { downloadUrl } }"
SHARED_DOWNLOAD_URL = "query($t: String!) { reportByShareToken(token: $t) { downloadUrl } }"


@pytest.mark.parametrize("route", REMOVED_ROUTES)
@pytest.mark.parametrize("caller", ["LOGIN", "INTERVIEW", "REPORTS_READ", "NONE"])
async def test_no_http_route_serves_media_by_id(
    client: GraphQLClient, callers: Callers, route: str, caller: str
) -> None:
    headers = {} if caller == "NONE" else {"authorization": f"Bearer {callers.stranger[caller]}"}
    for thing in (callers.things["report"], callers.things["answer"], callers.things["share"], UNKNOWN_ID):
        response = await client.http.get(route.format(id=thing), headers=headers)
        # 404, or the SPA's own page when frontend/dist is built (its catch-all serves index.html)
        served_spa = response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert response.status_code == 404 or served_spa, (route, thing, response.status_code)
        assert thing not in response.text


@pytest.mark.parametrize("caller", ["LOGIN", "INTERVIEW", "REPORTS_READ", "NONE"])
async def test_media_urls_need_no_header_and_reveal_nothing_to_a_guess(
    client: GraphQLClient, callers: Callers, caller: str
) -> None:
    headers = {} if caller == "NONE" else {"authorization": f"Bearer {callers.stranger[caller]}"}
    for guess in (callers.things["report"], callers.things["answer"], UNKNOWN_ID, NOT_AN_ID):
        response = await client.http.get(f"/media/{guess}", headers=headers)
        assert response.status_code == 404 and guess not in response.text


async def test_the_owner_and_a_live_share_link_get_working_download_urls(
    client: GraphQLClient, callers: Callers
) -> None:
    for token in (callers.owner.token, *callers.owner_tokens.values()):
        report = (await client.data(DOWNLOAD_URL, {"id": callers.things["report"]}, token))["report"]
        assert (await client.http.get(report["downloadUrl"])).status_code == 200
    shared = await client.data(SHARED_DOWNLOAD_URL, {"t": callers.things["share"]})
    assert (await client.http.get(shared["reportByShareToken"]["downloadUrl"])).status_code == 200


COVERED_ELSEWHERE = {
    "reportByShareToken": "test_share_tokens_and_personas_unknown_are_not_found",
    "personaVoiceSample": "test_share_tokens_and_personas_unknown_are_not_found",
}


def test_every_operation_that_names_a_thing_is_in_the_table() -> None:
    """A new query or mutation taking an id must join LOOKUPS (or say where it is tested)."""
    from graphql import GraphQLNonNull, GraphQLScalarType
    from interview.graphql.schema import schema

    graphql_schema = schema._schema
    named = set()
    for root in (graphql_schema.query_type, graphql_schema.mutation_type):
        assert root is not None
        for field_name, field in root.fields.items():
            for argument in field.args.values():
                argument_type = (
                    argument.type.of_type if isinstance(argument.type, GraphQLNonNull) else argument.type
                )
                if isinstance(argument_type, GraphQLScalarType) and argument_type.name == "ID":
                    named.add(field_name)
    table = {lookup.name for lookup in (*LOOKUPS, *TOKEN_LOOKUPS)} | set(COVERED_ELSEWHERE)
    assert named <= table, f"not tried by a stranger yet: {sorted(named - table)}"
