"""The interviewer's next question, spoken while it is written: sentence by sentence.

As the interviewer streams text, each complete sentence goes to speech synthesis at once (the
syntheses run concurrently) and becomes one InterviewerSpeech event, in order: chunkIndex 0, 1,
... with `final` on the last. A chunk is only sent once the next sentence has begun or the text
is complete, since only then is it known whether it is the last.

The interviewer's final `NextQuestion.text` is authoritative: when a fallback replaced a broken
stream, the sentences that differ are dropped (if not yet sent) and the final ones are spoken.
When a sentence that differs was already sent, the whole final question is spoken again after
it, its first chunk marked `restarted` so listeners drop what they heard of this question.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID

from interview.ai.base import NextQuestion, SynthesizedSpeech, TextDelta, TextToSpeech
from interview.db.rows import Row
from interview.events.bus import Broker
from interview.interviews.events import (
    InterviewerSpeech,
    LiveMetricsUpdated,
    QuestionAsked,
    SpokenAudio,
    publish,
)
from interview.interviews.question_audio import keep_question_audio
from interview.interviews.questions import speak
from interview.speech.encode import join_clips
from interview.speech.types import VoiceProfile
from interview.speech.workers import run_cpu

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+")


class SentenceSplitter:
    """Cuts streamed text into sentences as soon as each one is complete."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, text: str) -> list[str]:
        """The sentences completed by `text` (a sentence ends at . ! or ? followed by a space)."""
        self._buffer += text
        sentences: list[str] = []
        start = 0
        for match in _SENTENCE_END.finditer(self._buffer):
            sentence = self._buffer[start : match.end()].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
        self._buffer = self._buffer[start:]
        return sentences

    def flush(self) -> list[str]:
        """The unfinished last sentence, once the text is complete."""
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []


def split_sentences(text: str) -> list[str]:
    splitter = SentenceSplitter()
    return [*splitter.feed(text), *splitter.flush()]


class SpeechOutbox:
    """Where a question's InterviewerSpeech events go: held back until `release()`, or sent at once.

    Holding keeps the contract's order (no InterviewerSpeech before TranscriptReady) while the
    speech synthesis itself runs ahead; a held outbox that is never released sends nothing.
    """

    def __init__(self, broker: Broker, session_id: UUID, *, held: bool) -> None:
        self._broker = broker
        self._session_id = session_id
        self._held = held
        self._buffer: list[InterviewerSpeech] = []
        self._lock = asyncio.Lock()

    async def put(
        self,
        question_id: UUID,
        chunk_index: int,
        text: str,
        speech: SynthesizedSpeech | None,
        *,
        final: bool,
        restarted: bool = False,
    ) -> None:
        event = InterviewerSpeech(
            session_id=self._session_id,
            question_id=question_id,
            chunk_index=chunk_index,
            text_delta=text,
            audio=SpokenAudio.of(speech),
            final=final,
            restarted=restarted,
        )
        async with self._lock:
            if self._held:
                self._buffer.append(event)
                return
            await publish(self._broker, event)

    async def release(self) -> None:
        """Send what was held, in order, and everything after it at once."""
        async with self._lock:
            for event in self._buffer:
                await publish(self._broker, event)
            self._buffer.clear()
            self._held = False


@dataclass(frozen=True)
class SpokenSentence:
    text: str
    speech: SynthesizedSpeech | None
    """None when synthesis failed for this sentence."""


_Clip = tuple[str, "asyncio.Task[SynthesizedSpeech | None]"]


class QuestionSpeaker:
    """Speaks one streamed question: `listen()` returns its final text, `finished()` its clips.

    `speak_ahead=False` (a speculative reply) synthesises the first sentence only, until
    `speak_ahead()` is called: what may be thrown away costs one sentence of speech.
    """

    def __init__(
        self,
        tts: TextToSpeech,
        voice: VoiceProfile,
        question_id: UUID,
        outbox: SpeechOutbox,
        *,
        speak_ahead: bool = True,
    ) -> None:
        self.question_id = question_id
        self._ahead = asyncio.Event()
        if speak_ahead:
            self._ahead.set()
        self._tts = tts
        self._voice = voice
        self._outbox = outbox
        self._clips: list[_Clip] = []
        """What is (or will be) sent, in chunk order."""
        self._spoken: list[_Clip] = []
        """The final text's sentences and their clips (known once the text is complete)."""
        self._claimed = 0
        self._restart_at: int | None = None
        """The chunk that starts the question over, if a wrong sentence was sent before `_settle`."""
        self._done = False
        self._changed = asyncio.Event()
        self._sender: asyncio.Task[None] | None = None

    async def listen(self, stream: AsyncIterator[TextDelta | NextQuestion]) -> NextQuestion:
        """Consume the interviewer's stream, starting speech per sentence; the final question."""
        self._sender = asyncio.create_task(self._send_chunks())
        splitter = SentenceSplitter()
        final: NextQuestion | None = None
        try:
            async for item in stream:
                if isinstance(item, TextDelta):
                    for sentence in splitter.feed(item.text):
                        self._add(sentence)
                else:
                    final = item
            if final is None:
                raise RuntimeError("the interviewer ended its stream without a question")
        except BaseException:
            self.cancel()
            raise
        for sentence in splitter.flush():
            self._add(sentence)
        self._settle(final.text)
        return final

    async def finished(self) -> list[SpokenSentence]:
        """Wait until every chunk was handed to the outbox; the final text's sentences and clips."""
        assert self._sender is not None, "listen() first"
        await self._sender
        return [SpokenSentence(text, await task) for text, task in self._spoken]

    def speak_ahead(self) -> None:
        """Synthesise every sentence from now on, not only the first."""
        self._ahead.set()

    def cancel(self) -> None:
        if self._sender is not None:
            self._sender.cancel()
        for _, task in self._clips:
            task.cancel()

    def _add(self, sentence: str) -> None:
        self._clips.append((sentence, self._synthesis(sentence, first=not self._clips)))
        self._changed.set()

    def _synthesis(self, sentence: str, *, first: bool) -> asyncio.Task[SynthesizedSpeech | None]:
        return asyncio.create_task(self._speak(sentence, first))

    async def _speak(self, sentence: str, first: bool) -> SynthesizedSpeech | None:
        if not first:
            await self._ahead.wait()
        return await speak(self._tts, self._voice, sentence)

    def _settle(self, text: str) -> None:
        """Make the final text authoritative (no await here: the sender sees one consistent state)."""
        final_sentences = split_sentences(text)
        streamed = [sentence for sentence, _ in self._clips]
        same = 0
        while same < min(len(streamed), len(final_sentences)) and streamed[same] == final_sentences[same]:
            same += 1
        keep = max(same, self._claimed)
        for _, task in self._clips[keep:]:
            task.cancel()
        if keep > same:
            # A sentence of the broken stream was already sent: start the question over.
            same = 0
            self._restart_at = keep
        replacement = [
            (sentence, self._synthesis(sentence, first=keep + offset == 0))
            for offset, sentence in enumerate(final_sentences[same:])
        ]
        self._spoken = self._clips[:same] + replacement
        self._clips = self._clips[:keep] + replacement
        self._done = True
        self._changed.set()

    async def _send_chunks(self) -> None:
        while True:
            while not (
                len(self._clips) > self._claimed + 1 or (self._done and len(self._clips) > self._claimed)
            ):
                if self._done:
                    return
                self._changed.clear()
                await self._changed.wait()
            index = self._claimed
            self._claimed += 1
            text, task = self._clips[index]
            speech = await task
            # Until the text is complete a successor exists (it is only dropped when settling).
            final = self._done and index == len(self._clips) - 1
            await self._outbox.put(
                self.question_id, index, text, speech, final=final, restarted=index == self._restart_at
            )


async def whole_clip(sentences: list[SpokenSentence]) -> SynthesizedSpeech | None:
    """The question as one clip (the sentence clips joined), or None when any sentence has no audio."""
    clips = [sentence.speech for sentence in sentences]
    if not clips or any(clip is None for clip in clips):
        return None
    present = [clip for clip in clips if clip is not None]
    if len(present) == 1:
        return present[0]
    audio, duration_ms = await run_cpu(join_clips, [clip.audio for clip in present])
    return SynthesizedSpeech(
        audio=audio, mime_type="audio/ogg", duration_ms=duration_ms, model=present[0].model
    )


async def announce_next_question(
    broker: Broker,
    session_id: UUID,
    speaker: QuestionSpeaker | None,
    outbox: SpeechOutbox,
    next_question: Row | None,
    live_metrics: Row,
) -> SynthesizedSpeech | None:
    """After the commit: the question's held speech, QuestionAsked, then LiveMetricsUpdated.

    Returns the question as one clip (None when there is no next question or it has no audio),
    stored before QuestionAsked, so whoever hears of the question can fetch its audio.
    """
    clip = None
    if speaker is not None and next_question is not None:
        await outbox.release()
        clip = await whole_clip(await speaker.finished())
        if next_question["id"] == speaker.question_id:  # else another call's question, not this text
            await keep_question_audio(session_id, speaker.question_id, clip)
        await publish(broker, QuestionAsked(session_id=session_id, question=next_question))
    await publish(broker, LiveMetricsUpdated(session_id=session_id, metrics=live_metrics))
    return clip
