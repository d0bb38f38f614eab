from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from interview.graphql.enums import TokenScope


@strawberry.type
class User:
    id: strawberry.ID
    email: str
    display_name: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(
            id=strawberry.ID(str(row["id"])),
            email=row["email"],
            display_name=row["display_name"],
            created_at=row["created_at"],
        )


@strawberry.type
class AuthPayload:
    token: str
    user: User


@strawberry.type
class ApiToken:
    id: strawberry.ID
    name: str
    scopes: list[TokenScope]
    created_at: datetime
    last_used_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ApiToken:
        return cls(
            id=strawberry.ID(str(row["id"])),
            name=row["name"],
            scopes=[TokenScope(s) for s in row["scopes"]],
            created_at=row["created_at"],
            last_used_at=row["last_used_at"],
        )


@strawberry.type
class NewApiToken:
    api_token: ApiToken
    token: str = strawberry.field(description="The secret, shown once.")
