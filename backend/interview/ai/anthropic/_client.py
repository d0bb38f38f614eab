"""One AsyncAnthropic client per role object, the translation of its errors, structured calls."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anthropic
import httpx2
import pydantic

from interview.ai.errors import (
    ProviderBadResponse,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    retry_after_seconds,
)
from interview.ai.prompts.messages import Messages
from interview.settings import Settings

PROVIDER = "anthropic"
MAX_TOKENS = 8192
"""A cap, not a target: adaptive thinking tokens count toward it, and a cut-off JSON is useless."""


def make_client(settings: Settings) -> anthropic.AsyncAnthropic:
    """A client with no retries of its own: retries, backoff and fallback live in ai/fallback.py."""
    return anthropic.AsyncAnthropic(
        api_key=settings.anthropic_api_key,
        base_url=settings.anthropic_base_url,
        timeout=settings.provider_timeout_seconds,
        max_retries=0,
    )


@contextmanager
def map_provider_errors(provider: str = PROVIDER) -> Iterator[None]:
    """Translate the SDK's exceptions into the ProviderError family at the boundary."""
    try:
        yield
    except (anthropic.APITimeoutError, httpx2.TimeoutException) as error:
        raise ProviderTimeout(provider, "did not answer in time") from error
    except (anthropic.APIConnectionError, httpx2.TransportError) as error:
        # A connection dropped mid-stream can surface as the transport's own error.
        raise ProviderUnavailable(provider, f"could not be reached: {error}") from error
    except anthropic.RateLimitError as error:
        wait = retry_after_seconds(error.response.headers)
        raise ProviderRateLimited(provider, "rate limited (429)", retry_after=wait) from error
    except anthropic.APIStatusError as error:
        status = error.status_code
        if status == 408:
            raise ProviderTimeout(provider, "request timed out (408)") from error
        if status >= 500:  # 529 overloaded included
            wait = retry_after_seconds(error.response.headers)
            raise ProviderUnavailable(provider, f"server error ({status})", retry_after=wait) from error
        raise ProviderError(provider, f"refused the request ({status}): {error.message}") from error
    except (anthropic.APIResponseValidationError, json.JSONDecodeError, pydantic.ValidationError) as error:
        raise ProviderBadResponse(provider, f"answered something unreadable: {error}") from error
    except anthropic.AnthropicError as error:
        raise ProviderBadResponse(provider, str(error)) from error


async def structured_message(
    client: anthropic.AsyncAnthropic, model: str, messages: Messages, schema: dict[str, Any]
) -> str:
    """The JSON text of a reply constrained by `output_config.format` (structured outputs)."""
    reply = await client.messages.create(
        model=model,
        max_tokens=MAX_TOKENS,
        system=messages.system,
        messages=[{"role": "user", "content": messages.user}],
        output_config={"format": {"type": "json_schema", "schema": schema}},
    )
    if reply.stop_reason == "refusal":
        raise ProviderBadResponse(PROVIDER, "declined to answer (refusal)")
    if reply.stop_reason == "max_tokens":
        raise ProviderBadResponse(PROVIDER, "ran out of tokens before finishing the JSON")
    return "".join(block.text for block in reply.content if block.type == "text")


async def ping(settings: Settings) -> None:
    """Raise a ProviderError unless the API answers a cheap authenticated call (GET /v1/models)."""
    async with make_client(settings) as client:
        with map_provider_errors(PROVIDER):
            await client.models.list()
