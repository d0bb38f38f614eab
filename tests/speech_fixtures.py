"""Speech test material, built once per test process: the local voices, Whisper, and spoken answers
whose pauses, pace and fillers are known because we made them."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from interview.ai.local.stt import LocalWhisperSTT
from interview.ai.local.tts import PiperTTS
from interview.settings import Settings
from interview.speech.decode import decode_audio
from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, SampleAnswer, speak_script
from interview.speech.types import SAMPLE_RATE, DecodedAudio, TranscriptionResult, VoiceProfile

REFERENCE_SCRIPT = AnswerScript(
    sentences=[
        "Umm, so the first thing I did was profile the slow endpoint.",
        "We found that the database query was missing an index.",
        "I added the index, and, uh, the latency dropped from two seconds to fifty milliseconds.",
        "You know, the team was basically blocked until then.",
        "Looking back, I would plan the migration earlier next time.",
    ],
    silences_after=[0.2, 1.6, 0.15, 0.9],
    leading_seconds=0.8,
    trailing_seconds=0.6,
    voice=VoiceProfile(name="candidate", speed=0.95),
    fillers=["um", "uh", "you know", "basically"],
)
"""Two pauses (1.6 s and 0.9 s), two joins that are not pauses, 0.8 s before the first word."""


SENTENCES_APART = [
    "I would start by measuring where the time actually goes in the request.",
    "The slow part was the database query that scanned the whole orders table.",
    "So we added an index on the customer and the date.",
]


def sentences_apart(trailing_seconds: float, sentences: list[str] = SENTENCES_APART) -> AnswerScript:
    """Sentences 0.45 s apart: too short a silence to close an utterance (0.6 s), long enough to
    be a pause between sentences (0.35 s)."""
    return AnswerScript(
        sentences=sentences,
        silences_after=[0.45] * (len(sentences) - 1),
        leading_seconds=0.5,
        trailing_seconds=trailing_seconds,
    )


@cache
def speech_settings() -> Settings:
    data_dir = Path(tempfile.mkdtemp(prefix="speech-tests-"))
    return Settings(_env_file=None, data_dir=data_dir, environment="test")


@cache
def piper() -> PiperTTS:
    """The voice of the tests' recordings: the same text is always the same samples, so a test
    reads the same audio in every run (Piper as served varies each render: `served_piper`)."""
    return PiperTTS(speech_settings(), varied=False)


@cache
def served_piper() -> PiperTTS:
    """Piper as the platform speaks: each render's intonation and timing drawn at random."""
    return PiperTTS(speech_settings())


@cache
def whisper_tiny() -> LocalWhisperSTT:
    stt = LocalWhisperSTT(speech_settings())
    stt.model()
    return stt


@cache
def reference_answer() -> SampleAnswer:
    return speak_script(piper(), REFERENCE_SCRIPT)


@cache
def reference_audio() -> DecodedAudio:
    """The reference answer as a browser would upload it: webm/opus without a duration."""
    return decode_audio(encode_pcm(reference_answer().samples, SAMPLE_RATE, "webm", live=True))


@cache
def reference_transcript() -> TranscriptionResult:
    return whisper_tiny().transcribe_samples(reference_audio())


@cache
def short_phrase() -> npt.NDArray[np.int16]:
    """About two seconds of speech with silence around it, for decode tests."""
    script = AnswerScript(sentences=["I would start with the database schema."], silences_after=[])
    return speak_script(piper(), script).samples


def scaled(samples: npt.NDArray[np.int16], decibels: float) -> npt.NDArray[np.int16]:
    """The signal made louder or quieter, saturating at full scale like an overdriven input."""
    gain = 10 ** (decibels / 20)
    return np.clip(samples.astype(np.float64) * gain, -32768, 32767).astype(np.int16)


def pcm_audio(samples: npt.NDArray[np.int16]) -> DecodedAudio:
    """16 kHz PCM wrapped as a decoded upload (for metrics tests that need no container)."""
    return decode_audio(encode_pcm(samples, SAMPLE_RATE, "wav"))
