"""Interviews: personas, sessions, the lifecycle and the answer turn."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.file_uploads import Upload

from interview.accounts.principal import Scope
from interview.graphql.context import Info
from interview.graphql.decorators import described_field, described_mutation
from interview.graphql.enums import InterviewType, SessionStatus
from interview.graphql.interviews.types import (
    AnswerResult,
    Feedback,
    InterviewerTurn,
    InterviewSession,
    LiveMetrics,
    Persona,
    Question,
    SpeechAudio,
    StartInterviewInput,
    Transcript,
    Transcription,
    VoiceMetrics,
)
from interview.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor, page_of
from interview.graphql.reports.types import InterviewSessionConnection, InterviewSessionEdge
from interview.interviews import lifecycle
from interview.interviews.listing import list_sessions
from interview.interviews.live_metrics import live_metrics_row
from interview.interviews.opening import initial_question
from interview.interviews.personas import list_personas
from interview.interviews.skip import skip_question
from interview.interviews.turn.run import AnswerOutcome, answer_question
from interview.interviews.voice_samples import voice_sample
from interview.speech.upload import AsyncReadable, read_upload


@strawberry.type
class InterviewQuery:
    @strawberry.field
    async def personas(self) -> list[Persona]:
        return [Persona.from_row(row) for row in await list_personas()]

    @described_field("A short greeting in the persona's voice, for the lobby. No login needed.")
    async def persona_voice_sample(self, info: Info, persona_id: strawberry.ID) -> SpeechAudio:
        services = info.context.services
        speech = await voice_sample(services.phrases, services.providers.tts, str(persona_id))
        audio = SpeechAudio.from_speech(speech)
        assert audio is not None
        return audio

    @strawberry.field
    async def session(self, info: Info, id: strawberry.ID) -> InterviewSession | None:
        principal = info.context.user(Scope.REPORTS_READ)
        return InterviewSession.from_row(await lifecycle.owned_session(principal.user_id, id))

    @strawberry.field
    async def sessions(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        status: SessionStatus | None = None,
        interview_type: InterviewType | None = None,
    ) -> InterviewSessionConnection:
        principal = info.context.user(Scope.REPORTS_READ)
        size = check_page_size(20 if first is None else first)
        rows, total = await list_sessions(
            principal.user_id,
            size,
            decode_cursor(after) if after else None,
            status.value if status else None,
            interview_type.value if interview_type else None,
        )
        page, has_next = page_of(rows, size)
        edges = [
            InterviewSessionEdge(
                cursor=encode_cursor(r["start_time"], r["id"]), node=InterviewSession.from_row(r)
            )
            for r in page
        ]
        return InterviewSessionConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )

    @strawberry.field
    async def live_metrics(self, info: Info, session_id: strawberry.ID) -> LiveMetrics | None:
        principal = info.context.user(Scope.REPORTS_READ)
        session = await lifecycle.owned_session(principal.user_id, session_id)
        row = await live_metrics_row(session["id"])
        return LiveMetrics.from_row(row) if row else None


def answer_result(outcome: AnswerOutcome) -> AnswerResult:
    answer = outcome.answer
    voice_metrics = VoiceMetrics.from_transcript_row(answer)
    assert voice_metrics is not None, "a finished answer has its voice metrics"
    next_turn = None
    if outcome.next_question is not None:
        next_turn = InterviewerTurn(
            question=Question.from_row(outcome.next_question),
            audio=SpeechAudio.from_speech(outcome.next_question_audio),
        )
    return AnswerResult(
        transcript=Transcript.from_row(answer),
        transcription=Transcription(
            text=answer["text"],
            confidence=answer["confidence_score"],
            language=answer["language"],
            duration_ms=answer["audio_duration_ms"] or 0,
        ),
        voice_metrics=voice_metrics,
        evaluation=Feedback.from_row(outcome.feedback),
        interviewer_response=next_turn,
        live_metrics=LiveMetrics.from_row(outcome.live_metrics),
    )


async def _transition(info: Info, session_id: str, action: str) -> InterviewSession:
    principal = info.context.user(Scope.INTERVIEW)
    row = await lifecycle.transition(info.context.services.broker, principal.user_id, session_id, action)
    return InterviewSession.from_row(row)


@strawberry.type
class InterviewMutation:
    @strawberry.mutation
    async def start_interview(self, info: Info, input: StartInterviewInput) -> InterviewSession:
        principal = info.context.user(Scope.INTERVIEW)
        new = lifecycle.NewInterview(
            persona_id=str(input.persona_id),
            job_title=input.job_title,
            interview_type=input.interview_type.value,
            difficulty=input.difficulty.value,
            video_enabled=input.video_enabled,
            audio_enabled=input.audio_enabled,
            job_description=input.job_description,
        )
        row = await lifecycle.start_interview(
            principal.user_id, new, info.context.services.settings.interview_length
        )
        return InterviewSession.from_row(row)

    @described_mutation("The first question, with its audio. Asking again returns the same question.")
    async def initial_question(self, info: Info, session_id: strawberry.ID) -> InterviewerTurn:
        principal = info.context.user(Scope.INTERVIEW)
        question, audio = await initial_question(info.context.services, principal.user_id, session_id)
        return InterviewerTurn(question=Question.from_row(question), audio=SpeechAudio.from_speech(audio))

    @described_mutation(
        "One spoken answer to question sequenceNumber (webm/opus, ogg, wav, mp3 or m4a, at most 25 MiB). "
        "See the conventions above."
    )
    async def submit_answer(
        self, info: Info, session_id: strawberry.ID, audio: Upload, sequence_number: int
    ) -> AnswerResult:
        principal = info.context.user(Scope.INTERVIEW)
        services = info.context.services
        data = await read_upload(cast(AsyncReadable, audio), services.settings.max_upload_bytes)
        outcome = await answer_question(services, principal.user_id, session_id, sequence_number, data)
        return answer_result(outcome)

    @strawberry.mutation
    async def skip_question(self, info: Info, session_id: strawberry.ID) -> InterviewerTurn | None:
        principal = info.context.user(Scope.INTERVIEW)
        outcome = await skip_question(info.context.services, principal.user_id, session_id)
        if outcome.next_question is None:
            return None
        return InterviewerTurn(
            question=Question.from_row(outcome.next_question),
            audio=SpeechAudio.from_speech(outcome.next_question_audio),
        )

    @strawberry.mutation
    async def pause_interview(self, info: Info, session_id: strawberry.ID) -> InterviewSession:
        return await _transition(info, session_id, "pause")

    @strawberry.mutation
    async def resume_interview(self, info: Info, session_id: strawberry.ID) -> InterviewSession:
        return await _transition(info, session_id, "resume")

    @strawberry.mutation
    async def cancel_interview(self, info: Info, session_id: strawberry.ID) -> InterviewSession:
        return await _transition(info, session_id, "cancel")
