"""Accounts: registration, login, sign-out, password changes, token authentication and API tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from interview.accounts.password_policy import is_common_password
from interview.accounts.passwords import hash_password, needs_rehash, verify_password
from interview.accounts.principal import Principal, Scope
from interview.accounts.tokens import (
    API_TOKEN_PREFIX,
    hash_token,
    issue_login_token,
    login_expiry,
    new_api_token,
    read_login_token,
)
from interview.db.rows import fetch_rows
from interview.db.tables import ApiToken, LoginSession, User
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


async def _check_new_password(password: str, field: str = "password") -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise BadUserInput(
            f"Password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.", field=field
        )
    if await is_common_password(password):
        raise BadUserInput(
            "This password is one of the most common ones and is guessed first; choose another.",
            field=field,
        )


async def _sign_in(user_id: UUID, secret_key: str, ttl: int) -> str:
    """A new login session and its token."""
    expires_at = login_expiry(ttl)
    session = LoginSession(user=user_id, expires_at=expires_at)
    await session.save()
    # Expired sign-ins are of no use to anyone: each new one clears its user's.
    await LoginSession.delete().where(
        (LoginSession.user == user_id) & (LoginSession.expires_at < datetime.now(UTC))
    )
    return issue_login_token(user_id, session.id, secret_key, expires_at)


async def register(email: str, password: str, display_name: str, secret_key: str, ttl: int) -> AuthResult:
    """A new account, signed in.

    The contract answers CONFLICT for an email that has an account; the answer takes as long as
    a success (the password is hashed either way) and the caller is throttled per IP like a
    failed login, so registering is no faster a way to list accounts than signing in.
    """
    email = _normalise_email(email)
    display_name = display_name.strip()
    if not 1 <= len(display_name) <= 100:
        raise BadUserInput("Display name must be 1 to 100 characters.", field="displayName")
    await _check_new_password(password)
    user = User(email=email, display_name=display_name, password_hash=await hash_password(password))
    try:
        await user.save()
    except asyncpg.UniqueViolationError:
        raise Conflict("An account with this email already exists; sign in instead.", field="email") from None
    row = await User.select().where(User.id == user.id).first()
    assert row is not None
    return AuthResult(token=await _sign_in(user.id, secret_key, ttl), user=row)


WRONG_CREDENTIALS = "Email or password is wrong."


async def login(email: str, password: str, secret_key: str, ttl: int) -> AuthResult:
    """Signs in; an unknown email costs the same verification (of a dummy hash) and gets the same
    message as a wrong password, so neither the time nor the answer tells them apart."""
    row = await User.select().where(User.email == email.strip().lower()).first()
    if not await verify_password(row["password_hash"] if row else None, password) or row is None:
        raise Unauthenticated(WRONG_CREDENTIALS)
    if needs_rehash(row["password_hash"]):
        await User.update({User.password_hash: await hash_password(password)}).where(User.id == row["id"])
    return AuthResult(token=await _sign_in(row["id"], secret_key, ttl), user=row)


async def sign_out(principal: Principal, everywhere: bool) -> None:
    """Revokes the calling login token's session; with `everywhere`, every login session of its user."""
    principal.require_login()
    now = datetime.now(UTC)
    if everywhere:
        await revoke_login_sessions(principal.user_id)
    else:
        await LoginSession.update({LoginSession.revoked_at: now}).where(
            (LoginSession.id == principal.login_session_id) & LoginSession.revoked_at.is_null()
        )


async def revoke_login_sessions(user_id: UUID, keep: UUID | None = None) -> None:
    """Revokes every login session of the user except `keep` (deleting the account needs no call:
    its sessions go with it)."""
    condition = (LoginSession.user == user_id) & LoginSession.revoked_at.is_null()
    if keep is not None:
        condition = condition & (LoginSession.id != keep)
    await LoginSession.update({LoginSession.revoked_at: datetime.now(UTC)}).where(condition)


async def check_password(user_id: UUID, password: str, field: str = "currentPassword") -> None:
    """BAD_USER_INPUT unless `password` is the user's (for changing the password, deleting the account)."""
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    if row is None or not await verify_password(row["password_hash"], password):
        raise BadUserInput("The current password is wrong.", field=field)


async def change_password(
    principal: Principal, current_password: str, new_password: str, secret_key: str, ttl: int
) -> AuthResult:
    """Sets a new password and revokes every login session of the user, the caller's included;
    the caller gets a fresh token (API tokens are not login sessions and stay)."""
    principal.require_login()
    await check_password(principal.user_id, current_password)
    await _check_new_password(new_password, field="newPassword")
    await User.update({User.password_hash: await hash_password(new_password)}).where(
        User.id == principal.user_id
    )
    await revoke_login_sessions(principal.user_id)
    row = await User.select().where(User.id == principal.user_id).first()
    assert row is not None
    return AuthResult(token=await _sign_in(principal.user_id, secret_key, ttl), user=row)


_LIVE_SESSION_SQL = (
    'SELECT EXISTS (SELECT 1 FROM login_sessions WHERE id = $1 AND "user" = $2'
    " AND revoked_at IS NULL AND expires_at > now()) AS found"
)
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
    claims = read_login_token(token, secret_key)
    if claims is None:
        return None
    found = await fetch_rows(LoginSession, _LIVE_SESSION_SQL, claims.login_session_id, claims.user_id)
    if not found[0]["found"]:
        return None
    return Principal(
        user_id=claims.user_id, scopes=frozenset(Scope), login_session_id=claims.login_session_id
    )


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
