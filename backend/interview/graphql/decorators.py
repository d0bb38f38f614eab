"""Typed forms of Strawberry's decorators that take arguments (mypy sees those as untyped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def described_field(description: str) -> Callable[[F], F]:
    """`@strawberry.field(description=...)`, typed."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def described_mutation(description: str) -> Callable[[F], F]:
    """`@strawberry.mutation(description=...)`, typed."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))
