"""The application's expected failures, each carrying a contract `extensions.code`.

This is the one place that knows the codes; the GraphQL layer lets these through unmasked
and masks everything else as INTERNAL.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An expected failure with a message a person can act on."""

    code = "INTERNAL"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code, **extensions}


class Unauthenticated(AppError):
    """No valid token was given."""

    code = "UNAUTHENTICATED"


class Forbidden(AppError):
    """The token lacks the scope for this operation."""

    code = "FORBIDDEN"


class NotFound(AppError):
    """Nothing the caller may see has this id or token."""

    code = "NOT_FOUND"


class BadUserInput(AppError):
    """An argument is invalid."""

    code = "BAD_USER_INPUT"


class InvalidAudio(AppError):
    """The upload is not audio we can decode."""

    code = "INVALID_AUDIO"


class PayloadTooLarge(AppError):
    """The upload is over the size limit."""

    code = "PAYLOAD_TOO_LARGE"


class Conflict(AppError):
    """The operation does not fit the current state."""

    code = "CONFLICT"


class RateLimited(AppError):
    """Too many requests; extensions.retryAfter says when to try again."""

    code = "RATE_LIMITED"


class ProviderUnavailable(AppError):
    """Every AI provider for a role failed."""

    code = "PROVIDER_UNAVAILABLE"


class EventsInterrupted(AppError):
    """A live subscription lost events (the broker's connection dropped, or the client fell far behind).

    INTERNAL, like any failure on our side, but expected: extensions.resubscribe tells the client
    to subscribe again, and a new subscription starts with the current state.
    """

    code = "INTERNAL"


class NotAvailableYet(AppError):
    """An operation of the contract that this build does not serve yet."""

    code = "INTERNAL"


CONTRACT_CODES = frozenset(
    {
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "NOT_FOUND",
        "BAD_USER_INPUT",
        "INVALID_AUDIO",
        "PAYLOAD_TOO_LARGE",
        "CONFLICT",
        "RATE_LIMITED",
        "PROVIDER_UNAVAILABLE",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "INTERNAL",
    }
)
