"""The answers being recorded in this process, each heard while it is spoken.

One `LiveAnswer` per answer per process wraps the answer's `LiveTranscription`. appendAnswerAudio
hands it each stored chunk: `receive` decodes only the chunk's new audio on the request path (the
meters come from it), and a background task per answer transcribes the utterances it closed and
publishes PartialTranscript with the words recognised so far. Nothing here is stored: the chunks
in audio_chunks are the answer's state, so a process that never saw some of them (a restart, a
chunk that went to another process) feeds the stored ones first and reaches the same place.
finishAnswer `take`s the answer and finishes its transcription (run.py).

When the candidate pauses after a sentence, the answer may start a speculative reply on the
words so far (speculation.py); it is thrown away as soon as the candidate speaks again, and
finishAnswer takes it with the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from uuid import UUID

import structlog

from interview.ai.base import LiveTranscription, ReceivedAudio
from interview.interviews.turn.live_voice import SpokenSoFar
from interview.interviews.turn.speculation import Speculation, paused
from interview.metric_registry import SPECULATIVE_REPLIES
from interview.speech.sentences import ends_a_sentence
from interview.speech.types import TranscriptionResult

log = structlog.get_logger(__name__)

_SETTLE_POLL_SECONDS = 0.1
_SETTLE_POLLS = 30
"""How long (x 0.1 s) a pause waits for its words to be transcribed before giving up until the
next chunk."""

Key = tuple[UUID, int]
"""(session id, question sequence number)."""

PublishPartial = Callable[[str], Awaitable[None]]
Speculate = Callable[[ReceivedAudio, TranscriptionResult], Awaitable[Speculation]]


@dataclass(frozen=True)
class SpeculativeStart:
    """How this answer may start speculative replies."""

    speculate: Speculate
    pause_ms: int
    """Silence after a sentence that starts one."""
    limit: int | None
    """Most replies per answer (None: one per pause)."""
    backlogged: Callable[[], Awaitable[bool]]
    """Whether speech jobs are waiting for a worker (SpeechJobs.backlogged): no reply starts then."""


class LiveAnswer:
    """One answer's live transcription, the chunks it was fed, and its background transcription."""

    def __init__(
        self,
        transcription: LiveTranscription,
        publish_partial: PublishPartial,
        speculative: SpeculativeStart | None = None,
    ) -> None:
        self.transcription = transcription
        self.fed: set[int] = set()
        """Chunk indices handed to `receive`, in any order."""
        self.broken = False
        """The chunks stopped decoding: the meters stay as they were and finishAnswer decodes the
        whole recording instead."""
        self.spoken: SpokenSoFar | None = None
        """The speech and syllables of the audio received so far, as last measured: the pace is
        measured again from it when the transcription recognises more words."""
        self._publish_partial = publish_partial
        self._published = ""
        self._wanted = asyncio.Event()
        self._hearing: asyncio.Task[None] | None = None
        self._speculative = speculative
        self._received: ReceivedAudio | None = None
        self._speculation: Speculation | None = None
        self._speculations = 0
        self._taken = False
        self._finishing = False
        self._nudge = asyncio.Event()
        self._looks_left = _SETTLE_POLLS
        """Set by a new chunk or the finish: stop waiting for a transcript to settle."""

    async def receive(self, index: int, data: bytes) -> ReceivedAudio:
        """Decode chunk `index` (its new audio only); InvalidAudio marks the answer broken."""
        try:
            received = await self.transcription.receive(index, data)
        except Exception:
            self.broken = True
            raise
        self.fed.add(index)
        self._received = received
        if self._speculation is not None and self._speculation.outdated_by(received):
            # The candidate goes on: what was started on the pause is of no use any more.
            self._speculation.discard()
            self._speculation = None
        return received

    def hear(self) -> None:
        """Transcribe what was received, off the request path (one task per answer)."""
        self._wanted.set()
        self._nudge.set()
        self._looks_left = _SETTLE_POLLS
        if self._hearing is None or self._hearing.done():
            self._hearing = asyncio.create_task(self._hear())

    async def settled(self) -> None:
        """Wait for the background transcription to catch up (tests and finish)."""
        while self._hearing is not None and not self._hearing.done():
            await asyncio.wait([self._hearing])

    @property
    def speculation(self) -> Speculation | None:
        """The reply started on the last pause, while it may still be used."""
        return self._speculation

    def finishing(self) -> None:
        """The answer is being finished: start no speculative reply from now on (one being
        started completes; `settled()` waits for it)."""
        self._finishing = True
        self._nudge.set()

    def take_speculation(self) -> Speculation | None:
        """The reply started on the last pause, if any (finishAnswer); no other starts after this,
        and the audio last received is let go."""
        self._taken = True
        # The audio last received views the decoder's buffer as it was before the finish trimmed
        # it; nothing reads it now, and the answer may wait a minute for the speech workers.
        self._received = None
        speculation, self._speculation = self._speculation, None
        return speculation

    async def aclose(self) -> None:
        self._taken = True
        if self._speculation is not None:
            self._speculation.discard()
            self._speculation = None
        if self._hearing is not None:
            self._hearing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._hearing
        await self.transcription.aclose()

    async def _hear(self) -> None:
        while self._wanted.is_set():
            self._wanted.clear()
            try:
                partial = await self.transcription.transcribe_received()
            except Exception as error:
                # The finish transcribes again what is left; a failure here costs only partial text.
                log.warning("live transcription failed", error=str(error))
                return
            if partial is not None and partial.text and partial.text != self._published:
                self._published = partial.text
                await self._publish_partial(partial.text)
            if await self._consider_speculating() and self._looks_left > 0:
                self._looks_left -= 1
                await self._look_again_soon()

    async def _look_again_soon(self) -> None:
        """A cloud transcript arrives after its audio: hear again shortly, unless a chunk or the
        finish comes first."""
        self._nudge.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(_SETTLE_POLL_SECONDS):
                await self._nudge.wait()
        if not self._finishing:
            self._wanted.set()

    async def _consider_speculating(self) -> bool:
        """Start a speculative reply if the candidate paused after a sentence (speculation.py);
        True when they did but the words are still being transcribed (look again soon)."""
        start, received = self._speculative, self._received
        if start is None or received is None or self._speculation is not None:
            return False
        if self._taken or self._finishing:
            return False
        if start.limit is not None and self._speculations >= start.limit:
            return False
        if not paused(start.pause_ms, received, self.transcription.partial):
            return False
        transcription = self.transcription.transcript_so_far()
        if transcription is None:
            return True
        if not ends_a_sentence(transcription.text):
            return False
        if await start.backlogged():
            # Its speech jobs would queue behind (and delay) every other answer's, and under a
            # backlog it could not be ready before the finish anyway.
            SPECULATIVE_REPLIES.labels("skipped").inc()
            return False
        self._speculations += 1
        try:
            speculation = await start.speculate(received, transcription)
        except Exception as error:
            log.warning("speculative reply did not start", error=str(error))
            return False
        if self._taken or (self._received is not None and speculation.outdated_by(self._received)):
            speculation.discard()
            return False
        self._speculation = speculation
        return False


class LiveAnswers:
    """This process's answers being recorded, by (session id, sequence number)."""

    def __init__(self) -> None:
        self._answers: dict[Hashable, LiveAnswer] = {}

    def get(self, key: Key) -> LiveAnswer | None:
        return self._answers.get(key)

    async def open(self, key: Key, make: Callable[[], LiveAnswer]) -> LiveAnswer:
        """The key's answer, made if this process has none yet (an earlier answer of the same
        session left here, e.g. skipped, is closed then)."""
        answer = self._answers.get(key)
        if answer is None:
            stale = [k for k in self._answers if isinstance(k, tuple) and k[0] == key[0]]
            for old in stale:
                await self._answers.pop(old).aclose()
            answer = self._answers[key] = make()
        return answer

    def take(self, key: Key) -> LiveAnswer | None:
        """Remove and return the key's answer (the caller closes it)."""
        return self._answers.pop(key, None)

    async def aclose(self) -> None:
        answers, self._answers = list(self._answers.values()), {}
        for answer in answers:
            await answer.aclose()
