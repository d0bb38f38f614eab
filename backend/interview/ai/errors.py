"""Provider failures, translated at each vendor's boundary so vendor exceptions never leak."""

from __future__ import annotations


class ProviderError(Exception):
    """A call to an AI provider failed."""

    retryable = False

    def __init__(self, provider: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.retry_after = retry_after
        """Seconds the provider asked us to wait (Retry-After), when it said."""


class ProviderTimeout(ProviderError):
    """The provider did not answer in time."""

    retryable = True


class ProviderRateLimited(ProviderError):
    """The provider answered 429."""

    retryable = True


class ProviderUnavailable(ProviderError):
    """The provider answered 5xx, refused the connection, or its circuit is open."""

    retryable = True


class ProviderBadResponse(ProviderError):
    """The provider answered something we cannot use (malformed JSON, wrong shape)."""


def retry_after_seconds(headers: object) -> float | None:
    """Retry-After (or retry-after-ms) in seconds, when the provider sent a number."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = get(header)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            continue
    return None
