"""The per-request (or per-websocket) context every resolver receives."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from interview.accounts.principal import Principal, Scope
from interview.errors import Unauthenticated
from interview.graphql.loaders import Loaders
from interview.services import Services


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    services: Services
    principal: Principal | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    loaders: Loaders = field(default_factory=Loaders)
    connection_params: dict[str, Any] | None = None
    anonymous_candidate: bool = False
    """Set when a report is read through its share link: the candidate's name is not shown."""
    shared_sessions: dict[UUID, str] = field(default_factory=dict)
    """Sessions reached through a share link in this request, with the link's token: media URLs
    of their objects are scoped to that link (interview.graphql.media)."""

    def user(self, scope: Scope = Scope.REPORTS_READ) -> Principal:
        """The caller, who must be signed in and hold `scope`; the one gate of every protected resolver."""
        if self.principal is None:
            raise Unauthenticated("Sign in first: send 'Authorization: Bearer <token>'.")
        self.principal.require(scope)
        return self.principal


Info = StrawberryInfo[Context, None]
