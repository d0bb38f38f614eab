"""Whole answers to dashboard queries, cached per caller, document and variables.

A dashboard pages through a user's reports again and again while nothing changes: executing the
same page again costs the server ~7 ms of CPU (bench/reports.py). A query whose root fields all
read reports (`reports`, `report`, `reportBySession`), asked by a signed-in caller, is answered
from this cache when the same caller (user, token kind and scopes) sent the same document with
the same variables and operation name before.

What keeps it true:
- every process drops a user's entries when the domain says that user's reports changed (a new
  report, a share link changed, an interview or the account deleted:
  interview.interviews.report_changes), on one broker channel;
- an entry expires after DASHBOARD_CACHE_SECONDS anyway (a percentile moves as peers finish, and
  the signed media URLs in an answer must be handed out fresh);
- only answers without errors are kept, and the rate limit and authentication still run first
  (a revoked token never reaches the cache: its caller is anonymous).

The hook is Strawberry's documented one: an extension that sets `execution_context.result` in
`on_execute` skips execution.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import structlog
from graphql import ExecutionResult, FieldNode, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension

from interview.events.bus import Broker
from interview.interviews.report_changes import REPORTS_CHANGED_CHANNEL

log = structlog.get_logger(__name__)

CACHED_ROOT_FIELDS = frozenset({"reports", "report", "reportBySession", "__typename"})
"""Root fields whose answers change only when the caller's reports do (or as time passes)."""
MAX_ENTRIES = 500
"""A page of 50 reports is ~40 KB: a full cache holds ~20 MB."""
MAX_ENTRIES_PER_USER = 20
"""One caller varying its variables only ever replaces its own answers."""
RESUBSCRIBE_DELAY_SECONDS = 1.0

Key = tuple[Any, ...]


class ResponseCache:
    """Answers by key, each with an expiry, indexed by user; the oldest go first when full."""

    def __init__(
        self,
        ttl_seconds: float,
        max_entries: int = MAX_ENTRIES,
        max_entries_per_user: int = MAX_ENTRIES_PER_USER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._max_entries = max_entries
        self._max_entries_per_user = max_entries_per_user
        self._clock = clock
        self._entries: OrderedDict[Key, tuple[float, ExecutionResult]] = OrderedDict()
        self._by_user: dict[UUID, dict[Key, None]] = {}
        """Each user's keys, oldest first."""
        self._changes = 0
        self._generations: dict[UUID, int] = {}
        """The change count at each user's last change: an answer executed across one is not kept."""
        self._epoch = 0
        """The change count when the generations were last forgotten (every user's floor)."""

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Key) -> ExecutionResult | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, result = entry
        if expires <= self._clock():
            self._forget(key)
            return None
        return result

    def generation(self, user_id: UUID) -> int:
        return self._generations.get(user_id, self._epoch)

    def put(self, user_id: UUID, key: Key, result: ExecutionResult, generation: int) -> None:
        """Keep `result`, unless the user's reports changed since `generation` was read."""
        if generation != self.generation(user_id):
            return
        self._forget(key)
        self._entries[key] = (self._clock() + self.ttl_seconds, result)
        keys = self._by_user.setdefault(user_id, {})
        keys[key] = None
        if len(keys) > self._max_entries_per_user:
            self._forget(next(iter(keys)))
        while len(self._entries) > self._max_entries:
            self._forget(next(iter(self._entries)))

    def clear_user(self, user_id: UUID) -> None:
        self._changes += 1
        self._generations[user_id] = self._changes
        if len(self._generations) > self._max_entries:
            self._forget_generations()
        for key in self._by_user.pop(user_id, {}):
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Drop everything (changes may have been missed while the broker was unreachable)."""
        self._changes += 1
        self._forget_generations()
        self._entries.clear()
        self._by_user.clear()

    def _forget_generations(self) -> None:
        """Every user's generation becomes the current change count: answers in flight are dropped."""
        self._generations.clear()
        self._epoch = self._changes

    def _forget(self, key: Key) -> None:
        if self._entries.pop(key, None) is not None:
            keys = self._by_user.get(key[0])
            if keys is not None:
                keys.pop(key, None)
                if not keys:
                    del self._by_user[key[0]]


def _cache_of(context: Any) -> ResponseCache | None:
    """The app's cache (create_app keeps it in app.state); none when executed outside the app."""
    scope = getattr(getattr(context, "request", None), "scope", None) or {}
    app = scope.get("app")
    return getattr(getattr(app, "state", None), "response_cache", None) if app is not None else None


def _reads_only_reports(operation: OperationDefinitionNode) -> bool:
    return operation.operation == OperationType.QUERY and all(
        isinstance(selection, FieldNode) and selection.name.value in CACHED_ROOT_FIELDS
        for selection in operation.selection_set.selections
    )


class DashboardResponseCache(SchemaExtension):
    """Answers a cacheable query from the app's ResponseCache, and keeps the answers it executes."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        cache = _cache_of(context.context)
        principal = getattr(context.context, "principal", None)
        operation = _operation(context.graphql_document, context.operation_name)
        if cache is None or principal is None or operation is None or not _reads_only_reports(operation):
            yield
            return
        key = (
            principal.user_id,
            principal.api_token_id is not None,
            tuple(sorted(principal.scopes)),
            context.query,
            json.dumps(context.variables or {}, sort_keys=True, default=str),
            context.operation_name,
        )
        cached = cache.get(key)
        if cached is not None:
            context.result = cached
            yield
            return
        generation = cache.generation(principal.user_id)
        yield
        result = context.result
        # A null root (a report not written yet) is not kept: it is about to change.
        if isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            if all(value is not None for value in result.data.values()):
                cache.put(principal.user_id, key, result, generation)


def _operation(document: Any, name: str | None) -> OperationDefinitionNode | None:
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name is not None and o.name.value == name), None)


async def listen_for_report_changes(broker: Broker, cache: ResponseCache) -> None:
    """Runs for the process's lifetime: drops the entries of each user named on the channel."""
    while True:
        try:
            async with broker.subscription(REPORTS_CHANGED_CHANNEL) as subscription:
                cache.clear()  # whatever changed while no one listened
                async for message in subscription:
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        cache.clear_user(UUID(message["userId"]))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a broker outage: listen again once it may be back
            log.warning("reports-changed channel interrupted", error=str(error))
        await asyncio.sleep(RESUBSCRIBE_DELAY_SECONDS)
