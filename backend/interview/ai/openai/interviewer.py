"""Streams the next question from chat completions (see prompts/questioning.py for the tag line)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import openai

from interview.ai.base import InterviewContext, NextQuestion, TextDelta
from interview.ai.errors import ProviderBadResponse
from interview.ai.openai._client import PROVIDER, make_client, map_provider_errors
from interview.ai.prompts.messages import interviewer_messages
from interview.ai.prompts.questioning import TaggedQuestion, tagged_question
from interview.settings import Settings


class OpenAIInterviewer:
    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.openai_interviewer_model
        self._posting_tokens = settings.job_posting_prompt_tokens
        self._effort = settings.openai_interviewer_reasoning_effort

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def stream_question(self, context: InterviewContext) -> AsyncIterator[TextDelta | NextQuestion]:
        messages = interviewer_messages(context, self._posting_tokens)
        tagged = TaggedQuestion()
        with map_provider_errors(self.name):
            stream = await self._client.chat.completions.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": messages.system},
                    {"role": "user", "content": messages.user},
                ],
                stream=True,
                reasoning_effort=self._effort if self._effort is not None else openai.omit,
            )
            finish: str | None = None
            async with stream:
                async for chunk in stream:
                    if not chunk.choices:
                        continue
                    choice = chunk.choices[0]
                    finish = choice.finish_reason or finish
                    if choice.delta.content and (spoken := tagged.feed(choice.delta.content)):
                        yield TextDelta(spoken)
        if finish is None:
            raise ProviderBadResponse(self.name, "the stream ended before the question was finished")
        if finish == "content_filter":
            raise ProviderBadResponse(self.name, "the question was withheld by the content filter")
        if rest := tagged.finish():
            yield TextDelta(rest)
        if not tagged.text:
            raise ProviderBadResponse(self.name, "streamed an empty question")
        yield tagged_question(context, tagged, self.model, messages.version)
