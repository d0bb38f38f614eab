"""A chat completion constrained to a strict JSON schema."""

from __future__ import annotations

from typing import Any, Literal

import openai
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from interview.ai.errors import ProviderBadResponse
from interview.ai.openai._client import PROVIDER
from interview.ai.prompts.messages import Messages


async def structured_chat(
    client: openai.AsyncOpenAI,
    model: str,
    messages: Messages,
    schema_name: str,
    schema: dict[str, Any],
    reasoning_effort: Literal["none", "low", "medium", "high"] | None,
) -> str | None:
    """The JSON text of the model's answer (None when it returned no content)."""
    chat: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": messages.system},
        {"role": "user", "content": messages.user},
    ]
    response_format: ResponseFormatJSONSchema = {
        "type": "json_schema",
        "json_schema": {"name": schema_name, "strict": True, "schema": schema},
    }
    completion = await client.chat.completions.create(
        model=model,
        messages=chat,
        response_format=response_format,
        reasoning_effort=reasoning_effort if reasoning_effort is not None else openai.omit,
    )
    if not completion.choices:
        raise ProviderBadResponse(PROVIDER, "answered without a choice")
    message = completion.choices[0].message
    if message.refusal:
        raise ProviderBadResponse(PROVIDER, f"refused: {message.refusal}")
    content: str | None = message.content
    return content
