"""The answer turn, top to bottom: one spoken answer in, its transcript, scores and the next question out.

    answer_question(services, user_id, session_id, sequence_number, audio) -> AnswerOutcome

1. Only a real turn is accepted: the session is the caller's (NOT_FOUND) and ACTIVE (CONFLICT),
   and question `sequence_number` is the one awaited (CONFLICT with `expected`). Only then is
   the audio decoded (capped: speech/decode.py; one user's decodes limited: RATE_LIMITED) and
   checked for speech, before anything is stored, so rejected audio leaves the question open.
   An answer already given replays its first result (also on a racing call, which waits for
   the first) and publishes nothing.
2. The audio and the answer row (RECEIVED) are stored in one transaction before any AI call.
3. Speech-to-text and voice metrics (listening.py); the answer becomes TRANSCRIBED and
   TranscriptReady is published, then the interviewer's acknowledgement (acknowledgement.py).
4. The evaluation and the next question run concurrently. The question is spoken sentence by
   sentence as it streams (speaking.py); its InterviewerSpeech events go out as soon as each is
   synthesised (after TranscriptReady), whatever the evaluation is doing: the contract's relaxed
   order (reply.py). A reply started speculatively on a streamed answer before its last pause
   is used instead when the finished answer asks for the same evaluation (speculation.py).
5. Everything decided is stored in one transaction (store.py), then AnswerEvaluated,
   InterviewerSpeech..., QuestionAsked and LiveMetricsUpdated are published.

A failure of every provider of a role marks the answer FAILED (its audio stays), publishes
TurnFailed and raises PROVIDER_UNAVAILABLE; the same submit then runs the turn again from the
stored audio. An upload that no speech worker decoded in time is kept the same way (FAILED,
PROVIDER_UNAVAILABLE) and decoded on the retry; if decoding then rejects it, it is removed and
the question awaits an answer again. One turn runs per answer at a time, across processes
(lock.py), for at most `turn_timeout_seconds`; answers a crashed process left unfinished are
completed by recovery.py.
Every run is counted on the answer first: after `turn_max_attempts` runs that never ended (each
killed its process), the answer is FAILED for good with TurnFailed, its audio kept.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

import structlog

from interview.ai.base import LiveTranscription, SynthesizedSpeech
from interview.db.outage import outlasting_outage
from interview.db.rows import Row
from interview.errors import AppError, Conflict, InvalidAudio, ProviderUnavailable
from interview.interviews.events import AnswerEvaluated, TranscriptReady, TurnFailed, publish
from interview.interviews.lifecycle import is_unique_violation, owned_session, parse_id, require_active
from interview.interviews.question_audio import question_speech
from interview.interviews.turn import answers, listening
from interview.interviews.turn.acknowledgement import acknowledge
from interview.interviews.turn.listening import HeardAnswer, SpokenAnswer
from interview.interviews.turn.lock import TurnBusy
from interview.interviews.turn.reply import Reply, start_reply, turn_inputs
from interview.interviews.turn.speaking import SpeechOutbox, announce_next_question
from interview.interviews.turn.speculation import Speculation
from interview.interviews.turn.store import StoredTurn, store_turn, stored_result
from interview.settings import Settings

if TYPE_CHECKING:
    from interview.services import Services

log = structlog.get_logger(__name__)


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


async def answer_question(
    services: Services,
    user_id: UUID,
    session_id: str,
    sequence_number: int,
    audio: bytes,
    *,
    recorded_live: bool = False,
    live: LiveTranscription | None = None,
    speculation: Speculation | None = None,
) -> AnswerOutcome:
    """Run (or replay) the turn answering question `sequence_number`; see the module docstring.

    `recorded_live`: `audio` is the answer's recorder chunks joined (finishAnswer); they stay its
    stored audio.

    `live`: the answer's transcription while it was recorded (finishAnswer, every chunk heard in
    this process); its finish replaces decoding `audio` and most of the speech-to-text.
    `speculation`: a reply started on the answer before its last pause, used if the finished
    answer is the same (speculation.py); the caller discards it if the turn did not adopt it.
    """
    sid = parse_id(session_id)
    # The checks come before any decoding: a stranger's or an out-of-turn upload costs no CPU.
    session, existing, latest, speaker = await asyncio.gather(
        owned_session(user_id, sid),
        answers.answer_row(sid, sequence_number),
        answers.latest_question(sid),
        answers.speaker_name(user_id),
    )
    if existing is not None:
        # replayed, or (a retry, a racing call) run from the stored audio: `audio` is not needed
        if existing["status"] != "COMPLETE":
            require_active(session)
    else:
        require_active(session)
        if latest is None or not answers.awaits(latest, sequence_number, answered=False):
            raise answers.wrong_turn(await answers.awaited_question(sid), sequence_number)
    if existing is not None and existing["status"] == "COMPLETE":
        return await _replay(existing)
    prepared: SpokenAnswer | None = None
    if existing is None:
        assert latest is not None
        if live is None:
            prepared = await _prepare_or_keep(
                services, user_id, audio, session, latest, speaker, recorded_live=recorded_live
            )
        else:
            prepared = await _finish_live(services, user_id, live, audio)
        try:
            existing = await answers.store_answer(
                session, latest, speaker, prepared.summary, recorded_live=recorded_live
            )
        except Exception as error:
            if not is_unique_violation(error):
                raise
            prepared = None  # a racing call stored it first: wait for its result below
            speculation = None
            existing = await answers.answer_row(session["id"], sequence_number)
            assert existing is not None
    return await _settle(
        services,
        session,
        existing,
        prepared,
        retry_failed=existing["status"] == "FAILED",
        speculation=speculation if prepared is not None else None,
    )


async def finish_answer(services: Services, session: Row, answer: Row) -> AnswerOutcome | None:
    """Run an unfinished answer's turn from its stored audio, unless another process is on it.

    For recovery: None when the answer is being worked on elsewhere or is no longer unfinished.
    """
    async with services.turn_locks.try_hold(answer["id"]) as taken:
        if not taken:
            return None
        current = await answers.answer_if_kept(answer["id"])
        if current is None or current["status"] not in answers.UNFINISHED:
            return None
        return await _run_turn(services, session, current, None)


@contextlib.asynccontextmanager
async def first_failure() -> AsyncIterator[asyncio.TaskGroup]:
    """An asyncio.TaskGroup that raises its first failure itself rather than an ExceptionGroup.

    Callers map errors by their type (AppError -> its code); the failures that follow the first
    are the cancellations and knock-on errors it caused.
    """
    try:
        async with asyncio.TaskGroup() as group:
            yield group
    except BaseExceptionGroup as failures:
        first: BaseException = failures
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None


async def _prepare(services: Services, user_id: UUID, audio: bytes) -> SpokenAnswer:
    """The upload decoded and checked, within the user's share of the speech threads (RATE_LIMITED)."""
    settings = services.settings
    with services.speech_jobs.take(user_id, settings.speech_jobs_per_user):
        return await listening.prepare(services.providers.speech_jobs, audio, _speech_limits(settings))


async def _finish_live(
    services: Services, user_id: UUID, live: LiveTranscription, audio: bytes
) -> SpokenAnswer:
    """A streamed answer's transcription finished: only the audio after its last transcribed
    utterance is left; the whole recording decoded instead if the stream failed."""
    try:
        return await listening.finish_live(live)
    except AppError:
        raise
    except Exception as error:
        # The stored chunks are the answer: decode them whole rather than lose it.
        log.warning("live transcription failed at the finish", error=str(error))
        return await _prepare(services, user_id, audio)


async def _prepare_or_keep(
    services: Services,
    user_id: UUID,
    audio: bytes,
    session: Row,
    question: Row,
    speaker: str,
    *,
    recorded_live: bool,
) -> SpokenAnswer:
    """`_prepare`, and when no speech worker decoded the upload in time (PROVIDER_UNAVAILABLE), the
    answer kept as FAILED first, so that submitting again runs it from the stored audio (the
    upload, or the streamed answer's chunks)."""
    try:
        return await _prepare(services, user_id, audio)
    except ProviderUnavailable as error:
        try:
            kept = await answers.keep_undecoded(
                session, question, speaker, audio, recorded_live=recorded_live
            )
        except Exception as racing:
            if not (is_unique_violation(racing) or isinstance(racing, Conflict)):
                raise
        else:
            await _fail(services, kept, error.extensions["code"], error.message)
        raise


async def _decode_stored(services: Services, answer: Row) -> SpokenAnswer:
    """The answer's stored upload decoded, for a retry or a recovery. An upload kept before it was
    ever decoded gets its type and length stored, or, when decoding rejects it, is removed (the
    question awaits an answer again, as after any rejected audio)."""
    stored = await answers.stored_audio(answer)
    try:
        prepared = await listening.prepare(
            services.providers.speech_jobs, stored, _speech_limits(services.settings)
        )
    except AppError as error:
        if answers.undecoded(answer) and not isinstance(error, ProviderUnavailable):
            await answers.discard_undecoded(answer)
        raise
    if answers.undecoded(answer):
        await answers.record_decoded(answer, prepared.summary)
    return prepared


def _speech_limits(settings: Settings) -> listening.SpeechLimits:
    return listening.SpeechLimits(settings.max_answer_seconds, settings.speech_timeout_seconds)


async def _settle(
    services: Services,
    session: Row,
    answer: Row,
    prepared: SpokenAnswer | None,
    *,
    retry_failed: bool,
    speculation: Speculation | None = None,
) -> AnswerOutcome:
    """Run the turn if no one else is, else wait for whoever is (woken by PostgreSQL when their
    lock is freed, in any process) and return their result."""
    try:
        async with services.turn_locks.hold(answer["id"], services.settings.turn_wait_seconds):
            current = await answers.answer_if_kept(answer["id"])
            if current is None:
                raise InvalidAudio("The audio of this answer could not be used; record the answer again.")
            if current["status"] == "COMPLETE":
                return await _replay(current)
            if current["status"] == "FAILED" and not retry_failed:
                raise _failure_of(current)
            return await _run_turn(services, session, current, prepared, speculation)
    except TurnBusy:
        raise Conflict("This answer is still being processed; try again in a moment.") from None


def _failure_of(answer: Row) -> AppError:
    """The error a failed turn raised, for a call that waited for it."""
    result = answer["result_json"] if isinstance(answer["result_json"], dict) else {}
    message = result.get("error", {}).get("message") or "We could not process your answer; submit it again."
    return (
        ProviderUnavailable(message) if answer["error_code"] == "PROVIDER_UNAVAILABLE" else AppError(message)
    )


async def _replay(answer: Row) -> AnswerOutcome:
    """The first result of a finished answer, its question's stored clip included; stores,
    synthesises and publishes nothing."""
    stored = await stored_result(answer)
    audio = None
    if stored.next_question is not None:
        audio = await question_speech(stored.next_question["id"])
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


async def _run_turn(
    services: Services,
    session: Row,
    answer: Row,
    prepared: SpokenAnswer | None,
    speculation: Speculation | None = None,
) -> AnswerOutcome:
    """The turn, with its failures recorded on the answer (call with the answer's lock held).

    Each run is counted on the answer before it starts, so runs that killed their process are
    counted too; after `turn_max_attempts` of those the answer fails for good (`_give_up`).
    """
    settings = services.settings
    if answer["turn_attempts"] >= settings.turn_max_attempts:
        raise await _give_up(services, answer)
    await answers.start_attempt(answer["id"])
    try:
        async with asyncio.timeout(settings.turn_timeout_seconds):
            if prepared is None:
                prepared = await _decode_stored(services, answer)
            return await _turn(services, session, answer, prepared, speculation)
    except TimeoutError:
        message = f"Processing your answer took over {settings.turn_timeout_seconds:g} s; submit it again."
        await _fail(services, answer, "PROVIDER_UNAVAILABLE", message)
        raise ProviderUnavailable(message) from None
    except AppError as error:
        await _fail(services, answer, error.extensions["code"], error.message)
        raise
    except Exception as error:
        log.exception("answer turn failed", answer_id=str(answer["id"]))
        await _fail(services, answer, "INTERNAL", "Something went wrong with your answer; submit it again.")
        raise AppError("Something went wrong with your answer; submit it again to retry.") from error


async def _give_up(services: Services, answer: Row) -> AppError:
    """FAILED for good: earlier runs of this turn never ended (each killed its process, most likely).

    The answer and its audio stay; its count stays too, so no submit runs it again.
    """
    log.error(
        "giving up on an answer whose turn never finished",
        answer_id=str(answer["id"]),
        attempts=answer["turn_attempts"],
    )
    message = (
        f"Your answer could not be processed after {answer['turn_attempts']} attempts; "
        "skip this question to go on."
    )
    await _fail(services, answer, "INTERNAL", message, ended=False)
    return AppError(message)


async def _fail(services: Services, answer: Row, code: str, message: str, *, ended: bool = True) -> None:
    """Record a failure and publish TurnFailed; `ended`: the run ended here (it was no crash), so it
    does not count towards giving up."""
    if not await outlasting_outage(
        lambda: answers.mark_failed(answer["id"], code, message, ended=ended), "an answer's failure"
    ):
        return  # the turn was stored before the failure (e.g. publishing): the answer stands
    await publish(
        services.broker,
        TurnFailed(
            session_id=answer["session"],
            sequence_number=answer["sequence_number"],
            code=code,
            message=message,
        ),
    )


async def _turn(
    services: Services,
    session: Row,
    answer: Row,
    audio: SpokenAnswer,
    speculation: Speculation | None = None,
) -> AnswerOutcome:
    broker = services.broker
    reply: Reply | None = None
    try:
        # The first failure cancels every other step; the group also waits for the acknowledgement,
        # whose own failure is only logged (it must not fail a stored turn).
        async with first_failure() as turn:
            providers = services.providers
            hearing = turn.create_task(
                listening.hear(providers.speech_jobs, providers.transcribe_file, audio)
            )
            # while the STT runs
            inputs = await turn_inputs(session, answer["question"], answer["sequence_number"])
            heard = await hearing
            if speculation is not None:
                reply = speculation.adopt(inputs, heard)
            # A reply started before the finish has no wait to fill with an acknowledgement.
            acknowledging = services.settings.acknowledge_answers and reply is None
            if reply is None:
                # InterviewerSpeech waits for TranscriptReady only (the contract's relaxed order).
                reply = start_reply(services, inputs, heard, SpeechOutbox(broker, session["id"], held=True))
            recording = turn.create_task(_record_transcript(services, answer, heard, reply.outbox))
            if acknowledging:
                turn.create_task(_acknowledge_after(recording, services, session, inputs.persona))
            evaluation, next_question = await reply.outcome()
            await recording
            speaker = reply.speaker
            stored = await outlasting_outage(
                lambda: store_turn(
                    session,
                    inputs.persona,
                    inputs.question,
                    answer,
                    evaluation,
                    heard.metrics,
                    next_question,
                    speaker.question_id if speaker else None,
                ),
                "a turn's result",
            )
    except BaseException:
        if reply is not None:
            reply.cancel()
        raise

    await publish(
        broker,
        AnswerEvaluated(session_id=session["id"], transcript_id=answer["id"], feedback=stored.feedback),
    )
    clip = await announce_next_question(
        broker, session["id"], reply.speaker, reply.outbox, stored.next_question, stored.live_metrics
    )
    return _outcome(stored, clip)


async def _record_transcript(
    services: Services, answer: Row, heard: HeardAnswer, outbox: SpeechOutbox
) -> None:
    """Store the transcript (TRANSCRIBED) and publish TranscriptReady; then release `outbox`."""
    transcribed = await outlasting_outage(
        lambda: answers.mark_transcribed(answer["id"], heard.transcription, heard.metrics), "a transcript"
    )
    await publish(services.broker, TranscriptReady(session_id=answer["session"], transcript=transcribed))
    await outbox.release()


async def _acknowledge_after(
    recording: asyncio.Task[None], services: Services, session: Row, persona: Row
) -> None:
    """The acknowledgement, after TranscriptReady; a failure is logged, never raised."""
    await recording
    try:
        await acknowledge(services.broker, services.phrases, services.providers.tts, session["id"], persona)
    except Exception as error:
        log.warning("acknowledgement failed", error=str(error))
