"""The interviewer's side of a turn, started from a heard answer: its evaluation, and the next
question written and spoken sentence by sentence into a held outbox.

The answer turn (run.py) starts a `Reply` once the answer is transcribed; a speculative start
(speculation.py) starts the same `Reply` earlier, on the words heard before a pause, and the turn
adopts it when the finished answer turned out the same. A `Reply` stores and publishes nothing:
its speech waits in the outbox until the turn releases it after TranscriptReady.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID, uuid4

from interview.ai.base import (
    ConversationTurn,
    Evaluation,
    EvaluationRequest,
    InterviewContext,
    NextQuestion,
)
from interview.db.rows import Row
from interview.db.tables import Question
from interview.interviews.personas import persona_profile
from interview.interviews.questions import interview_context, persona_of
from interview.interviews.turn.listening import HeardAnswer
from interview.interviews.turn.speaking import QuestionSpeaker, SpeechOutbox

if TYPE_CHECKING:
    from interview.services import Services

T = TypeVar("T")


@dataclass(frozen=True)
class TurnInputs:
    """What the turn answers and asks from: the question, the persona, the interviewer's context
    (without this answer yet)."""

    session: Row
    sequence_number: int
    """Of the question answered."""
    question: Row
    persona: Row
    context: InterviewContext


async def turn_inputs(session: Row, question_id: UUID, sequence_number: int) -> TurnInputs:
    question, persona = await asyncio.gather(
        Question.select().where(Question.id == question_id).first(),
        persona_of(session),
    )
    assert question is not None, "an answer references the question it answers"
    context = await interview_context(session, persona, sequence_number + 1)
    return TurnInputs(session, sequence_number, question, persona, context)


def evaluation_request(inputs: TurnInputs, heard: HeardAnswer) -> EvaluationRequest:
    session, question = inputs.session, inputs.question
    return EvaluationRequest(
        job_title=session["job_title"],
        interview_type=session["interview_type"],
        difficulty=session["current_difficulty"],
        question_text=question["question_text"],
        question_type=question["question_type"],
        answer_text=heard.transcription.text,
        voice_metrics=heard.metrics,
        job_description=session.get("job_description"),
    )


@dataclass
class Reply:
    """An evaluation and a next question under way (tasks of their own, cancelled by `cancel`)."""

    request: EvaluationRequest
    outbox: SpeechOutbox
    evaluating: asyncio.Task[Evaluation]
    asking: asyncio.Task[NextQuestion] | None
    speaker: QuestionSpeaker | None

    async def outcome(self) -> tuple[Evaluation, NextQuestion | None]:
        """The evaluation and the next question; the first failure of either is raised at once."""
        if self.asking is None:
            return await self.evaluating, None
        evaluation, question = await asyncio.gather(self.evaluating, self.asking)
        return evaluation, question

    def failed(self) -> bool:
        """A part already ended in a failure (or was cancelled)."""
        tasks = [self.evaluating] + ([self.asking] if self.asking is not None else [])
        return any(task.done() and (task.cancelled() or task.exception() is not None) for task in tasks)

    def cancel(self) -> None:
        self.evaluating.cancel()
        if self.asking is not None:
            self.asking.cancel()
        if self.speaker is not None:
            self.speaker.cancel()


def start_reply(
    services: Services,
    inputs: TurnInputs,
    heard: HeardAnswer,
    outbox: SpeechOutbox,
    *,
    speculative: bool = False,
) -> Reply:
    """Start evaluating the answer and, unless it answered the last question, asking the next one.

    The interviewer waits up to FOLLOW_UP_WAIT_MS for this answer's evaluation, so a follow-up can
    ask for what the answer lacked. A speculative reply synthesises the question's first sentence
    only, until it is used.
    """
    providers, settings = services.providers, services.settings
    request = evaluation_request(inputs, heard)
    evaluating = _quiet(asyncio.create_task(providers.evaluator.evaluate(request)))
    number = inputs.sequence_number
    if number >= inputs.session["planned_questions"]:
        return Reply(request, outbox, evaluating, None, None)
    voice = persona_profile(inputs.persona).voice
    speaker = QuestionSpeaker(providers.tts, voice, uuid4(), outbox, speak_ahead=not speculative)

    async def ask() -> NextQuestion:
        context = replace(
            inputs.context,
            conversation=[
                *inputs.context.conversation,
                ConversationTurn("USER", number, heard.transcription.text),
            ],
            last_evaluation=await _ready_within(evaluating, settings.follow_up_wait_ms / 1000),
        )
        return await speaker.listen(providers.interviewer.stream_question(context))

    return Reply(request, outbox, evaluating, _quiet(asyncio.create_task(ask())), speaker)


async def _ready_within(evaluating: asyncio.Task[Evaluation], seconds: float) -> Evaluation | None:
    """This answer's evaluation if it is ready within `seconds` (it keeps running either way)."""
    done, _ = await asyncio.wait({evaluating}, timeout=seconds)
    return evaluating.result() if done and evaluating.exception() is None else None


def _quiet(task: asyncio.Task[T]) -> asyncio.Task[T]:
    """A task whose failure is read by whoever awaits it, and not reported as never retrieved
    when nobody does (a speculation thrown away)."""
    task.add_done_callback(lambda done: done.cancelled() or done.exception())
    return task
