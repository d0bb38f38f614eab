"""The adaptive interviewer on Claude, streamed token by token.

The prompt carries the persona, job, interview type, the adapted difficulty, the conversation and
the last evaluation; the reply starts with a tag line saying whether it is a follow-up, which is
stripped before any text is yielded (prompts/questioning.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anthropic

from interview.ai.anthropic._client import MAX_TOKENS, PROVIDER, make_client, map_provider_errors
from interview.ai.base import InterviewContext, NextQuestion, TextDelta
from interview.ai.errors import ProviderBadResponse
from interview.ai.prompts.messages import interviewer_messages
from interview.ai.prompts.questioning import TaggedQuestion, tagged_question
from interview.settings import Settings


class AnthropicInterviewer:
    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.anthropic_interviewer_model
        self._posting_tokens = settings.job_posting_prompt_tokens
        self._effort = settings.anthropic_interviewer_effort

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def stream_question(self, context: InterviewContext) -> AsyncIterator[TextDelta | NextQuestion]:
        messages = interviewer_messages(context, self._posting_tokens)
        tagged = TaggedQuestion()
        with map_provider_errors(self.name):
            async with self._client.messages.stream(
                model=self.model,
                max_tokens=MAX_TOKENS,
                system=messages.system,
                messages=[{"role": "user", "content": messages.user}],
                output_config={"effort": self._effort} if self._effort else anthropic.omit,
            ) as stream:
                async for piece in stream.text_stream:
                    if spoken := tagged.feed(piece):
                        yield TextDelta(spoken)
                final = await stream.get_final_message()
        if final.stop_reason == "refusal":
            raise ProviderBadResponse(self.name, "declined to ask (refusal)")
        if final.stop_reason is None:
            raise ProviderBadResponse(self.name, "the stream ended before the question was finished")
        if rest := tagged.finish():
            yield TextDelta(rest)
        if not tagged.text:
            raise ProviderBadResponse(self.name, "streamed an empty question")
        yield tagged_question(context, tagged, self.model, messages.version)
