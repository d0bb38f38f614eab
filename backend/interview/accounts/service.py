"""Accounts: registration, login, token authentication and API token management."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from interview.accounts.passwords import hash_password, needs_rehash, verify_password
from interview.accounts.principal import Principal, Scope
from interview.accounts.tokens import (
    API_TOKEN_PREFIX,
    hash_token,
    issue_login_token,
    new_api_token,
    read_login_token,
)
from interview.db.rows import fetch_rows
from interview.db.tables import ApiToken, User
from interview.errors import BadUserInput, Conflict, NotFound, Unauthenticated

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
LAST_USED_RESOLUTION = timedelta(seconds=30)
"""lastUsedAt is written at most this often per token, so a busy dashboard is not a write storm."""


@dataclass(frozen=True)
class AuthResult:
    token: str
    user: dict[str, Any]


def _normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise BadUserInput("Enter a valid email address, like name@example.com.", field="email")
    return email


async def register(email: str, password: str, display_name: str, secret_key: str, ttl: int) -> AuthResult:
    email = _normalise_email(email)
    display_name = display_name.strip()
    if not 1 <= len(display_name) <= 100:
        raise BadUserInput("Display name must be 1 to 100 characters.", field="displayName")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise BadUserInput(
            f"Password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.", field="password"
        )
    user = User(email=email, display_name=display_name, password_hash=hash_password(password))
    try:
        await user.save()
    except asyncpg.UniqueViolationError:
        raise Conflict("An account with this email already exists; sign in instead.", field="email") from None
    row = await User.select().where(User.id == user.id).first()
    assert row is not None
    return AuthResult(token=issue_login_token(user.id, secret_key, ttl), user=row)


async def login(email: str, password: str, secret_key: str, ttl: int) -> AuthResult:
    row = await User.select().where(User.email == email.strip().lower()).first()
    if row is None or not verify_password(row["password_hash"], password):
        raise Unauthenticated("Email or password is wrong.")
    if needs_rehash(row["password_hash"]):
        await User.update({User.password_hash: hash_password(password)}).where(User.id == row["id"])
    return AuthResult(token=issue_login_token(row["id"], secret_key, ttl), user=row)


_USER_EXISTS_SQL = "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS found"
"""Every request with a login token asks this: SQL written once (see interview/db/rows.py)."""


async def authenticate(token: str, secret_key: str) -> Principal | None:
    """The principal behind a bearer token, or None when the token is unknown, revoked or expired."""
    if token.startswith(API_TOKEN_PREFIX):
        row = (
            await ApiToken.select(ApiToken.id, ApiToken.user, ApiToken.scopes, ApiToken.last_used_at)
            .where((ApiToken.token_hash == hash_token(token)) & ApiToken.revoked_at.is_null())
            .first()
        )
        if row is None:
            return None
        now = datetime.now(UTC)
        if row["last_used_at"] is None or now - row["last_used_at"] > LAST_USED_RESOLUTION:
            await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
        return Principal(
            user_id=row["user"], scopes=frozenset(Scope(s) for s in row["scopes"]), api_token_id=row["id"]
        )
    user_id = read_login_token(token, secret_key)
    if user_id is None or not (await fetch_rows(User, _USER_EXISTS_SQL, user_id))[0]["found"]:
        return None
    return Principal(user_id=user_id, scopes=frozenset(Scope))


async def get_user(user_id: UUID) -> dict[str, Any] | None:
    return await User.select().where(User.id == user_id).first()


async def create_api_token(user_id: UUID, name: str, scopes: list[Scope]) -> tuple[dict[str, Any], str]:
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise BadUserInput("Token name must be 1 to 100 characters.", field="name")
    if not scopes:
        raise BadUserInput("Give the token at least one scope.", field="scopes")
    secret = new_api_token()
    token = ApiToken(
        user=user_id, name=name, token_hash=hash_token(secret), scopes=sorted({s.value for s in scopes})
    )
    await token.save()
    row = await ApiToken.select().where(ApiToken.id == token.id).first()
    assert row is not None
    return row, secret


async def revoke_api_token(user_id: UUID, token_id: UUID) -> None:
    revoked = (
        await ApiToken.update({ApiToken.revoked_at: datetime.now(UTC)})
        .where((ApiToken.id == token_id) & (ApiToken.user == user_id) & ApiToken.revoked_at.is_null())
        .returning(ApiToken.id)
    )
    if not revoked:
        raise NotFound("No such API token.")


async def list_api_tokens(user_id: UUID) -> list[dict[str, Any]]:
    return (
        await ApiToken.select()
        .where((ApiToken.user == user_id) & ApiToken.revoked_at.is_null())
        .order_by(ApiToken.created_at, ascending=False)
    )
