"""Live recording: an answer sent as MediaRecorder chunks while the candidate speaks."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.file_uploads import Upload

from interview.accounts.principal import Scope
from interview.graphql.context import Info

# submitAnswer's mapper, so both mutations answer alike (it is private to that module for now).
from interview.graphql.interviews.resolvers import answer_result
from interview.graphql.interviews.types import AnswerResult, LiveMetrics
from interview.interviews.turn import recording
from interview.speech.upload import AsyncReadable, read_upload


@strawberry.type
class LiveMutation:
    @strawberry.mutation
    async def append_answer_audio(
        self, info: Info, session_id: strawberry.ID, sequence_number: int, chunk_index: int, audio: Upload
    ) -> LiveMetrics:
        """One recorder chunk (chunk 0 carries the webm header); the live metrics after it.

        Out-of-order chunks wait for the gap to fill; the same chunk twice is a no-op; other bytes
        under a used chunkIndex are CONFLICT.
        """
        principal = info.context.user(Scope.INTERVIEW)
        services = info.context.services
        data = await read_upload(cast(AsyncReadable, audio), services.settings.max_upload_bytes)
        row = await recording.append_chunk(
            services, principal.user_id, session_id, sequence_number, chunk_index, data
        )
        return LiveMetrics.from_row(row)

    @strawberry.mutation
    async def finish_answer(
        self, info: Info, session_id: strawberry.ID, sequence_number: int
    ) -> AnswerResult:
        """The recorded chunks, in order, as the answer to question sequenceNumber (like submitAnswer).

        Finishing twice returns the first result; a missing chunk is BAD_USER_INPUT (missingChunk).
        """
        principal = info.context.user(Scope.INTERVIEW)
        outcome = await recording.answer_from_recording(
            info.context.services, principal.user_id, session_id, sequence_number
        )
        return answer_result(outcome)
