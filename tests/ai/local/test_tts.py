"""Offline voices: Piper and espeak-ng produce browser-ready ogg/opus, and personas sound different."""

from __future__ import annotations

import itertools
import shutil

import numpy as np
import numpy.typing as npt
import pytest
from interview.ai.base import TextToSpeech
from interview.ai.local.tts import EspeakTTS, espeak_arguments, length_scale_for, pitch_and_pace
from interview.interviews.personas import PERSONAS
from interview.speech.decode import decode_audio
from interview.speech.encode import encode_pcm
from interview.speech.samples import word_error_rate
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.speech_fixtures import piper, served_piper, speech_settings, whisper_tiny

pytestmark = pytest.mark.slow

QUESTION = "Tell me about a time you had to make a difficult technical decision under pressure."


async def test_piper_speaks_ogg_opus_with_the_right_duration() -> None:
    tts = served_piper()
    speech = await tts.synthesize(QUESTION, VoiceProfile(name="maya", speed=0.95, pitch=1.08))
    audio = decode_audio(speech.audio)
    assert speech.mime_type == "audio/ogg"
    assert audio.container == "ogg/opus"
    assert speech.model == tts.name == "local/piper-en_US-joe-medium"
    assert abs(speech.duration_ms - audio.duration_ms) < 60
    assert 3000 < speech.duration_ms < 9000


async def test_what_piper_says_transcribes_back() -> None:
    speech = await served_piper().synthesize(QUESTION, VoiceProfile(name="neutral"))
    transcript = whisper_tiny().transcribe_samples(decode_audio(speech.audio))
    assert word_error_rate(QUESTION, transcript.text) < 0.1


def test_a_faster_persona_speaks_for_less_time() -> None:
    slow, slow_rate = served_piper().render(QUESTION, VoiceProfile(name="slow", speed=0.8))
    fast, fast_rate = served_piper().render(QUESTION, VoiceProfile(name="fast", speed=1.2))
    ratio = (len(slow) / slow_rate) / (len(fast) / fast_rate)
    assert ratio == pytest.approx(1.5, rel=0.15)


def _median_seconds(voice: VoiceProfile) -> float:
    """Median duration over three renders: Piper samples its phoneme lengths, so one render varies
    a little from the next."""
    renders = [served_piper().render(QUESTION, voice) for _ in range(3)]
    return float(np.median([len(pcm) / rate for pcm, rate in renders]))


def test_a_higher_pitched_persona_is_higher_at_the_same_speed() -> None:
    low, high = VoiceProfile(name="low", pitch=0.88), VoiceProfile(name="high", pitch=1.12)
    # Piper also samples each render's intonation: its median F0 lands near 89 Hz in one render and
    # 115 Hz in the next, so a pitch measured on two renders compares Piper's dice. The persona's
    # pitch is the rate its samples are declared at: exact, and heard (checked below).
    (_, low_rate), (_, high_rate) = (
        served_piper().render(QUESTION, low),
        served_piper().render(QUESTION, high),
    )
    assert high_rate / low_rate == pytest.approx(1.12 / 0.88, rel=1e-3)
    # Pitch does not change the pace: durations agree within Piper's own variation.
    assert _median_seconds(high) == pytest.approx(_median_seconds(low), rel=0.12)


def test_the_declared_rate_is_the_pitch_a_listener_hears() -> None:
    samples, rate = served_piper().render(QUESTION, VoiceProfile(name="high", pitch=1.12))
    assert rate == round(served_piper().voice().config.sample_rate * 1.12)
    heard = decode_audio(encode_pcm(samples, rate, "ogg"))
    # Played at Piper's own rate it would sound 1.12 times lower (and this would be 0.89).
    heard_over_declared = _median_pitch_hz(heard.samples, heard.sample_rate) / _median_pitch_hz(samples, rate)
    assert heard_over_declared == pytest.approx(1.0, abs=0.05)


def test_an_unvaried_voice_renders_the_same_samples_every_time() -> None:
    """What the tests' recordings rely on (speech_fixtures.piper); as served, renders differ."""
    voice = VoiceProfile(name="candidate")
    first, again = piper().render(QUESTION, voice), piper().render(QUESTION, voice)
    assert first[1] == again[1] and np.array_equal(first[0], again[0])
    served = [served_piper().render(QUESTION, voice)[0] for _ in range(3)]
    assert not all(np.array_equal(served[0], other) for other in served[1:])
    transcript = whisper_tiny().transcribe_samples(decode_audio(encode_pcm(first[0], first[1], "ogg")))
    assert word_error_rate(QUESTION, transcript.text) < 0.1


def test_pitch_and_pace_formula() -> None:
    assert pitch_and_pace(VoiceProfile(name="n")) == (1.0, 1.0)
    length_scale, playback = pitch_and_pace(VoiceProfile(name="p", speed=1.0, pitch=1.1))
    assert playback == 1.1 and length_scale > 1.0  # longer phonemes, played faster
    assert length_scale_for(1.118) == pytest.approx(1.2)
    assert length_scale_for(0.1) == 0.5 and length_scale_for(9) == 1.8  # clamped to the table


def test_both_voices_implement_the_role() -> None:
    assert isinstance(served_piper(), TextToSpeech)
    assert isinstance(EspeakTTS(speech_settings()), TextToSpeech)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
async def test_espeak_speaks_ogg_opus_at_the_persona_speed() -> None:
    tts = EspeakTTS(speech_settings())
    slow = await tts.synthesize(QUESTION, VoiceProfile(name="slow", speed=0.8))
    fast = await tts.synthesize(QUESTION, VoiceProfile(name="fast", speed=1.2))
    assert slow.mime_type == "audio/ogg" and slow.model == "local/espeak-ng"
    assert decode_audio(slow.audio).container == "ogg/opus"
    assert abs(decode_audio(slow.audio).duration_ms - slow.duration_ms) < 60
    assert slow.duration_ms / fast.duration_ms == pytest.approx(1.5, rel=0.15)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
async def test_text_that_looks_like_an_option_is_spoken_not_parsed() -> None:
    speech = await EspeakTTS(speech_settings()).synthesize("--help me", VoiceProfile(name="n"))
    assert speech.duration_ms > 300


def test_espeak_arguments_map_speed_and_pitch() -> None:
    assert espeak_arguments(VoiceProfile(name="n")) == ["-s", "175", "-p", "50"]
    assert espeak_arguments(VoiceProfile(name="m", speed=0.95, pitch=1.08)) == ["-s", "166", "-p", "66"]
    assert espeak_arguments(VoiceProfile(name="v", speed=1.12, pitch=0.88)) == ["-s", "196", "-p", "26"]
    assert espeak_arguments(VoiceProfile(name="x", speed=5, pitch=3)) == ["-s", "350", "-p", "99"]


def _shortest_strong_lag(correlation: npt.NDArray[np.float64], low: int, high: int) -> int:
    """The shortest lag whose autocorrelation peak reaches 90% of the highest in the range.

    A voiced frame also correlates at two and three periods, sometimes a little more strongly than
    at one; taking the plain maximum then reads an octave low, in one render and not the next.
    """
    window = correlation[low:high]
    strong = 0.9 * window.max()
    for offset in range(1, len(window) - 1):
        is_peak = window[offset - 1] <= window[offset] >= window[offset + 1]
        if is_peak and window[offset] >= strong:
            return low + offset
    return low + int(np.argmax(window))


def _median_pitch_hz(samples: npt.NDArray[np.int16], rate: int) -> float:
    """Median fundamental frequency of the loud 40 ms frames, by autocorrelation (60–400 Hz)."""
    frame = int(0.04 * rate)
    signal = samples.astype(np.float64)
    loudest = np.sqrt(np.mean(signal**2))
    estimates: list[float] = []
    for start in range(0, len(signal) - frame, frame):
        window = signal[start : start + frame]
        if np.sqrt(np.mean(window**2)) < loudest:
            continue
        window = window - window.mean()
        correlation = np.correlate(window, window, mode="full")[frame - 1 :]
        low_lag, high_lag = rate // 400, rate // 60
        lag = _shortest_strong_lag(correlation, low_lag, high_lag)
        if correlation[lag] > 0.3 * correlation[0]:
            estimates.append(rate / lag)
    assert len(estimates) >= 10, "too few voiced frames to estimate pitch"
    return float(np.median(estimates))


def test_the_pitch_estimator_reads_a_known_tone() -> None:
    tone = (np.sin(2 * np.pi * 150 * np.arange(SAMPLE_RATE) / SAMPLE_RATE) * 8000).astype(np.int16)
    assert _median_pitch_hz(tone, SAMPLE_RATE) == pytest.approx(150, rel=0.03)


def test_the_shipped_personas_sound_apart() -> None:
    """Every pair of personas differs by at least 10% in speed or pitch, enough to hear (the tests
    above show that Piper's output follows both factors)."""
    for a, b in itertools.combinations(PERSONAS, 2):
        apart = max(
            max(a.voice_speed, b.voice_speed) / min(a.voice_speed, b.voice_speed),
            max(a.voice_pitch, b.voice_pitch) / min(a.voice_pitch, b.voice_pitch),
        )
        assert apart >= 1.1, (a.slug, b.slug)
