"""Writes the report's narrative with chat completions and a strict JSON schema."""

from __future__ import annotations

from typing import Any

from interview.ai.base import ReportInput, ReportNarrative
from interview.ai.openai._client import PROVIDER, make_client, map_provider_errors
from interview.ai.openai._structured import structured_chat
from interview.ai.prompts.messages import report_messages
from interview.ai.schemas import ReportOutput, parse_output, strict_json_schema, to_narrative
from interview.settings import Settings

_SCHEMA: dict[str, Any] = strict_json_schema(ReportOutput)


class OpenAIReportWriter:
    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.openai_report_model
        self._effort = settings.openai_reasoning_effort

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def write(self, report: ReportInput) -> ReportNarrative:
        messages = report_messages(report)
        with map_provider_errors(self.name):
            content = await structured_chat(
                self._client, self.model, messages, "report", _SCHEMA, self._effort
            )
        return to_narrative(parse_output(ReportOutput, content, self.name), self.model, messages.version)
