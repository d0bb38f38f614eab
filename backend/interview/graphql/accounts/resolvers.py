"""Accounts: me, register, login, sign-out, password changes and API tokens."""

from __future__ import annotations

import strawberry

from interview.accounts import service
from interview.accounts.principal import Scope
from interview.errors import BadUserInput, Conflict, Unauthenticated
from interview.graphql.accounts.revocations import publish_revocation
from interview.graphql.accounts.types import ApiToken, AuthPayload, NewApiToken, User
from interview.graphql.context import Info
from interview.graphql.decorators import described_mutation
from interview.graphql.enums import TokenScope
from interview.graphql.rate_limit import client_ip, login_throttle_of
from interview.interviews.lifecycle import parse_id


@strawberry.type
class AccountQuery:
    @strawberry.field
    async def me(self, info: Info) -> User | None:
        principal = info.context.principal
        if principal is None:
            return None
        row = await info.context.loaders.user.load(principal.user_id)
        return User.from_row(row) if row else None

    @strawberry.field
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        principal = info.context.user()
        principal.require_login()
        return [ApiToken.from_row(row) for row in await service.list_api_tokens(principal.user_id)]


@strawberry.type
class AccountMutation:
    @strawberry.mutation
    async def register(self, info: Info, email: str, password: str, display_name: str) -> AuthPayload:
        settings = info.context.services.settings
        throttle, ip = login_throttle_of(info.context), client_ip(info.context)
        if throttle is not None:  # an email that exists counts like a failed login of this IP
            await throttle.check(None, ip)
        try:
            result = await service.register(
                email,
                password,
                display_name,
                settings.resolved_secret_key(),
                settings.login_token_ttl_seconds,
            )
        except Conflict:
            if throttle is not None:
                await throttle.failed(None, ip)
            raise
        return AuthPayload(token=result.token, user=User.from_row(result.user))

    @strawberry.mutation
    async def login(self, info: Info, email: str, password: str) -> AuthPayload:
        settings = info.context.services.settings
        throttle, ip = login_throttle_of(info.context), client_ip(info.context)
        if throttle is not None:
            await throttle.check(email, ip)
        try:
            result = await service.login(
                email, password, settings.resolved_secret_key(), settings.login_token_ttl_seconds
            )
        except Unauthenticated:
            if throttle is not None:
                await throttle.failed(email, ip)
            raise
        if throttle is not None:
            await throttle.succeeded(email)
        return AuthPayload(token=result.token, user=User.from_row(result.user))

    @described_mutation(
        "Revokes the calling login token; with everywhere = true, every login token of the user."
    )
    async def sign_out(self, info: Info, everywhere: bool = False) -> bool:
        principal = info.context.user()
        await service.sign_out(principal, everywhere)
        await publish_revocation(info.context.services.broker, principal.user_id)
        return True

    @described_mutation(
        "Changes the password and revokes every other login token; returns a fresh one. "
        "A wrong current password is BAD_USER_INPUT."
    )
    async def change_password(self, info: Info, current_password: str, new_password: str) -> AuthPayload:
        principal = info.context.user()
        principal.require_login()
        settings = info.context.services.settings
        throttle, ip = login_throttle_of(info.context), client_ip(info.context)
        account = f"user:{principal.user_id}"  # a stolen token must not guess the password quickly
        if throttle is not None:
            await throttle.check(account, ip)
        try:
            result = await service.change_password(
                principal,
                current_password,
                new_password,
                settings.resolved_secret_key(),
                settings.login_token_ttl_seconds,
            )
        except BadUserInput as error:
            if throttle is not None and error.extensions.get("field") == "currentPassword":
                await throttle.failed(account, ip)
            raise
        await publish_revocation(info.context.services.broker, principal.user_id)
        return AuthPayload(token=result.token, user=User.from_row(result.user))

    @strawberry.mutation
    async def create_api_token(self, info: Info, name: str, scopes: list[TokenScope]) -> NewApiToken:
        principal = info.context.user()
        principal.require_login()
        row, secret = await service.create_api_token(
            principal.user_id, name, [Scope(s.value) for s in scopes]
        )
        return NewApiToken(api_token=ApiToken.from_row(row), token=secret)

    @strawberry.mutation
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> bool:
        principal = info.context.user()
        principal.require_login()
        await service.revoke_api_token(principal.user_id, parse_id(id, "API token"))
        await publish_revocation(info.context.services.broker, principal.user_id)
        return True
