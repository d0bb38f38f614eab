"""Offline speech-to-text on generated answers: words, timings, hesitations, and the base model."""

from __future__ import annotations

import asyncio
import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from faster_whisper.transcribe import Word as WhisperWord
from interview.ai.base import SpeechToText
from interview.ai.local.stt import LocalWhisperSTT, timed_word, whisper_base_folder
from interview.settings import Settings
from interview.speech.decode import decode_audio
from interview.speech.samples import comparable_words, word_error_rate

from tests.speech_fixtures import reference_answer, reference_audio, reference_transcript, whisper_tiny

pytestmark = pytest.mark.slow


# Piper samples noise as it speaks, so each run hears another rendition of the reference answer
# (56 words): whisper-tiny missed 4-6 words in 15 renditions here and 7 in one CI run, whisper-base
# 1-4 in 12 and 6 in one CI run. The bounds leave that spread room; a transcript cut short, in
# another language or of the wrong audio misses far more.
TINY_WORD_ERROR_RATE = 0.15
BASE_WORD_ERROR_RATE = 0.13


def test_the_transcript_is_what_was_said() -> None:
    transcript = reference_transcript()
    assert word_error_rate(reference_answer().script.text, transcript.text) < TINY_WORD_ERROR_RATE
    assert transcript.model == "local/whisper-tiny.en"
    assert transcript.language == "en"
    assert transcript.duration_ms == reference_audio().duration_ms


UNSURE_ANSWER = Path(__file__).with_name("unsure_answer.wav")
"""7.4 s of a Piper rendition of the reference answer ending in "Okay, so, uh, let's see.", on which
whisper-tiny's greedy text scores below its log-prob threshold (-1.14 < -1)."""
UNSURE_ENDING = "Okay, so, uh, let's see."


def test_an_unsure_passage_is_transcribed_the_same_every_time() -> None:
    samples = decode_audio(UNSURE_ANSWER.read_bytes()).samples
    stt = whisper_tiny()
    with ThreadPoolExecutor(2) as pool:  # as on the speech threads, two at once
        texts = {stt.transcribe_pcm(samples).text for _ in range(3)} | set(
            pool.map(lambda _: stt.transcribe_pcm(samples).text, range(4))
        )

    # Sampling at a higher temperature made up another ending each time ("Looks...", "So, let me
    # see what it looks like."). The greedy text keeps the hesitant ending or, on some CPUs (whose
    # int8 kernels round differently), leaves it out; it never makes up another.
    assert len(texts) == 1, texts
    heard = comparable_words(texts.pop())
    ending = heard[len(heard) - heard[::-1].index("index") :]
    assert set(ending) <= set(comparable_words(UNSURE_ENDING)), heard


LOOPING_ANSWER = Path(__file__).with_name("looping_answer.flac")
"""32 s of a Piper rendition of this script (lossless), on which whisper-tiny's greedy decoding
with the text carried from its first window to the next fell into "a little bit of a little bit
of ..." (319 words)."""
LOOPING_SCRIPT = (
    "I would start by measuring where the time actually goes in the request. Um, the slow part was"
    " the database query that scanned the whole orders table. So we added an index on the customer"
    " and the date, and the latency dropped a lot. You know, after that we cached the product"
    " catalogue for a minute at a time. The hardest part was convincing the team that the numbers"
    " were real. We wrote a small load test and ran it every night against a copy of production. Uh,"
    " one regression slipped through once, and the test caught the next one."
)


def test_a_repetition_loop_is_decoded_again_without_the_carried_text() -> None:
    transcript = whisper_tiny().transcribe_pcm(decode_audio(LOOPING_ANSWER.read_bytes()).samples)
    assert word_error_rate(LOOPING_SCRIPT, transcript.text) < 0.1, transcript.text
    assert "um" in comparable_words(transcript.text)  # the filler prompt still held in the first window


def test_hesitations_are_kept_in_the_transcript() -> None:
    heard = comparable_words(reference_transcript().text)
    assert "um" in heard or "uh" in heard


def test_words_carry_plain_float_timings_in_order_and_a_confidence() -> None:
    transcript = reference_transcript()
    duration = transcript.duration_ms / 1000
    assert len(transcript.words) >= 40
    previous_end = 0.0
    for word in transcript.words:
        assert type(word.start) is float and type(word.end) is float and type(word.probability) is float
        assert previous_end - 0.05 <= word.start < word.end <= duration + 0.05
        previous_end = word.end
    assert type(transcript.confidence) is float
    assert transcript.confidence is not None and 0.6 < transcript.confidence <= 1.0
    # Word timings agree with the audio: the longest gap between words is the 1.6 s pause.
    gaps = [later.start - earlier.end for earlier, later in itertools.pairwise(transcript.words)]
    assert 0.8 <= max(gaps) <= 2.2


def test_a_word_whisper_squeezed_into_one_frame_is_given_that_frame() -> None:
    squeezed = timed_word(WhisperWord(start=1.24, end=1.24, word=" the", probability=0.4), 2.0)
    assert (squeezed.text, squeezed.start, squeezed.probability) == ("the", 3.24, 0.4)
    assert squeezed.end == pytest.approx(3.26)
    spoken = timed_word(WhisperWord(start=1.0, end=1.5, word=" index.", probability=0.9), 2.0)
    assert (spoken.text, spoken.start, spoken.end) == ("index.", 3.0, 3.5)


def test_it_implements_the_speech_to_text_role() -> None:
    assert isinstance(whisper_tiny(), SpeechToText)


async def test_transcription_leaves_the_event_loop_free() -> None:
    stt = whisper_tiny()
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    result = await stt.transcribe(reference_audio())
    elapsed = time.perf_counter() - started
    ticker.cancel()
    assert result.words
    # A blocked loop would tick once; a free one ticks about every 10 ms throughout.
    assert ticks >= 0.3 * elapsed / 0.01


def test_the_model_is_loaded_once_per_process_even_when_threads_race() -> None:
    instances = [LocalWhisperSTT(Settings(_env_file=None)) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        models = list(pool.map(lambda stt: stt.model(), instances))
    assert all(model is whisper_tiny().model() for model in models)


def test_the_base_model_is_joined_once_and_atomically(tmp_path: Path) -> None:
    folder = whisper_base_folder(tmp_path)
    model = folder / "model.bin"
    assert {path.name for path in folder.iterdir()} == {
        "model.bin", "config.json", "tokenizer.json", "vocabulary.json",
    }  # fmt: skip
    assert model.stat().st_size > 140_000_000
    first_write = model.stat().st_mtime_ns
    assert whisper_base_folder(tmp_path) == folder
    assert model.stat().st_mtime_ns == first_write


def test_the_base_model_transcribes_and_detects_the_language(tmp_path: Path) -> None:
    stt = LocalWhisperSTT(Settings(_env_file=None, data_dir=tmp_path, local_stt_model="base"))
    transcript = stt.transcribe_samples(reference_audio())
    assert stt.name == transcript.model == "local/whisper-base"
    assert transcript.language == "en"
    assert word_error_rate(reference_answer().script.text, transcript.text) < BASE_WORD_ERROR_RATE
