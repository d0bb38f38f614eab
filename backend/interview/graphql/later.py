"""Sync resolvers that answer at once from rows fetched beforehand, or later through a DataLoader."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar, cast

T = TypeVar("T")


def later(awaitable: Awaitable[T]) -> T:
    """An awaitable returned from a sync resolver, for graphql-core to await (typed as its value).

    A sync field that has its value costs no task; reached without the prefetched rows, the same
    field returns the DataLoader's awaitable, which graphql-core awaits like an async resolver's.
    """
    return cast(T, awaitable)
