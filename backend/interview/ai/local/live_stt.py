"""Offline speech-to-text while the answer is spoken, and of long files in parallel pieces.

Streamed: each utterance is transcribed as a speech job (ai/speech_jobs.py) as soon as the candidate
has been silent for TRAIL_MS after it (before the longer silence that closes it), with the text
before it as Whisper's context; inside an utterance, the words before a pause between sentences
are transcribed and kept at that pause. So at the finish only the audio after the last
transcribed sentence is left. Whole files: cut at silences into pieces of at most
STT_SEGMENT_SECONDS and transcribed as that many speech jobs at once (on all threads, or spread
over the workers behind the queue). The chunks' decoding and voice activity stay in this process:
the decoder keeps state from chunk to chunk, and costs about 3 ms per second of audio.

Both give the same TranscriptionResult as `LocalWhisperSTT.transcribe` of the whole file: the
text, and words whose timings count from the start of the answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from interview.ai.base import ReceivedAudio, StreamedTranscript
from interview.ai.local.stt import LocalWhisperSTT, mean_probability
from interview.settings import Settings
from interview.speech.live_audio import FinishedAudio, LiveAnswerAudio
from interview.speech.sentences import ends_a_sentence
from interview.speech.types import SAMPLE_RATE, DecodedAudio, PartialTranscript, TranscriptionResult
from interview.speech.utterances import Utterance, split_at_silences
from interview.speech.vad import FRAME_SAMPLES, VoiceActivity
from interview.speech.workers import run_cpu

SENTENCE_GAP_MS = 350
"""A pause inside an utterance this long may end a sentence: what comes before it is transcribed
then, and kept for good if Whisper ends it with a full stop (or ? or !). The utterance's close
then leaves only the words after it: when "Done" comes right after the last word, Whisper reads
the last sentence rather than the last few (0.39 s against 0.49 s for two sentences here)."""


class LocalLiveTranscription:
    """One answer transcribed as its recorder chunks arrive (see the module docstring).

    After a crash, a new instance fed the stored chunks redoes the work on the same utterances,
    with the same transcript for each: the utterances and their clips come from the audio alone.
    Only the commits at pauses between sentences depend on timing: a pause that later audio
    already waits behind is passed over (`_worth_handling`), so chunks fed at once commit none.

    Ahead of the close: once the candidate has been silent for TRAIL_MS, the open utterance's
    clip is final unless they speak again (speech/utterances.py), so it is transcribed then, with
    the same context its close would give it: the same input, so the same transcript, whenever the
    chunks arrived. Its words show in the partial transcript at once; if the utterance closes with
    that clip, that is its transcript and no second transcription runs; if the candidate goes on,
    it stays in the partial text until the next one.

    Sentence by sentence: when the candidate goes on after a pause of SENTENCE_GAP_MS inside an
    utterance, the clip before it (transcribed then, or already ahead of that pause) is committed
    if its transcript ends a sentence: its words are final, and the rest of the utterance is
    transcribed from that pause on (with them as context). bench/load.py (50 candidates, 2 workers)
    spent 4.59 s of worker CPU per answer when every pause was handled, against 2.2-3.0 s before
    them: under a backlog each pause cost one more call, and none shortened a wait.
    """

    def __init__(self, stt: LocalWhisperSTT, settings: Settings) -> None:
        self._stt = stt
        self._audio = LiveAnswerAudio(
            utterance_silence_ms=settings.utterance_silence_ms,
            max_utterance_seconds=settings.stt_segment_seconds,
            sentence_gap_ms=SENTENCE_GAP_MS,
        )
        self._results: list[TranscriptionResult] = []
        self._heard = 0
        self._todo: list[_Step] = []
        """Utterances closed and pauses between sentences, decoded but not handled yet, in order."""
        self._committed = _Committed(0, 0)
        self._pending: Utterance | None = None
        """The open utterance once its clip is complete (as of the last chunk decoded)."""
        self._ahead: _Ahead | None = None
        """The last clip transcribed ahead of its close (or its sentence's commit)."""
        self._tail: tuple[int, npt.NDArray[np.int16]] | None = None
        """After the finish let the PCM go: where the audio still to transcribe starts, and a copy of it."""
        self._decoding = asyncio.Lock()
        self._lock = asyncio.Lock()
        self._finished: StreamedTranscript | None = None

    @property
    def partial(self) -> PartialTranscript:
        """The words recognised so far."""
        results, heard = self._results, self._heard
        if self._ahead is not None and self._ahead.index == len(results):
            results, heard = [*results, self._ahead.result], max(heard, self._ahead.clip[1])
        return PartialTranscript(
            text=_joined(results),
            heard_ms=heard * 1000 // SAMPLE_RATE,
            received_ms=self._audio.received_ms,
        )

    async def add_chunk(self, index: int, data: bytes) -> PartialTranscript | None:
        """Take recorder chunk `index` (any order); the new partial transcript if it has new words.

        Decodes only the new audio and transcribes the utterances it closed (and the open one, if
        the candidate is silent). InvalidAudio when the chunks do not decode.
        """
        await self.receive(index, data)
        return await self.transcribe_received()

    async def receive(self, index: int, data: bytes) -> ReceivedAudio:
        """Decode chunk `index` (only its new audio) and find the utterances it closed; the audio so far."""
        async with self._decoding:
            steps, self._pending = await run_cpu(self._take_chunk, index, data)
            self._todo += steps
            return ReceivedAudio(self._audio.decoder.pcm.samples, self._audio.segmenter.activity())

    async def transcribe_received(self) -> PartialTranscript | None:
        """Transcribe the utterances closed so far, then the open one if its clip is complete; the
        new partial transcript, None if no new words were transcribed."""
        async with self._lock:
            steps, self._todo = _worth_handling(self._todo, self._pending), []
            heard = [await self._handle(step) is not None for step in steps]
            ahead = await self._transcribe_ahead()
            return self.partial if any(heard) or ahead else None

    def transcript_so_far(self) -> TranscriptionResult | None:
        """The transcription `finish()` would give if only silence followed what was received;
        None while some of it is still being transcribed."""
        if self._todo or self._lock.locked() or self._finished is not None:
            return None
        results = self._results
        part = None if self._pending is None else self._uncommitted(self._pending)
        if part is not None:
            if not self._is_ahead(part):
                return None
            assert self._ahead is not None
            results = [*results, self._ahead.result]
        return combine(results, self._audio.received_ms, self._stt.name)

    async def finish(self) -> StreamedTranscript:
        """Transcribe what is left after the last committed words; the whole answer's transcript.

        The PCM is let go before those last transcriptions: they read a copy of the audio after
        the last committed words, and the turn reads the summary.
        """
        async with self._decoding, self._lock:
            if self._finished is None:
                finished: FinishedAudio = await run_cpu(self._audio.finish)
                steps = _worth_handling([*self._todo, *_in_order(finished.gaps, finished.remaining)], None)
                self._todo, self._pending = [], None
                summary, activity = finished.summary, finished.activity
                start = self._committed.end
                self._tail = (start, finished.audio.samples[start:].copy())
                del finished  # with the decoder's buffer, the last reference to the answer's PCM
                self._audio.release()
                left: int | None = None
                for step in steps:
                    transcribed_from = await self._handle(step)
                    if left is None:
                        left = transcribed_from
                self._finished = StreamedTranscript(
                    summary=summary,
                    activity=activity,
                    transcription=combine(self._results, summary.duration_ms, self._stt.name),
                    left_at_finish_ms=0 if left is None else summary.duration_ms - left * 1000 // SAMPLE_RATE,
                )
                self._tail = None
            return self._finished

    async def aclose(self) -> None:
        """Nothing to release (the model and the workers are the process's)."""

    def _take_chunk(self, index: int, data: bytes) -> tuple[list[_Step], Utterance | None]:
        closed = self._audio.add_chunk(index, data)
        return _in_order(self._audio.segmenter.take_gaps(), closed), self._audio.pending()

    def _uncommitted(self, utterance: Utterance) -> Utterance | None:
        """The part of `utterance` after the committed words (None if it has no speech there)."""
        committed = self._committed
        if utterance.start >= committed.end:
            return utterance
        if utterance.speech_end <= committed.end:
            return None
        speech_start = max(utterance.speech_start, committed.resume)
        return Utterance(committed.end, utterance.end, speech_start, utterance.speech_end)

    def _is_ahead(self, part: Utterance) -> bool:
        """Was `part` (the next to transcribe) transcribed ahead of its close?"""
        ahead = self._ahead
        return ahead is not None and ahead.index == len(self._results) and ahead.clip == part.clip

    async def _handle(self, step: _Step) -> int | None:
        """Close an utterance or consider a sentence's commit; where the clip Whisper read starts,
        None when no new words were transcribed."""
        utterance, closes = step
        part = self._uncommitted(utterance)
        if closes and utterance.end > self._committed.end:
            self._committed = _Committed(utterance.end, utterance.end)
        if part is None:
            if closes:
                self._heard = utterance.end
            return None
        fresh = not self._is_ahead(part)
        if fresh:
            self._ahead = _Ahead(len(self._results), part.clip, await self._transcribe_clip(part))
        assert self._ahead is not None
        if closes:
            self._results.append(self._ahead.result)
            self._heard = utterance.end
        elif ends_a_sentence(self._ahead.result.text):
            self._results.append(self._ahead.result)
            self._heard = part.clip_end
            # The next words start after this pause; their clip may begin anywhere in it.
            self._committed = _Committed(utterance.speech_end + FRAME_SAMPLES, utterance.end)
        return part.clip_start if fresh else None

    async def _transcribe_ahead(self) -> bool:
        """Transcribe the open utterance if its clip is complete and not transcribed yet."""
        part = None if self._pending is None else self._uncommitted(self._pending)
        if part is None or self._is_ahead(part):
            return False
        self._ahead = _Ahead(len(self._results), part.clip, await self._transcribe_clip(part))
        return True

    def _clip(self, part: Utterance) -> npt.NDArray[np.int16]:
        """A copy, not a view: a job waiting in the queue keeps its clip alive, and a view would
        keep the answer's whole growing buffer with it (each older one too, once it has grown)."""
        start, end = part.clip
        if self._tail is not None:
            offset, samples = self._tail
            return samples[start - offset : end - offset].copy()
        return self._audio.decoder.pcm.samples[start:end].copy()

    async def _transcribe_clip(self, part: Utterance) -> TranscriptionResult:
        return await self._stt.transcribe_clip(
            self._clip(part),
            context=_joined(self._results),
            offset_seconds=part.clip_start / SAMPLE_RATE,
        )


class _Step(NamedTuple):
    """An utterance that closed, or (`closes` False) one up to a pause between sentences inside it."""

    utterance: Utterance
    closes: bool


def _in_order(gaps: list[Utterance], closed: list[Utterance]) -> list[_Step]:
    """Pauses and closes as they happened: a pause comes before its utterance's close."""
    steps = [_Step(gap, False) for gap in gaps] + [_Step(utterance, True) for utterance in closed]
    return sorted(steps, key=lambda step: step.utterance.end)


def _worth_handling(steps: list[_Step], pending: Utterance | None) -> list[_Step]:
    """The steps less the pauses that later audio already waits behind (a later pause, a close or
    a pending clip): committing their words would cost Whisper a call that no longer shortens the
    wait at the finish. While the transcription keeps up, each pause is handled as it comes; under a
    backlog (the speech workers busy, chunks piling up), only the latest counts, so a backlog adds
    no Whisper calls."""
    kept = [step for i, step in enumerate(steps) if step.closes or i == len(steps) - 1]
    last = kept[-1] if kept else None
    if last is not None and not last.closes and pending is not None:
        if pending.speech_end > last.utterance.end:  # the candidate spoke again and paused since
            kept.pop()
    return kept


@dataclass(frozen=True)
class _Committed:
    """The words before sample `end` are final; the speech after them resumes at `resume`."""

    end: int
    resume: int


@dataclass(frozen=True)
class _Ahead:
    """The `index`th result, transcribed ahead of its close on the samples `clip`."""

    index: int
    clip: tuple[int, int]
    result: TranscriptionResult


async def transcribe_in_parallel(
    stt: LocalWhisperSTT, audio: DecodedAudio, settings: Settings
) -> tuple[TranscriptionResult, VoiceActivity]:
    """A whole file cut at silences and transcribed on all speech workers; with its voice activity.

    The pieces cannot see each other's text (they run at once), so each gets the filler prompt
    alone; a piece holds several utterances up to STT_SEGMENT_SECONDS, which keeps context within it.
    """
    pieces, activity = await run_cpu(
        split_at_silences,
        audio.samples,
        silence_ms=settings.utterance_silence_ms,
        max_seconds=settings.stt_segment_seconds,
    )
    results = await asyncio.gather(
        *(
            stt.transcribe_clip(
                audio.samples[piece.clip_start : piece.clip_end],
                offset_seconds=piece.clip_start / SAMPLE_RATE,
            )
            for piece in pieces
        )
    )
    return combine(list(results), audio.duration_ms, stt.name), activity


def combine(results: list[TranscriptionResult], duration_ms: int, model: str) -> TranscriptionResult:
    """Transcripts of consecutive pieces of one answer as one transcript of the whole answer."""
    words = [word for result in results for word in result.words]
    return TranscriptionResult(
        text=_joined(results),
        words=words,
        language=next((result.language for result in results if result.language), None),
        confidence=mean_probability(words),
        duration_ms=duration_ms,
        model=model,
    )


def _joined(results: list[TranscriptionResult]) -> str:
    return " ".join(result.text for result in results if result.text)
