"""LiveAnswer: when it starts speculative replies, and what an answer being finished keeps while
it waits for its turn."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from functools import cache

import pytest
from interview.ai.base import ReceivedAudio
from interview.ai.local.live_stt import LocalLiveTranscription
from interview.interviews.turn.live_answers import LiveAnswer, SpeculativeStart
from interview.interviews.turn.speculation import Speculation
from interview.speech.encode import encode_pcm
from interview.speech.samples import recorder_chunks
from interview.speech.types import SAMPLE_RATE, TranscriptionResult

from tests.interviews.helpers import speculative_replies
from tests.speech_fixtures import reference_answer, speech_settings, whisper_tiny

pytestmark = pytest.mark.slow


async def _no_partials(_text: str) -> None:
    """Partial transcripts are not this test's subject."""


@cache
def _reference_chunks() -> list[bytes]:
    """The reference answer (pauses of 1.6 and 0.9 s after sentences) as 1 s recorder chunks."""
    return recorder_chunks(encode_pcm(reference_answer().samples, SAMPLE_RATE, "webm", live=True))


async def test_a_finished_answer_keeps_none_of_its_pcm() -> None:
    """finishAnswer copies the clips still to transcribe and lets the answer's PCM go: the turn
    reads only the summary (frame levels), and under a backlog it waits minutes for the speech
    workers. Neither the growing buffer (up to a quarter larger) nor its trimmed copy stays."""
    pcm_bytes = reference_answer().samples.nbytes
    tracemalloc.start(1)
    try:
        live = LiveAnswer(LocalLiveTranscription(whisper_tiny(), speech_settings()), _no_partials)
        for index, chunk in enumerate(_reference_chunks()):
            received = await live.receive(index, chunk)
        untrimmed = received.samples.base
        assert untrimmed is not None and untrimmed.size > received.samples.size  # room to spare
        buffer = weakref.ref(untrimmed)
        del received, untrimmed

        # As finishAnswer does (recording.answer_from_recording).
        live.finishing()
        await live.settled()
        assert live.take_speculation() is None
        streamed = await live.transcription.finish()
        gc.collect()
        # The recording's bytes stay (about a third of the PCM's size here): the turn stores them.
        kept = [
            (trace.size, str(trace.traceback))
            for trace in tracemalloc.take_snapshot().traces
            if trace.size >= pcm_bytes // 2
        ]
    finally:
        tracemalloc.stop()

    assert buffer() is None
    assert kept == [], f"alive after the finish (size, where): {kept}; the PCM is {pcm_bytes} bytes"
    assert streamed.summary.duration_ms == len(reference_answer().samples) * 1000 // SAMPLE_RATE
    assert len(streamed.transcription.text.split()) > 40  # the last utterance was transcribed
    await live.aclose()


async def _replies_started_on_pauses(*, backlogged: bool) -> list[str]:
    """The reference answer streamed chunk by chunk; the words each speculative reply was asked
    to start on."""
    started_on: list[str] = []

    async def speculate(_received: ReceivedAudio, transcription: TranscriptionResult) -> Speculation:
        started_on.append(transcription.text)
        raise RuntimeError("what a reply does is speculation.py's subject, not this test's")

    async def speech_jobs_backlogged() -> bool:
        return backlogged

    start = SpeculativeStart(speculate, pause_ms=700, limit=None, backlogged=speech_jobs_backlogged)
    live = LiveAnswer(LocalLiveTranscription(whisper_tiny(), speech_settings()), _no_partials, start)
    for index, chunk in enumerate(_reference_chunks()):
        await live.receive(index, chunk)
        live.hear()
        await live.settled()
    await live.aclose()
    return started_on


async def test_a_pause_after_a_sentence_starts_a_reply_unless_speech_jobs_wait_for_a_worker() -> None:
    assert await _replies_started_on_pauses(backlogged=False)

    skipped_before = speculative_replies("skipped")
    assert await _replies_started_on_pauses(backlogged=True) == []
    assert speculative_replies("skipped") > skipped_before
