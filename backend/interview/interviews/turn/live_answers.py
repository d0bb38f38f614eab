"""The answers being recorded in this process, each heard while it is spoken.

One `LiveAnswer` per answer per process wraps the answer's `LiveTranscription`. appendAnswerAudio
hands it each stored chunk: `receive` decodes only the chunk's new audio on the request path (the
meters come from it), and a background task per answer transcribes the utterances it closed and
publishes PartialTranscript with the words recognised so far. Nothing here is stored: the chunks
in audio_chunks are the answer's state, so a process that never saw some of them (a restart, a
chunk that went to another process) feeds the stored ones first and reaches the same place.
finishAnswer `take`s the answer and finishes its transcription (run.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Hashable
from uuid import UUID

import structlog

from interview.ai.base import LiveTranscription, ReceivedAudio
from interview.interviews.turn.live_voice import SpokenSoFar

log = structlog.get_logger(__name__)

Key = tuple[UUID, int]
"""(session id, question sequence number)."""

PublishPartial = Callable[[str], Awaitable[None]]


class LiveAnswer:
    """One answer's live transcription, the chunks it was fed, and its background transcription."""

    def __init__(self, transcription: LiveTranscription, publish_partial: PublishPartial) -> None:
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

    async def receive(self, index: int, data: bytes) -> ReceivedAudio:
        """Decode chunk `index` (its new audio only); InvalidAudio marks the answer broken."""
        try:
            received = await self.transcription.receive(index, data)
        except Exception:
            self.broken = True
            raise
        self.fed.add(index)
        return received

    def hear(self) -> None:
        """Transcribe what was received, off the request path (one task per answer)."""
        self._wanted.set()
        if self._hearing is None or self._hearing.done():
            self._hearing = asyncio.create_task(self._hear())

    async def settled(self) -> None:
        """Wait for the background transcription to catch up (tests and finish)."""
        while self._hearing is not None and not self._hearing.done():
            await asyncio.wait([self._hearing])

    async def aclose(self) -> None:
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
