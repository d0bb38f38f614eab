"""Small PyAV helpers: the length of encoded audio, and raw PCM wrapped into ogg/opus or mp3."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np

MIME_TYPES = {"opus": "audio/ogg", "mp3": "audio/mpeg", "wav": "audio/wav"}
_CONTAINERS = {"opus": ("ogg", "libopus"), "mp3": ("mp3", "libmp3lame")}


def duration_ms(data: bytes) -> int:
    """How long encoded audio plays, by decoding it (containers do not always state it)."""
    samples = 0
    rate = 0
    with av.open(io.BytesIO(data), mode="r") as container:
        for frame in container.decode(audio=0):
            samples += frame.samples
            rate = frame.sample_rate
    return round(samples * 1000 / rate) if rate else 0


def encode_pcm16(pcm: bytes, sample_rate: int, fmt: str) -> bytes:
    """Mono little-endian int16 PCM encoded as `fmt` ("opus" in ogg, or "mp3")."""
    container_name, codec = _CONTAINERS[fmt]
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").reshape(1, -1)
    out = io.BytesIO()
    with av.open(out, mode="w", format=container_name) as container:
        stream = container.add_stream(codec, rate=sample_rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = sample_rate
        frame.pts = 0
        frame.time_base = Fraction(1, sample_rate)
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()
