"""What crosses the queue comes back equal, and a job's id depends on its inputs only."""

from __future__ import annotations

import numpy as np
from interview.ai.base import SynthesizedSpeech
from interview.speech.levels import frame_levels
from interview.speech.types import TranscriptionResult, VoiceProfile, Word
from interview.speech.vad import detect_voice
from interview.speech_queue import codec

from tests.speech_fixtures import reference_audio


def test_decoded_audio_and_its_voice_activity_come_back_equal() -> None:
    audio = reference_audio()
    activity = detect_voice(audio.samples)
    value = codec.unpack(codec.pack({"a": codec.decoded_to(audio), "v": codec.activity_to(activity)}))
    decoded = codec.decoded_from(value["a"], audio.source)
    assert np.array_equal(decoded.samples, audio.samples)
    assert (decoded.container, decoded.mime_type, decoded.duration_ms) == (
        audio.container,
        audio.mime_type,
        audio.duration_ms,
    )
    back = codec.activity_from(value["v"])
    assert np.array_equal(back.voiced, activity.voiced) and back.segments == activity.segments


def test_frame_levels_come_back_equal() -> None:
    levels = frame_levels(reference_audio().samples)
    back = codec.levels_from(codec.unpack(codec.pack({"l": codec.levels_to(levels)}))["l"])
    assert np.array_equal(back.energy, levels.energy) and back.energy.dtype == np.int64
    assert np.array_equal(back.clipped, levels.clipped) and back.clipped.dtype == np.int16


def test_transcriptions_voices_and_speech_come_back_equal() -> None:
    result = TranscriptionResult(
        text="um so I would", words=[Word("um", 0.1, 0.3, 0.5), Word("so", 0.4, 0.6, None)],
        language="en", confidence=0.5, duration_ms=900, model="local/whisper-tiny.en",
    )  # fmt: skip
    voice = VoiceProfile(name="mentor", speed=1.1, pitch=0.9, openai_voice="sage")
    speech = SynthesizedSpeech(audio=b"\x00OggS\xff", mime_type="audio/ogg", duration_ms=120, model="piper")
    value = codec.unpack(
        codec.pack(
            {"t": codec.transcription_to(result), "v": codec.voice_to(voice), "s": codec.speech_to(speech)}
        )
    )
    assert codec.transcription_from(value["t"]) == result
    assert codec.voice_from(value["v"]) == voice
    assert codec.speech_from(value["s"]) == speech


def test_a_job_id_is_the_same_for_the_same_inputs_only() -> None:
    first = codec.pack({"text": "Hello.", "voice": {"name": "a"}})
    assert codec.job_id("speech.synthesize", first) == codec.job_id("speech.synthesize", first)
    other = codec.pack({"text": "Hello!", "voice": {"name": "a"}})
    assert codec.job_id("speech.synthesize", first) != codec.job_id("speech.synthesize", other)
    assert codec.job_id("speech.synthesize", first) != codec.job_id("speech.transcribe", first)
