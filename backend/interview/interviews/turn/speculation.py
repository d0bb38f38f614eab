"""Speculative start: the interviewer's reply begun on the words heard before a pause.

People pause, then press "Done". While an answer streams in, once the candidate has been silent
for SPECULATIVE_SILENCE_MS after words that end a sentence, and every word received is
transcribed, the reply (reply.py: the evaluation, the next question, the speech of its first
sentence) is started on the answer so far, with the voice metrics measured on the audio so far.

finishAnswer adopts it when the finished answer asks for the same evaluation: the same words and
the same voice metrics (silence after the last word changes neither). Its speech, held in its own
outbox, then goes out right after TranscriptReady, with no model call left to wait for (the
other sentences are synthesised from then on, while the first one plays). Otherwise
(new words, a cough that changed the metrics, a failed part) it is cancelled and the turn starts
afresh. Nothing speculative is published (the outbox is held until the turn releases it) or
stored (only the turn stores, and only what it adopted).

Cost: when the candidate speaks again the reply is thrown away at once. Offline that costs CPU
only, so each pause after a sentence may start one; with a cloud provider in any chain of the
reply, only the first pause of an answer does, so an answer never pays for a cloud call twice
over its speculation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from interview.ai.base import ReceivedAudio
from interview.db.rows import Row
from interview.interviews.turn.listening import HeardAnswer
from interview.interviews.turn.reply import Reply, TurnInputs, evaluation_request, start_reply, turn_inputs
from interview.interviews.turn.speaking import SpeechOutbox
from interview.metric_registry import SPECULATIVE_REPLIES
from interview.speech.levels import frame_levels
from interview.speech.types import SAMPLE_RATE, PartialTranscript, TranscriptionResult
from interview.speech.workers import run_cpu

if TYPE_CHECKING:
    from interview.ai.registry import Providers
    from interview.services import Services

log = structlog.get_logger(__name__)


def silence_ms(received: ReceivedAudio) -> int:
    """Silence after the last speech of what was received (0 before any speech)."""
    segments = received.activity.segments
    if not segments:
        return 0
    return max(0, len(received.samples) * 1000 // SAMPLE_RATE - segments[-1].end_ms)


def paused(pause_ms: int, received: ReceivedAudio, partial: PartialTranscript) -> bool:
    """The candidate has been silent for `pause_ms` after speaking, and the audio transcribed
    covers all the speech received (whether its text has arrived is the transcription's to say)."""
    segments = received.activity.segments
    return (
        pause_ms > 0
        and bool(segments)
        and silence_ms(received) >= pause_ms
        and partial.heard_ms >= segments[-1].end_ms
    )


def reply_calls_the_cloud(providers: Providers) -> bool:
    """Would a reply reach a cloud provider (evaluator, interviewer or speech synthesis)?"""
    chains = (providers.evaluator.chain, providers.interviewer.chain, providers.tts.chain)
    return any(step.kind == "cloud" for chain in chains for step in chain.steps)


@dataclass
class Speculation:
    """A reply started on the answer so far; `adopt` it or `discard` it, once."""

    heard: HeardAnswer
    reply: Reply
    speech_end_ms: int
    """Where the last speech it heard ended."""
    settled: bool = False

    def outdated_by(self, received: ReceivedAudio) -> bool:
        """The candidate spoke again since it started."""
        segments = received.activity.segments
        return bool(segments) and segments[-1].end_ms != self.speech_end_ms

    def adopt(self, inputs: TurnInputs, heard: HeardAnswer) -> Reply | None:
        """The reply, if the finished answer asks for the evaluation it started (and no part of
        it failed); else None, and it is thrown away."""
        if self.settled:
            return None
        if evaluation_request(inputs, heard) == self.reply.request and not self.reply.failed():
            self.settled = True
            if self.reply.speaker is not None:
                self.reply.speaker.speak_ahead()
            SPECULATIVE_REPLIES.labels("used").inc()
            log.info("speculative reply used", sequence_number=inputs.sequence_number)
            return self.reply
        self.discard()
        return None

    def discard(self) -> None:
        """Cancel the reply (nothing of it was published or stored). Idempotent; a no-op once adopted."""
        if self.settled:
            return
        self.settled = True
        self.reply.cancel()
        SPECULATIVE_REPLIES.labels("discarded").inc()


async def speculate(
    services: Services,
    session: Row,
    question: Row,
    received: ReceivedAudio,
    transcription: TranscriptionResult,
) -> Speculation:
    """Start the reply to question `question` on `transcription` of the audio `received` so far.

    The voice metrics are measured as the turn will measure them at the finish, on the levels of
    the audio so far (as received: its samples never change, see `PcmBuffer.samples`).
    """
    levels = await run_cpu(frame_levels, received.samples)
    metrics = await services.providers.speech_jobs.measure(levels, transcription, received.activity)
    heard = HeardAnswer(transcription, metrics)
    inputs = await turn_inputs(session, question["id"], question["sequence_number"])
    outbox = SpeechOutbox(services.broker, session["id"], held=True)
    reply = start_reply(services, inputs, heard, outbox, speculative=True)
    SPECULATIVE_REPLIES.labels("started").inc()
    log.info(
        "speculative reply started", sequence_number=question["sequence_number"], words=metrics.word_count
    )
    return Speculation(heard, reply, received.activity.segments[-1].end_ms)
