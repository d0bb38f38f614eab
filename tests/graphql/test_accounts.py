"""Accounts through GraphQL: register, login, tokens, scopes and ownership."""

from __future__ import annotations

import asyncpg
from argon2 import PasswordHasher
from interview.db.tables import ApiToken, User

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient

ME = "{ me { id email displayName createdAt } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }"
CREATE_TOKEN = """mutation($n: String!, $s: [TokenScope!]!) {
  createApiToken(name: $n, scopes: $s) { token apiToken { id name scopes createdAt lastUsedAt } } }"""


async def test_register_then_me_and_login(client: GraphQLClient) -> None:
    account = await client.register("Ada Lovelace")
    me = (await client.data(ME, token=account.token))["me"]
    assert me["email"] == account.email and me["displayName"] == "Ada Lovelace"
    assert me["createdAt"].endswith("+00:00")
    login = (await client.data(LOGIN, {"e": account.email.upper(), "p": "correct horse battery"}))["login"]
    assert login["user"]["id"] == account.user_id
    assert (await client.data(ME, token=login["token"]))["me"]["id"] == account.user_id


async def test_password_is_stored_as_argon2id_at_owasps_minimum(client: GraphQLClient) -> None:
    account = await client.register()
    row = await User.select(User.password_hash).where(User.email == account.email).first()
    assert row is not None and row["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


async def test_a_hash_of_argon2_cffis_default_parameters_still_signs_in_and_is_rehashed(
    client: GraphQLClient,
) -> None:
    account = await client.register()
    old = PasswordHasher().hash("correct horse battery")  # m=65536,t=3,p=4: 64 MiB per check
    await User.update({User.password_hash: old}).where(User.email == account.email)

    login = (await client.data(LOGIN, {"e": account.email, "p": "correct horse battery"}))["login"]

    assert login["user"]["id"] == account.user_id
    row = await User.select(User.password_hash).where(User.email == account.email).first()
    assert row is not None and row["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


async def test_me_is_null_without_token_and_bad_token(client: GraphQLClient) -> None:
    assert (await client.data(ME))["me"] is None
    assert (await client.data(ME, token="not-a-token"))["me"] is None


async def test_register_rejects_bad_input_and_duplicates(client: GraphQLClient) -> None:
    register = (
        "mutation($e: String!, $p: String!, $n: String!)"
        " { register(email: $e, password: $p, displayName: $n) { token } }"
    )
    assert (
        await client.error_code(register, {"e": "nope", "p": "long enough pw", "n": "X"}) == "BAD_USER_INPUT"
    )
    assert await client.error_code(register, {"e": "a@b.co", "p": "short", "n": "X"}) == "BAD_USER_INPUT"
    assert (
        await client.error_code(register, {"e": "a@b.co", "p": "long enough pw", "n": " "})
        == "BAD_USER_INPUT"
    )
    account = await client.register()
    body = await client.execute(register, {"e": account.email, "p": "another password", "n": "Y"})
    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "already exists" in body["errors"][0]["message"]


async def test_wrong_password_is_unauthenticated(client: GraphQLClient) -> None:
    account = await client.register()
    assert await client.error_code(LOGIN, {"e": account.email, "p": "wrong password"}) == "UNAUTHENTICATED"
    assert await client.error_code(LOGIN, {"e": "nobody@example.com", "p": "whatever1"}) == "UNAUTHENTICATED"


async def test_protected_operations_need_a_token(client: GraphQLClient) -> None:
    assert await client.error_code("{ apiTokens { id } }") == "UNAUTHENTICATED"
    assert await client.error_code("{ sessions { totalCount } }") == "UNAUTHENTICATED"
    assert await client.error_code('{ session(id: "x") { id } }') == "UNAUTHENTICATED"


async def test_api_token_secret_is_shown_once_and_stored_hashed(client: GraphQLClient) -> None:
    account = await client.register()
    created = (
        await client.data(CREATE_TOKEN, {"n": "coach dashboard", "s": ["REPORTS_READ"]}, account.token)
    )["createApiToken"]
    secret = created["token"]
    assert created["apiToken"]["scopes"] == ["REPORTS_READ"]
    assert created["apiToken"]["lastUsedAt"] is None
    stored = await ApiToken.select().where(ApiToken.id == created["apiToken"]["id"]).first()
    assert stored is not None and secret not in str(stored) and len(stored["token_hash"]) == 64
    listed = (await client.data("{ apiTokens { id name lastUsedAt } }", token=account.token))["apiTokens"]
    assert [t["id"] for t in listed] == [created["apiToken"]["id"]]
    assert "token" not in listed[0]
    # using it records lastUsedAt
    me = (await client.data(ME, token=secret))["me"]
    assert me["id"] == account.user_id
    listed = (await client.data("{ apiTokens { lastUsedAt } }", token=account.token))["apiTokens"]
    assert listed[0]["lastUsedAt"] is not None


async def test_scopes_are_enforced(client: GraphQLClient) -> None:
    account = await client.register()
    reader = (await client.data(CREATE_TOKEN, {"n": "reader", "s": ["REPORTS_READ"]}, account.token))[
        "createApiToken"
    ]["token"]
    runner = (await client.data(CREATE_TOKEN, {"n": "runner", "s": ["INTERVIEW"]}, account.token))[
        "createApiToken"
    ]["token"]
    session = await start_interview(client, account)
    # a REPORTS_READ token reads but cannot mutate
    assert (await client.data("{ sessions { totalCount } }", token=reader))["sessions"]["totalCount"] == 1
    pause = "mutation($id: ID!) { pauseInterview(sessionId: $id) { status } }"
    assert await client.error_code(pause, {"id": session["id"]}, reader) == "FORBIDDEN"
    # an INTERVIEW token runs interviews and reads its user's data
    assert (await client.data(pause, {"id": session["id"]}, runner))["pauseInterview"]["status"] == "PAUSED"
    assert (await client.data("{ sessions { totalCount } }", token=runner))["sessions"]["totalCount"] == 1
    # only a login token manages API tokens
    assert await client.error_code(CREATE_TOKEN, {"n": "x", "s": ["INTERVIEW"]}, runner) == "FORBIDDEN"
    assert await client.error_code("{ apiTokens { id } }", token=reader) == "FORBIDDEN"


async def test_revoked_token_stops_working(client: GraphQLClient) -> None:
    account = await client.register()
    created = (await client.data(CREATE_TOKEN, {"n": "temp", "s": ["INTERVIEW"]}, account.token))[
        "createApiToken"
    ]
    revoke = "mutation($id: ID!) { revokeApiToken(id: $id) }"
    assert (await client.data(revoke, {"id": created["apiToken"]["id"]}, account.token))[
        "revokeApiToken"
    ] is True
    assert (await client.data(ME, token=created["token"]))["me"] is None
    assert await client.error_code("{ sessions { totalCount } }", token=created["token"]) == "UNAUTHENTICATED"
    assert await client.error_code(revoke, {"id": created["apiToken"]["id"]}, account.token) == "NOT_FOUND"


async def test_cannot_revoke_another_users_token(client: GraphQLClient) -> None:
    alice, bob = await client.register("Alice"), await client.register("Bob")
    created = (await client.data(CREATE_TOKEN, {"n": "alice's", "s": ["INTERVIEW"]}, alice.token))[
        "createApiToken"
    ]
    revoke = "mutation($id: ID!) { revokeApiToken(id: $id) }"
    assert await client.error_code(revoke, {"id": created["apiToken"]["id"]}, bob.token) == "NOT_FOUND"
    assert (await client.data(ME, token=created["token"]))["me"]["id"] == alice.user_id


async def test_duplicate_email_is_refused_by_the_database_too(client: GraphQLClient) -> None:
    account = await client.register()
    try:
        await User(email=account.email, display_name="dup", password_hash="x").save()
    except asyncpg.UniqueViolationError:
        return
    raise AssertionError("users.email must be unique")
