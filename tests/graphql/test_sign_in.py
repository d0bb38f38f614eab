"""Signing out, changing the password, login throttling and the password policy (issue 16)."""

from __future__ import annotations

import dataclasses
import hashlib
import statistics
import time
import uuid
from contextlib import AbstractAsyncContextManager

from interview.accounts import service
from interview.app import create_app
from interview.db.tables import CommonPassword, LoginSession
from interview.services import Services

from tests.graphql_client import Account, GraphQLClient
from tests.imports import loaded_after

ME = "{ me { id } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
SIGN_OUT = "mutation($all: Boolean!) { signOut(everywhere: $all) }"
CHANGE = """mutation($c: String!, $n: String!) {
  changePassword(currentPassword: $c, newPassword: $n) { token user { id } } }"""
REGISTER = """mutation($e: String!, $p: String!, $n: String!) {
  register(email: $e, password: $p, displayName: $n) { token } }"""
PASSWORD = "correct horse battery"


async def _login(client: GraphQLClient, account: Account, password: str = PASSWORD) -> str:
    token: str = (await client.data(LOGIN, {"e": account.email, "p": password}))["login"]["token"]
    return token


async def _signed_in(client: GraphQLClient, token: str) -> bool:
    return (await client.data(ME, token=token))["me"] is not None


async def test_sign_out_revokes_only_the_calling_token(client: GraphQLClient) -> None:
    account = await client.register()
    other = await _login(client, account)
    assert (await client.data(SIGN_OUT, {"all": False}, account.token))["signOut"] is True
    assert not await _signed_in(client, account.token)
    assert await client.error_code(SIGN_OUT, {"all": False}, account.token) == "UNAUTHENTICATED"
    assert await _signed_in(client, other)


async def test_sign_out_everywhere_revokes_every_login_token(client: GraphQLClient) -> None:
    account = await client.register()
    others = [await _login(client, account) for _ in range(2)]
    api = await client.data(
        'mutation { createApiToken(name: "dash", scopes: [REPORTS_READ]) { token } }', token=account.token
    )
    await client.data(SIGN_OUT, {"all": True}, others[0])
    for token in (account.token, *others):
        assert not await _signed_in(client, token)
    assert await _signed_in(client, api["createApiToken"]["token"])  # API tokens are revoked one by one
    assert await _signed_in(client, await _login(client, account))  # signing in again works


async def test_api_tokens_cannot_sign_out(client: GraphQLClient) -> None:
    account = await client.register()
    api = await client.data(
        'mutation { createApiToken(name: "dash", scopes: [INTERVIEW]) { token } }', token=account.token
    )
    assert await client.error_code(SIGN_OUT, {"all": True}, api["createApiToken"]["token"]) == "FORBIDDEN"


async def test_change_password_revokes_other_tokens_and_returns_a_fresh_one(client: GraphQLClient) -> None:
    account = await client.register()
    other = await _login(client, account)
    wrong = await client.execute(CHANGE, {"c": "not my password", "n": "a brand new secret"}, account.token)
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await _signed_in(client, other)  # nothing changed
    common = await client.execute(CHANGE, {"c": PASSWORD, "n": "password123"}, account.token)
    assert common["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    changed = (await client.data(CHANGE, {"c": PASSWORD, "n": "a brand new secret"}, account.token))[
        "changePassword"
    ]
    assert changed["user"]["id"] == account.user_id
    assert await _signed_in(client, changed["token"])
    assert not await _signed_in(client, other) and not await _signed_in(client, account.token)
    assert await client.error_code(LOGIN, {"e": account.email, "p": PASSWORD}) == "UNAUTHENTICATED"
    assert await _signed_in(client, await _login(client, account, "a brand new secret"))


async def test_a_token_of_a_deleted_login_session_is_refused(client: GraphQLClient) -> None:
    """Tokens name their login session: no row (or a revoked one), no access."""
    account = await client.register()
    await LoginSession.delete().where(LoginSession.user == uuid.UUID(account.user_id))
    assert not await _signed_in(client, account.token)


async def test_the_most_common_passwords_are_refused(client: GraphQLClient) -> None:
    for password in ("password1", "Qwertyuiop", "iloveyou"):
        body = await client.execute(
            REGISTER, {"e": f"{uuid.uuid4().hex}@example.com", "p": password, "n": "X"}
        )
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", password
        assert "common" in body["errors"][0]["message"]


async def test_the_list_of_common_passwords_is_in_the_database_not_in_each_api_process() -> None:
    assert await CommonPassword.count() > 29_000  # zxcvbn's 30,000, lower-cased and deduplicated
    assert await CommonPassword.exists().where(CommonPassword.password == "qwertyuiop")
    # Importing zxcvbn's lists costs a process 12.5 MB; serving needs none of them.
    assert loaded_after("interview.app, interview.accounts.service", ("zxcvbn.frequency_lists",)) == []


def _throttled_client(services: Services, **update: object) -> AbstractAsyncContextManager[GraphQLClient]:
    settings = services.settings.model_copy(update=update)
    return GraphQLClient.open(create_app(settings, services=dataclasses.replace(services, settings=settings)))


async def test_failed_logins_of_one_account_are_throttled(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    async with _throttled_client(services, login_failures_per_account=3) as throttled:
        for _ in range(2):
            assert (
                await throttled.error_code(LOGIN, {"e": account.email, "p": "wrong pw!"}) == "UNAUTHENTICATED"
            )
        # the third failure starts the wait, and then even the right password waits
        assert await throttled.error_code(LOGIN, {"e": account.email, "p": "wrong pw!"}) == "UNAUTHENTICATED"
        body = await throttled.execute(LOGIN, {"e": account.email.upper(), "p": PASSWORD})
        error = body["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED" and error["extensions"]["retryAfter"] >= 1
        # another account is not affected
        other = await client.register()
        assert await throttled.data(LOGIN, {"e": other.email, "p": PASSWORD})


async def test_failed_logins_from_one_ip_are_throttled(client: GraphQLClient, services: Services) -> None:
    first, second = await client.register(), await client.register()
    async with _throttled_client(
        services, login_failures_per_account=0, login_failures_per_ip=2
    ) as throttled:
        # the suite's other tests share this IP in Redis: start from a clean count
        await throttled_forget(services, "login:ip:127.0.0.1")
        assert await throttled.error_code(LOGIN, {"e": first.email, "p": "wrong pw!"}) == "UNAUTHENTICATED"
        assert await throttled.error_code(LOGIN, {"e": second.email, "p": "wrong pw!"}) == "UNAUTHENTICATED"
        assert await throttled.error_code(LOGIN, {"e": second.email, "p": PASSWORD}) == "RATE_LIMITED"
        # registering an email that exists counts against the IP too
        assert (
            await throttled.error_code(REGISTER, {"e": first.email, "p": PASSWORD, "n": "Y"})
            == "RATE_LIMITED"
        )
        await throttled_forget(services, "login:ip:127.0.0.1")


async def throttled_forget(services: Services, key: str) -> None:
    from redis.asyncio import Redis

    assert services.settings.redis_url
    redis = Redis.from_url(services.settings.redis_url)
    try:
        await redis.delete(key, key + ":hold")
    finally:
        await redis.aclose()


async def test_unknown_and_known_emails_look_the_same(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    settings = services.settings
    known = await client.execute(LOGIN, {"e": account.email, "p": "wrong password"})
    unknown = await client.execute(
        LOGIN, {"e": f"nobody.{uuid.uuid4().hex}@example.com", "p": "wrong password"}
    )
    assert known["errors"][0]["message"] == unknown["errors"][0]["message"]

    async def duration(email: str) -> float:
        started = time.perf_counter()
        try:
            await service.login(email, "wrong password", settings.resolved_secret_key(), 60)
        except Exception:
            pass
        return time.perf_counter() - started

    known_times = [await duration(account.email) for _ in range(5)]
    unknown_times = [await duration(f"{hashlib.md5(str(i).encode()).hexdigest()}@x.co") for i in range(5)]
    # an unknown email verifies a dummy hash: about the same time, not a tenth of it
    assert statistics.median(unknown_times) > 0.5 * statistics.median(known_times)
