"""One AsyncOpenAI client per role object, and the translation of its errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import openai
import pydantic

from interview.ai.errors import (
    ProviderBadResponse,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    retry_after_seconds,
)
from interview.settings import Settings

PROVIDER = "openai"


def make_client(settings: Settings) -> openai.AsyncOpenAI:
    """A client with no retries of its own: retries, backoff and fallback live in ai/fallback.py."""
    return openai.AsyncOpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.provider_timeout_seconds,
        max_retries=0,
    )


@contextmanager
def map_provider_errors(provider: str = PROVIDER) -> Iterator[None]:
    """Translate the SDK's exceptions into the ProviderError family at the boundary."""
    try:
        yield
    except (openai.APITimeoutError, httpx2.TimeoutException) as error:
        raise ProviderTimeout(provider, "did not answer in time") from error
    except (openai.APIConnectionError, httpx2.TransportError) as error:
        # A connection dropped mid-stream can surface as the transport's own error.
        raise ProviderUnavailable(provider, f"could not be reached: {error}") from error
    except openai.RateLimitError as error:
        wait = retry_after_seconds(error.response.headers)
        raise ProviderRateLimited(provider, "rate limited (429)", retry_after=wait) from error
    except openai.APIStatusError as error:
        status = error.status_code
        if status == 408:
            raise ProviderTimeout(provider, "request timed out (408)") from error
        if status >= 500:
            wait = retry_after_seconds(error.response.headers)
            raise ProviderUnavailable(provider, f"server error ({status})", retry_after=wait) from error
        raise ProviderError(provider, f"refused the request ({status}): {error.message}") from error
    except (openai.APIResponseValidationError, json.JSONDecodeError, pydantic.ValidationError) as error:
        raise ProviderBadResponse(provider, f"answered something unreadable: {error}") from error
    except openai.OpenAIError as error:
        raise ProviderBadResponse(provider, str(error)) from error


async def ping(settings: Settings) -> None:
    """Raise a ProviderError unless the API answers a cheap authenticated call (GET /v1/models)."""
    async with make_client(settings) as client:
        with map_provider_errors(PROVIDER):
            await client.models.list()
