"""One execution of a subscription event for every local subscriber that would get the same result.

A broker hands the same message to every subscriber of a session in this process, and EventCache
(live/messages.py) turns it into one event object. graphql-core would still execute each
subscriber's selection on that object separately: 500 people watching one session meant 500
identical executions per event, and as many DataLoader queries for the nested fields. Here an
event's execution is shared by the subscribers whose results cannot differ: same event object, same
parsed document (the same query text gives the same document, see schema.DocumentCache), same
operation and variables, and the same caller (user and scopes, since resolvers may depend on who
asks). Results are read-only downstream: Strawberry copies them before masking errors.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cached_property
from inspect import isawaitable
from typing import Any, cast

from graphql import ExecutionResult
from graphql.execution import Executor
from graphql.pyutils import AwaitableOrValue

EventResult = AwaitableOrValue[ExecutionResult]


class SharedEventResults:
    """The results of recent event executions, keyed by what makes them identical.

    An entry keeps its event object, so the event's id cannot be reused for another while cached.
    An execution still running is shared as a task; each subscriber awaits it through a shield, so
    a subscriber that leaves does not cancel the others' result.
    """

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, tuple[object, ExecutionResult | asyncio.Future[Any]]] = (
            OrderedDict()
        )

    def get_or_run(self, event: object, key: Hashable, run: Callable[[], EventResult]) -> EventResult:
        entry = self._entries.get(key)
        if entry is not None and entry[0] is event:
            self._entries.move_to_end(key)
            return _shared(entry[1])
        result = run()
        stored: ExecutionResult | asyncio.Future[Any] = (
            asyncio.ensure_future(result) if isawaitable(result) else result
        )
        self._entries[key] = (event, stored)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return _shared(stored)


def _shared(result: ExecutionResult | asyncio.Future[Any]) -> EventResult:
    if isinstance(result, asyncio.Future):
        return asyncio.shield(result)
    return result


def _caller(context: Any) -> Hashable:
    principal = getattr(context, "principal", None)
    if principal is None:
        return None
    return (principal.user_id, principal.scopes)


def _variables(values: dict[str, Any]) -> str | None:
    try:
        return json.dumps(values, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None


class SharedEventExecution(Executor[Any]):
    """graphql-core's Executor whose per-event executions are shared (see the module's docstring)."""

    shared_results = SharedEventResults()
    """One per process: the event loop is single-threaded, so no lock is needed."""

    _event_key: Hashable | None = None
    """Set on the per-event copies only; the subscription's own executor runs as usual."""

    @cached_property
    def _subscription_identity(self) -> tuple[Hashable, ...] | None:
        """What, besides the event, makes two subscribers' results identical; None: never share.

        Worked out once per subscription (the per-event copies inherit it), not once per event.
        """
        variables = _variables(self.variable_values.coerced)
        if variables is None:
            return None
        return (id(self.operation), variables, _caller(self.context_value))

    def build_per_event_executor(self, payload: Any) -> Executor[Any]:
        executor = super().build_per_event_executor(payload)
        identity = self._subscription_identity
        if identity is not None and isinstance(executor, SharedEventExecution):
            executor._event_key = (id(payload), *identity)
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        key = self._event_key
        if key is None:
            return super().execute_operation(serially)

        def run() -> EventResult:
            # A subscription's event never defers or streams: its result is a plain ExecutionResult.
            return cast(EventResult, super(SharedEventExecution, self).execute_operation(serially))

        return self.shared_results.get_or_run(self.root_value, key, run)
