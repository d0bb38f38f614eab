"""Subscription events sent straight to websocket subscribers, rendered once per group of subscribers.

Through Strawberry, every websocket subscriber executed every event for itself: graphql-core's
per-event executor, the extensions' hooks, error masking, then the `next` message encoded; at
2,000 deliveries a second a process spent 0.3 ms of CPU on each. Here a subscription
(subscriptions.py) hands each event to its LiveRoute instead:

- Subscribers are grouped by what their result can depend on: the root field's selection as
  Strawberry resolved it (variables substituted, aliases, directives and fragments included; the
  root field's own arguments left out, since they only chose the session and the root resolver
  returns the event whatever they are) and the caller as resolvers see it (user, scopes, and the
  share links of the context). Every subscriber of a session is its owner, so keying on the caller
  costs no sharing in practice, and no authorisation decision is ever shared between two people.
- The first subscriber of a group to reach an event executes the group's selection on it once
  and encodes `{"data": ...}` once (RenderedEvents). Every subscriber of the group sends that text
  inside its own frame, `{"id":<its operation id>,"type":"next","payload":<the text>}`, with the
  websocket's `send_text`: the same JSON as Strawberry's `next` message.
- A result with errors is never shared: the subscriber yields the event to Strawberry as before,
  so the error is executed, masked, coded and logged by the usual path, for that subscriber only.

The websocket handler (LiveTransportWS) tells a subscription which operation it serves through a
context variable set in the operation's own task. Without one (`schema.subscribe` in tests,
another protocol) a subscription yields every event to Strawberry as before.
"""

from __future__ import annotations

import asyncio
import dataclasses
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, execute_subscription_event
from graphql.pyutils import AwaitableOrValue
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import Operation
from strawberry.types.nodes import SelectedField

from interview.graphql.accounts.revocations import RecheckingTransportWS
from interview.graphql.context import Context, Info
from interview.graphql.documents import parse_document
from interview.graphql.execution import FastFieldExecutor
from interview.graphql.live.event_templates import EventTemplate, event_template
from interview.graphql.text_frames import TextFrames, encode_text

SendText = Callable[[str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class LiveOperation:
    """A graphql-transport-ws operation in progress, as its subscription needs to know it."""

    frame_prefix: str
    """`{"id":<operation id>,"type":"next","payload":` (the payload and a closing brace follow)."""
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    send_text: SendText


LIVE_OPERATION: ContextVar[LiveOperation | None] = ContextVar("live_operation", default=None)
"""Set by LiveTransportWS in each operation's task; None elsewhere."""


def next_frame_prefix(operation_id: str) -> str:
    return f'{{"id":{encode_text(operation_id)},"type":"next","payload":'


class LiveTransportWS(RecheckingTransportWS):
    """graphql-transport-ws whose subscriptions may send their events' frames themselves."""

    async def run_operation(self, operation: Operation[Any, None]) -> None:
        websocket = self.websocket
        if isinstance(websocket, TextFrames):
            # The operation's own task: the variable is seen by its subscription and nowhere else.
            LIVE_OPERATION.set(
                LiveOperation(
                    next_frame_prefix(operation.id),
                    operation.query,
                    operation.variables,
                    operation.operation_name,
                    websocket.send_text,
                )
            )
        await super().run_operation(operation)


class SelectionGroup:
    """Subscribers whose results for an event cannot differ; one executor for all of them.

    A selection of plain attribute fields is rendered from a template per event class (see
    event_templates.EventTemplate): about 1 µs where graphql-core's execution of the same small selection
    takes about 45 µs. Any other selection, and any value the template does not pass as is, is
    executed by graphql-core.
    """

    __slots__ = ("__weakref__", "_executor", "_templates")

    def __init__(self, executor: FastFieldExecutor) -> None:
        self._executor = executor
        self._templates: dict[type, EventTemplate | None] = {}

    def execute(self, root: object, context: Context) -> AwaitableOrValue[ExecutionResult]:
        """The group's selection on `root`, with the context of the subscriber that renders it."""
        event_class = type(root)
        try:
            template = self._templates[event_class]
        except KeyError:
            template = self._templates[event_class] = event_template(self._executor, event_class)
        if template is not None and (data := template.render(root)) is not None:
            return ExecutionResult(data)
        executor = self._executor.build_per_event_executor(root)
        executor.context_value = context
        return execute_subscription_event(executor)


Payload = str | None
"""The `{"data": ...}` text of a result; None for a result with errors (not shared)."""


_Rendering = Payload | asyncio.Future[Payload]


def _payload(result: ExecutionResult) -> Payload:
    return None if result.errors else encode_text({"data": result.data})


async def _payload_later(result: Awaitable[ExecutionResult]) -> Payload:
    try:
        return _payload(await result)
    except Exception:  # the subscriber's usual path executes it again and reports the error
        return None


class RenderedEvents:
    """The payload text of recent events per selection group, each rendered by the first who needs it.

    An entry keeps its event and group, so their ids cannot be reused for others while cached. A
    rendering still running (fields loaded from the database) is shared as a future; a subscriber
    that leaves does not cancel it for the others.
    """

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[int, int], tuple[object, SelectionGroup, _Rendering]] = OrderedDict()
        self.rendered = 0
        """How many renderings ran (rather than were reused): for tests."""

    def payload_of(self, root: object, group: SelectionGroup, context: Context) -> _Rendering:
        key = (id(root), id(group))
        entry = self._entries.get(key)
        if entry is not None and entry[0] is root and entry[1] is group:
            return entry[2]
        self.rendered += 1
        result = group.execute(root, context)
        payload: _Rendering = (
            _payload(result)
            if isinstance(result, ExecutionResult)
            else asyncio.ensure_future(_payload_later(result))
        )
        self._entries[key] = (root, group, payload)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return payload


RENDERED = RenderedEvents()
"""One per process: the event loop is single-threaded, so no lock is needed."""

_GROUPS: weakref.WeakValueDictionary[Hashable, SelectionGroup] = weakref.WeakValueDictionary()
"""The groups with subscribers, by what their results depend on; a group dies with its last route."""


class LiveRoute:
    """One subscription's way to its client: its frame, its group, its context."""

    __slots__ = ("_context", "_group", "_prefix", "_send")

    def __init__(self, operation: LiveOperation, group: SelectionGroup, context: Context) -> None:
        self._prefix = operation.frame_prefix
        self._send = operation.send_text
        self._group = group
        self._context = context

    async def deliver(self, root: object) -> bool:
        """Send `root` rendered for this subscription's group; False if it must go the usual way."""
        payload = RENDERED.payload_of(root, self._group, self._context)
        if isinstance(payload, asyncio.Future):
            payload = await asyncio.shield(payload)
        if payload is None:
            return False
        try:
            await self._send(self._prefix + payload + "}")
        except WebSocketDisconnected:
            # The client left: the handler's shutdown cancels this subscription's task next.
            # Raised from here, it would be logged as an unexpected error of the subscription.
            pass
        return True


def _caller(context: Context) -> Hashable:
    """What resolvers may read about the caller (see graphql/media.py for the share links)."""
    principal = context.principal
    return (
        None if principal is None else (principal.user_id, principal.scopes, principal.is_login),
        context.anonymous_candidate,
        frozenset(context.shared_sessions.items()),
    )


def live_route(info: Info) -> LiveRoute | None:
    """The route of the subscription being resolved; None outside a graphql-transport-ws operation."""
    operation = LIVE_OPERATION.get()
    if operation is None:
        return None
    fields = info.selected_fields
    # Info caches them, and the subscription's Info lives as long as it: ~1.5 KB per subscriber.
    vars(info).pop("selected_fields", None)
    if len(fields) != 1 or not isinstance(fields[0], SelectedField):
        return None
    selection = repr(dataclasses.replace(fields[0], arguments={}))
    key = (selection, _caller(info.context))
    group = _GROUPS.get(key)
    if group is None:
        executor = FastFieldExecutor.build(
            info.schema._schema,  # Strawberry's graphql-core schema (it has no public name)
            parse_document(operation.query),
            raw_variable_values=operation.variables,
            operation_name=operation.operation_name,
        )
        if not isinstance(executor, FastFieldExecutor):  # variable errors: Strawberry refused it before
            return None
        group = _GROUPS[key] = SelectionGroup(executor)
    return LiveRoute(operation, group, info.context)
