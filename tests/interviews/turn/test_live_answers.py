"""LiveAnswer: what an answer being finished keeps while it waits for its turn."""

from __future__ import annotations

import gc
import weakref

import pytest
from interview.ai.local.live_stt import LocalLiveTranscription
from interview.interviews.turn.live_answers import LiveAnswer
from interview.speech.encode import encode_pcm
from interview.speech.samples import recorder_chunks
from interview.speech.types import SAMPLE_RATE

from tests.speech_fixtures import reference_answer, speech_settings, whisper_tiny

pytestmark = pytest.mark.slow


async def _no_partials(_text: str) -> None:
    """Partial transcripts are not this test's subject."""


async def test_a_finished_answer_keeps_only_its_exact_pcm() -> None:
    """finishAnswer trims the decoder's buffer to the samples received; the untrimmed buffer
    (up to a quarter larger) must not stay alive with the answer while it waits for the speech
    workers, which takes a minute under a backlog."""
    webm = encode_pcm(reference_answer().samples, SAMPLE_RATE, "webm", live=True)
    live = LiveAnswer(LocalLiveTranscription(whisper_tiny(), speech_settings()), _no_partials)
    for index, chunk in enumerate(recorder_chunks(webm)):
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

    assert buffer() is None
    samples = streamed.audio.samples
    storage = samples if samples.base is None else samples.base
    assert storage.size == samples.size
    await live.aclose()
