"""Scores an answer with Claude's structured outputs and the shared schema."""

from __future__ import annotations

from typing import Any

from interview.ai.anthropic._client import PROVIDER, make_client, map_provider_errors, structured_message
from interview.ai.base import Evaluation, EvaluationRequest
from interview.ai.prompts.messages import evaluation_messages
from interview.ai.schemas import EvaluationOutput, parse_output, strict_json_schema, to_evaluation
from interview.settings import Settings

_SCHEMA: dict[str, Any] = strict_json_schema(EvaluationOutput)


class AnthropicEvaluator:
    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.anthropic_evaluator_model
        self._posting_tokens = settings.job_posting_prompt_tokens

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def evaluate(self, request: EvaluationRequest) -> Evaluation:
        messages = evaluation_messages(request, self._posting_tokens)
        with map_provider_errors(self.name):
            content = await structured_message(self._client, self.model, messages, _SCHEMA)
        output = parse_output(EvaluationOutput, content, self.name)
        return to_evaluation(output, request, self.model, messages.version)
