"""Revoked tokens stop working at once, on websockets already open with them too.

Every operation a websocket sends re-checks the socket's token; and whoever revokes a token (sign
out, password change, API token revocation) publishes the user's id on one broker channel, so
every process re-checks the open sockets of that user straight away and closes those whose token
no longer authenticates with 4403, the contract's code for a bad token.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import structlog
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from interview.accounts.principal import Principal
from interview.events.bus import Broker, BrokerError

log = structlog.get_logger("interview.revocations")

REVOCATIONS_CHANNEL = "interview:revocations"
FORBIDDEN = 4403
RESUBSCRIBE_DELAY_SECONDS = 1.0

Authenticate = Callable[[Any], Awaitable[Principal | None]]
"""The principal of a websocket's context now (None when its token was revoked)."""


class OpenSockets:
    """The open graphql-transport-ws handlers of this process, by user."""

    def __init__(self) -> None:
        self._by_user: dict[UUID, set[RecheckingTransportWS]] = {}

    def add(self, user_id: UUID, handler: RecheckingTransportWS) -> None:
        self._by_user.setdefault(user_id, set()).add(handler)

    def discard(self, user_id: UUID, handler: RecheckingTransportWS) -> None:
        handlers = self._by_user.get(user_id)
        if handlers is not None:
            handlers.discard(handler)
            if not handlers:
                del self._by_user[user_id]

    async def recheck(self, user_id: UUID) -> None:
        for handler in list(self._by_user.get(user_id, ())):
            await handler.recheck()


async def publish_revocation(broker: Broker, user_id: UUID) -> None:
    """Tell every process that a token of `user_id` was revoked (best effort: each websocket
    operation re-checks its token anyway)."""
    try:
        await broker.publish(REVOCATIONS_CHANNEL, {"userId": str(user_id)})
    except BrokerError as exc:
        log.warning("revocation not broadcast", user_id=str(user_id), error=str(exc))


async def listen_for_revocations(broker: Broker, sockets: OpenSockets) -> None:
    """Runs for the process's lifetime: re-checks the sockets of each user named on the channel."""
    while True:
        try:
            async with broker.subscription(REVOCATIONS_CHANNEL) as subscription:
                async for message in subscription:
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        await sockets.recheck(UUID(message["userId"]))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a broker outage: listen again once it may be back
            log.warning("revocations channel interrupted", error=str(exc))
        await asyncio.sleep(RESUBSCRIBE_DELAY_SECONDS)


class RecheckingTransportWS(BaseGraphQLTransportWSHandler[Any, None]):
    """graphql-transport-ws whose token is checked again before each operation and on revocations."""

    sockets: OpenSockets | None = None
    authenticate: Authenticate | None = None
    """Set on a subclass by the app (see `handler_class`)."""

    _registered: UUID | None = None

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        principal = getattr(self.context, "principal", None)
        if self.connection_acknowledged and principal is not None and self.sockets is not None:
            self._registered = principal.user_id
            self.sockets.add(principal.user_id, self)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not await self._still_valid():
            await self._close_revoked()
            return
        await super().handle_subscribe(message)

    async def recheck(self) -> None:
        if not await self._still_valid():
            await self._close_revoked()

    async def _still_valid(self) -> bool:
        if self.authenticate is None:
            return True
        principal = await self.authenticate(self.context)
        return principal is not None

    async def _close_revoked(self) -> None:
        self._unregister()
        with contextlib.suppress(Exception):  # already closing
            await self.websocket.close(code=FORBIDDEN, reason="Forbidden: the token was revoked")

    def _unregister(self) -> None:
        if self._registered is not None and self.sockets is not None:
            self.sockets.discard(self._registered, self)
            self._registered = None

    async def shutdown(self) -> None:
        self._unregister()
        await super().shutdown()


def handler_class(
    sockets: OpenSockets,
    authenticate: Authenticate,
    base: type[RecheckingTransportWS] = RecheckingTransportWS,
) -> type[RecheckingTransportWS]:
    """The handler class for one app: its registry of sockets and its way of authenticating."""
    return type(
        "InterviewTransportWS",
        (base,),
        {"sockets": sockets, "authenticate": staticmethod(authenticate)},
    )
