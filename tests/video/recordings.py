"""Camera recordings made for the tests: a real webm (VP8 video + Opus sound) of spoken words with a
long pause, cut into chunks the way MediaRecorder's timeslice cuts one continuous stream."""

from __future__ import annotations

import io
from fractions import Fraction
from functools import cache

import av
import numpy as np
import numpy.typing as npt
from interview.speech.samples import AnswerScript, speak_script
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.speech_fixtures import piper

SCRIPT = AnswerScript(
    sentences=["Um, so the cache was the problem.", "Latency basically doubled after the deploy."],
    silences_after=[2.6],
    leading_seconds=0.5,
    trailing_seconds=0.4,
    voice=VoiceProfile(name="candidate"),
)
"""One long pause (2.6 s) between two sentences; fillers "um" and "basically"."""
TEXT = SCRIPT.text


@cache
def spoken() -> npt.NDArray[np.int16]:
    return speak_script(piper(), SCRIPT).samples


def webm_video(
    samples: npt.NDArray[np.int16], fps: int = 10, with_video: bool = True, noisy: bool = False
) -> bytes:
    """A webm of `samples` (16 kHz mono) with a small moving picture, encoded by PyAV; `noisy`: a
    larger picture of random pixels at a high bit rate, megabytes a second like a real camera."""
    out = io.BytesIO()
    width, height = (320, 240) if noisy else (64, 48)
    noise = np.random.default_rng(7)
    with av.open(out, mode="w", format="webm") as container:
        video = container.add_stream("libvpx", rate=fps) if with_video else None
        if video is not None:
            video.width, video.height, video.pix_fmt = width, height, "yuv420p"
            if noisy:
                video.bit_rate = 8_000_000
        audio = container.add_stream("libopus", rate=48_000, layout="mono")
        seconds = len(samples) / SAMPLE_RATE
        if video is not None:
            for index in range(int(seconds * fps) + 1):
                picture = (
                    noise.integers(0, 255, (height, width, 3), dtype=np.uint8)
                    if noisy
                    else np.full((height, width, 3), (index * 7) % 255, dtype=np.uint8)
                )
                frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
                frame.pts = index
                frame.time_base = Fraction(1, fps)
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48_000)
        sound = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        sound.sample_rate = SAMPLE_RATE
        sound.pts = 0
        for piece in resampler.resample(sound) + resampler.resample(None):
            for packet in audio.encode(piece):
                container.mux(packet)
        container.mux(audio.encode(None))
    return out.getvalue()


@cache
def answer_video() -> bytes:
    return webm_video(spoken())


def chunks(data: bytes, size: int = 16_384) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]
