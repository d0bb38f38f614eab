"""Accounts: me, register, login and API tokens."""

from __future__ import annotations

import strawberry

from interview.accounts import service
from interview.accounts.principal import Scope
from interview.graphql.accounts.types import ApiToken, AuthPayload, NewApiToken, User
from interview.graphql.context import Info
from interview.graphql.enums import TokenScope
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
        result = await service.register(
            email, password, display_name, settings.resolved_secret_key(), settings.login_token_ttl_seconds
        )
        return AuthPayload(token=result.token, user=User.from_row(result.user))

    @strawberry.mutation
    async def login(self, info: Info, email: str, password: str) -> AuthPayload:
        settings = info.context.services.settings
        result = await service.login(
            email, password, settings.resolved_secret_key(), settings.login_token_ttl_seconds
        )
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
        return True
