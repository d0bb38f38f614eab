"""The contract's enums."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=Enum)


def by_value(enum: type[E]) -> Callable[[str], E]:
    """`enum(value)` as one dict lookup: rows of a dashboard page convert hundreds of stored values
    (Enum.__call__ costs ten times as much)."""
    return {member.value: member for member in enum}.__getitem__


@strawberry.enum
class InterviewType(Enum):
    TECHNICAL = "TECHNICAL"
    BEHAVIORAL = "BEHAVIORAL"
    SYSTEM_DESIGN = "SYSTEM_DESIGN"


@strawberry.enum
class Difficulty(Enum):
    EASY = "EASY"
    MEDIUM = "MEDIUM"
    HARD = "HARD"


@strawberry.enum
class SessionStatus(Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


@strawberry.enum
class Speaker(Enum):
    USER = "USER"
    AI = "AI"


@strawberry.enum
class QuestionType(Enum):
    TECHNICAL = "TECHNICAL"
    BEHAVIORAL = "BEHAVIORAL"
    FOLLOW_UP = "FOLLOW_UP"
    CLARIFICATION = "CLARIFICATION"


@strawberry.enum
class TokenScope(Enum):
    INTERVIEW = "INTERVIEW"
    REPORTS_READ = "REPORTS_READ"
