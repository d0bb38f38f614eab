"""The answer turn: one spoken answer in, its transcript, scores and the next question out.

    answer_question(services, user_id, session_id, sequence_number, audio) -> AnswerOutcome

1. Only a real turn is accepted: the session is the caller's (NOT_FOUND) and ACTIVE (CONFLICT),
   and question `sequence_number` is the one awaited (CONFLICT with `expected`). The audio is
   decoded and checked for speech before anything is stored, so rejected audio leaves the
   question open. An answer already given replays its first result (also on a racing call,
   which waits for the first) and publishes nothing.
2. The audio and the answer row (RECEIVED) are stored in one transaction before any AI call.
3. Speech-to-text and voice metrics (timing from our own voice activity detection, since cloud
   STT may give no word timings); the answer becomes TRANSCRIBED and TranscriptReady is published.
4. The evaluation and the next question run concurrently. The question is spoken sentence by
   sentence as it streams (turn_speech); with `strict_event_order` its InterviewerSpeech events
   wait for AnswerEvaluated, keeping the contract's order.
5. Everything decided is stored in one transaction (turn_store), then AnswerEvaluated,
   InterviewerSpeech..., QuestionAsked and LiveMetricsUpdated are published.

A failure of every provider of a role marks the answer FAILED (its audio stays), publishes
TurnFailed and raises PROVIDER_UNAVAILABLE; the same submit then runs the turn again from the
stored audio. One turn runs per answer at a time, across processes (turn_lock); answers a crashed
process left unfinished are completed by `interview.interviews.turn.recovery`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID, uuid4

import structlog

from interview.ai.base import (
    ConversationTurn,
    EvaluationRequest,
    InterviewContext,
    NextQuestion,
    SynthesizedSpeech,
)
from interview.db.rows import Row
from interview.db.tables import Question
from interview.errors import AppError, Conflict, ProviderUnavailable
from interview.events.bus import Broker
from interview.interviews.events import publish_event
from interview.interviews.lifecycle import is_unique_violation, owned_session, parse_id, require_active
from interview.interviews.personas import persona_profile
from interview.interviews.questions import interview_context, persona_of, speak
from interview.interviews.turn import answers
from interview.interviews.turn.acknowledgement import acknowledge
from interview.interviews.turn.lock import turn_lock
from interview.interviews.turn.speaking import QuestionSpeaker, SpeechOutbox, whole_clip
from interview.interviews.turn.store import StoredTurn, previous_evaluation, store_turn, stored_result
from interview.services import Services
from interview.speech.decode import decode_audio
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceMetrics
from interview.speech.vad import VoiceActivity
from interview.speech.voice_metrics import measure_voice, require_speech
from interview.speech.workers import run_cpu

log = structlog.get_logger(__name__)


_WAIT_POLL_SECONDS = 0.05
"""How often a call waiting for another call's turn looks at the answer again."""


@dataclass(frozen=True)
class AnswerOutcome:
    """A finished turn, as rows of the database (plus the next question's clip)."""

    answer: Row
    """The USER transcript row: text, language, confidence, voice metrics, status COMPLETE."""
    feedback: Row
    next_question: Row | None
    """None after the interview's last question."""
    next_question_audio: SynthesizedSpeech | None
    """The next question as one clip; None when there is none or speech synthesis failed."""
    live_metrics: Row
    replayed: bool = False
    """True when this is the stored result of an earlier submit (nothing was run or published)."""


@dataclass(frozen=True)
class _Audio:
    """An answer's audio, decoded, with its voice activity."""

    decoded: DecodedAudio
    activity: VoiceActivity


async def answer_question(
    services: Services, user_id: UUID, session_id: str, sequence_number: int, audio: bytes
) -> AnswerOutcome:
    """Run (or replay) the turn answering question `sequence_number`; see the module docstring."""
    sid = parse_id(session_id)
    # The checks' queries run together and decoding (off the event loop) overlaps them; a failed
    # check is raised before any error of the audio, and an answer already stored ignores it.
    preparing = asyncio.create_task(_prepare(audio))
    preparing.add_done_callback(_retrieved)
    try:
        session, existing, latest, speaker = await asyncio.gather(
            owned_session(user_id, sid),
            answers.answer_row(sid, sequence_number),
            answers.latest_question(sid),
            answers.speaker_name(user_id),
        )
        if existing is not None and existing["status"] == "COMPLETE":
            preparing.cancel()
            return await _replay(services, session, existing)
        require_active(session)
        prepared: _Audio | None = None
        if existing is None:
            if latest is None or not answers.awaits(latest, sequence_number, answered=False):
                raise answers.wrong_turn(await answers.awaited_question(sid), sequence_number)
            prepared = await preparing
        else:
            preparing.cancel()  # a retry or a racing call: the turn runs from the stored audio
    except BaseException:
        preparing.cancel()
        raise
    if existing is None:
        assert prepared is not None and latest is not None
        try:
            existing = await answers.store_answer(session, latest, speaker, prepared.decoded)
        except Exception as error:
            if not is_unique_violation(error):
                raise
            prepared = None  # a racing call stored it first: wait for its result below
            existing = await answers.answer_row(session["id"], sequence_number)
            assert existing is not None
    return await _settle(services, session, existing, prepared, retry_failed=existing["status"] == "FAILED")


async def finish_answer(services: Services, session: Row, answer: Row) -> AnswerOutcome | None:
    """Run an unfinished answer's turn from its stored audio, unless another process is on it.

    For recovery: None when the answer is being worked on elsewhere or is no longer unfinished.
    """
    async with turn_lock(services.database.dsn, answer["id"]) as taken:
        if not taken:
            return None
        current = await answers.answer_by_id(answer["id"])
        if current["status"] not in answers.UNFINISHED:
            return None
        return await _run_turn(services, session, current, None)


def _retrieved(task: asyncio.Task[Any]) -> None:
    """Mark a task's failure as seen (it is raised by `await` or superseded by an earlier error)."""
    if not task.cancelled():
        task.exception()


async def _prepare(audio: bytes) -> _Audio:
    decoded = await run_cpu(decode_audio, audio)
    activity = await run_cpu(require_speech, decoded)
    return _Audio(decoded, activity)


async def _settle(
    services: Services, session: Row, answer: Row, prepared: _Audio | None, *, retry_failed: bool
) -> AnswerOutcome:
    """Run the turn if no one else is, else wait for whoever is and return their result."""
    deadline = time.monotonic() + services.settings.turn_wait_seconds
    while True:
        async with turn_lock(services.database.dsn, answer["id"]) as taken:
            if taken:
                current = await answers.answer_by_id(answer["id"])
                if current["status"] == "COMPLETE":
                    return await _replay(services, session, current)
                if current["status"] == "FAILED" and not retry_failed:
                    raise _failure_of(current)
                return await _run_turn(services, session, current, prepared)
        current = await answers.answer_by_id(answer["id"])
        if current["status"] == "COMPLETE":
            return await _replay(services, session, current)
        if current["status"] == "FAILED" and not retry_failed:
            raise _failure_of(current)
        if time.monotonic() > deadline:
            raise Conflict("This answer is still being processed; try again in a moment.")
        await asyncio.sleep(_WAIT_POLL_SECONDS)


def _failure_of(answer: Row) -> AppError:
    """The error a failed turn raised, for a call that waited for it."""
    result = answer["result_json"] if isinstance(answer["result_json"], dict) else {}
    message = result.get("error", {}).get("message") or "We could not process your answer; submit it again."
    return (
        ProviderUnavailable(message) if answer["error_code"] == "PROVIDER_UNAVAILABLE" else AppError(message)
    )


async def _replay(services: Services, session: Row, answer: Row) -> AnswerOutcome:
    """The first result of a finished answer; stores and publishes nothing."""
    stored = await stored_result(answer)
    audio = None
    if stored.next_question is not None:
        voice = persona_profile(await persona_of(session)).voice
        audio = await speak(services.providers.tts, voice, stored.next_question["question_text"])
    return _outcome(stored, audio, replayed=True)


def _outcome(stored: StoredTurn, audio: SynthesizedSpeech | None, *, replayed: bool = False) -> AnswerOutcome:
    return AnswerOutcome(
        answer=stored.answer,
        feedback=stored.feedback,
        next_question=stored.next_question,
        next_question_audio=audio,
        live_metrics=stored.live_metrics,
        replayed=replayed,
    )


async def _run_turn(services: Services, session: Row, answer: Row, prepared: _Audio | None) -> AnswerOutcome:
    """The turn, with its failures recorded on the answer (call with the answer's lock held)."""
    try:
        if prepared is None:
            decoded = await run_cpu(decode_audio, await answers.stored_audio(answer))
            prepared = _Audio(decoded, await run_cpu(require_speech, decoded))
        return await _turn(services, session, answer, prepared)
    except AppError as error:
        await _fail(services, answer, error.extensions["code"], error.message)
        raise
    except Exception as error:
        log.exception("answer turn failed", answer_id=str(answer["id"]))
        await _fail(services, answer, "INTERNAL", "Something went wrong with your answer; submit it again.")
        raise AppError("Something went wrong with your answer; submit it again to retry.") from error


async def _fail(services: Services, answer: Row, code: str, message: str) -> None:
    if not await answers.mark_failed(answer["id"], code, message):
        return  # the turn was stored before the failure (e.g. publishing): the answer stands
    await publish_event(
        services.broker,
        answer["session"],
        "TurnFailed",
        sequenceNumber=answer["sequence_number"],
        code=code,
        message=message,
    )


async def _turn(services: Services, session: Row, answer: Row, audio: _Audio) -> AnswerOutcome:
    providers, broker, settings = services.providers, services.broker, services.settings
    number = answer["sequence_number"]
    transcribing = asyncio.create_task(providers.stt.transcribe(audio.decoded))
    tasks: list[asyncio.Task[Any]] = [transcribing]
    speaker: QuestionSpeaker | None = None
    # InterviewerSpeech waits for TranscriptReady, and in strict order for AnswerEvaluated too.
    outbox = SpeechOutbox(broker, session["id"], held=True)
    try:
        question, persona, context = await _turn_inputs(session, answer)  # while the STT runs
        transcription = await transcribing
        metrics = await run_cpu(measure_voice, audio.decoded, transcription, activity=audio.activity)
        recording = asyncio.create_task(
            _record_transcript(
                broker, answer, transcription, metrics, None if settings.strict_event_order else outbox
            )
        )
        tasks.append(recording)
        acknowledging = None
        if settings.acknowledge_answers:
            acknowledging = asyncio.create_task(_acknowledge_after(recording, services, session, persona))
            tasks.append(acknowledging)
        context = replace(
            context,
            conversation=[*context.conversation, ConversationTurn("USER", number, transcription.text)],
        )
        evaluating = asyncio.create_task(
            providers.evaluator.evaluate(_evaluation_request(session, question, transcription.text, metrics))
        )
        tasks.append(evaluating)
        asking: asyncio.Task[NextQuestion] | None = None
        if number < session["planned_questions"]:
            speaker = QuestionSpeaker(providers.tts, persona_profile(persona).voice, uuid4(), outbox)
            asking = asyncio.create_task(speaker.listen(providers.interviewer.stream_question(context)))
            tasks.append(asking)
        await _both(evaluating, asking)
        await recording
        stored = await store_turn(
            session,
            persona,
            question,
            answer,
            evaluating.result(),
            metrics,
            asking.result() if asking else None,
            speaker.question_id if speaker else None,
        )
    except BaseException:
        for task in tasks:
            task.cancel()
        if speaker is not None:
            speaker.cancel()
        raise

    if acknowledging is not None:
        await _quietly(acknowledging)
    await publish_event(
        broker, session["id"], "AnswerEvaluated", transcriptId=str(answer["id"]), feedback=stored.feedback
    )
    clip = None
    if speaker is not None:
        await outbox.release()
        clip = await whole_clip(await speaker.finished())
        await publish_event(broker, session["id"], "QuestionAsked", question=stored.next_question)
    await publish_event(broker, session["id"], "LiveMetricsUpdated", metrics=stored.live_metrics)
    return _outcome(stored, clip)


async def _turn_inputs(session: Row, answer: Row) -> tuple[Row, Row, InterviewContext]:
    """The question answered, the persona and the interviewer's context (without this answer yet)."""
    number = answer["sequence_number"]
    question, persona, previous = await asyncio.gather(
        Question.select().where(Question.id == answer["question"]).first(),
        persona_of(session),
        previous_evaluation(session["id"], number),
    )
    assert question is not None, "an answer references the question it answers"
    context = await interview_context(session, persona, number + 1, last_evaluation=previous)
    return question, persona, context


def _evaluation_request(session: Row, question: Row, text: str, metrics: VoiceMetrics) -> EvaluationRequest:
    return EvaluationRequest(
        job_title=session["job_title"],
        interview_type=session["interview_type"],
        difficulty=session["current_difficulty"],
        question_text=question["question_text"],
        question_type=question["question_type"],
        answer_text=text,
        voice_metrics=metrics,
    )


async def _record_transcript(
    broker: Broker,
    answer: Row,
    transcription: TranscriptionResult,
    metrics: VoiceMetrics,
    outbox: SpeechOutbox | None,
) -> None:
    """Store the transcript (TRANSCRIBED) and publish TranscriptReady; then release `outbox`, if given."""
    transcribed = await answers.mark_transcribed(answer["id"], transcription, metrics)
    await publish_event(broker, answer["session"], "TranscriptReady", transcript=transcribed)
    if outbox is not None:
        await outbox.release()


async def _acknowledge_after(
    recording: asyncio.Task[None], services: Services, session: Row, persona: Row
) -> None:
    await recording  # TranscriptReady comes first
    await acknowledge(services.broker, services.providers.tts, session["id"], persona)


async def _both(evaluating: asyncio.Task[Any], asking: asyncio.Task[Any] | None) -> None:
    """Wait for the evaluation and the question; the first failure cancels the other and is raised."""
    pending = {task for task in (evaluating, asking) if task is not None}
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            error = task.exception()
            if error is not None:
                for other in pending:
                    other.cancel()
                raise error


async def _quietly(task: asyncio.Task[None]) -> None:
    """Wait for an optional extra (the acknowledgement); its failure must not fail a stored turn."""
    try:
        await task
    except Exception as error:
        log.warning("acknowledgement failed", error=str(error))
