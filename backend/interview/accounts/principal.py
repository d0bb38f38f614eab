"""Who is calling, and what their token allows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from interview.errors import Forbidden


class Scope(StrEnum):
    INTERVIEW = "INTERVIEW"
    REPORTS_READ = "REPORTS_READ"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a login token (everything its user can) or a scoped API token."""

    user_id: UUID
    scopes: frozenset[Scope]
    api_token_id: UUID | None = None
    login_session_id: UUID | None = None
    """The sign-in a login token belongs to (what `signOut` revokes)."""

    @property
    def is_login(self) -> bool:
        return self.api_token_id is None

    def can(self, scope: Scope) -> bool:
        """Login tokens can do everything; INTERVIEW also reads its user's data."""
        if self.is_login or scope in self.scopes:
            return True
        return scope is Scope.REPORTS_READ and Scope.INTERVIEW in self.scopes

    def require(self, scope: Scope) -> None:
        if not self.can(scope):
            raise Forbidden(f"This token lacks the {scope.value} scope for this operation.")

    def require_login(self) -> None:
        if not self.is_login:
            raise Forbidden("API tokens are managed with a login token, not with an API token.")
