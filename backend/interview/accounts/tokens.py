"""Bearer tokens: signed, expiring login tokens and random, hashed API tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

API_TOKEN_PREFIX = "ipt_"
_LOGIN_AUDIENCE = "interview-login"


@dataclass(frozen=True)
class LoginClaims:
    user_id: UUID
    login_session_id: UUID
    """The sign-in (`login_sessions` row) the token belongs to; revoking it revokes the token."""


def issue_login_token(user_id: UUID, login_session_id: UUID, secret_key: str, expires_at: datetime) -> str:
    claims = {
        "sub": str(user_id),
        "sid": str(login_session_id),
        "aud": _LOGIN_AUDIENCE,
        "iat": datetime.now(UTC),
        "exp": expires_at,
    }
    return jwt.encode(claims, secret_key, algorithm="HS256")


def login_expiry(ttl_seconds: int) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=ttl_seconds)


def read_login_token(token: str, secret_key: str) -> LoginClaims | None:
    """The claims of a validly signed, unexpired login token, else None (revocation is checked
    against the database by the caller)."""
    try:
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], audience=_LOGIN_AUDIENCE)
        return LoginClaims(user_id=UUID(claims["sub"]), login_session_id=UUID(claims["sid"]))
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None


def new_api_token() -> str:
    """A fresh API token secret; only its hash is stored."""
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_share_nonce() -> str:
    return secrets.token_hex(16)


def share_token_for(report_id: UUID | str, nonce: str, secret_key: str) -> str:
    """A report's share token: an HMAC of its id and nonce under the secret key (256 bits).

    Only its hash is stored; the owner's "share again" recomputes it from the nonce, and the
    nonce alone (a database dump) is worth nothing without the key."""
    digest = hmac.new(secret_key.encode(), f"share:{report_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    """sha256 is enough here: the secrets are 256-bit random, not guessable passwords."""
    return hashlib.sha256(token.encode()).hexdigest()
