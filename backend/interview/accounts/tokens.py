"""Bearer tokens: signed, expiring login tokens and random, hashed API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

API_TOKEN_PREFIX = "ipt_"
_LOGIN_AUDIENCE = "interview-login"


def issue_login_token(user_id: UUID, secret_key: str, ttl_seconds: int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "aud": _LOGIN_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
    }
    return jwt.encode(claims, secret_key, algorithm="HS256")


def read_login_token(token: str, secret_key: str) -> UUID | None:
    """The user id of a valid, unexpired login token, else None."""
    try:
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], audience=_LOGIN_AUDIENCE)
        return UUID(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return None


def new_api_token() -> str:
    """A fresh API token secret; only its hash is stored."""
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """sha256 is enough here: the secrets are 256-bit random, not guessable passwords."""
    return hashlib.sha256(token.encode()).hexdigest()
