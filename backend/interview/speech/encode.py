"""Encode PCM to the formats browsers play and record, in-process with PyAV (no temp files).

The interviewer's voice is sent as ogg/opus; the other formats exist so tests and benchmarks can
produce every kind of upload the platform accepts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

import av
import numpy as np
import numpy.typing as npt

AudioFormat = Literal["ogg", "webm", "wav", "mp3", "m4a"]


@dataclass(frozen=True)
class _Encoding:
    container: str
    codec: str
    sample_format: str
    mime_type: str


_ENCODINGS: dict[AudioFormat, _Encoding] = {
    "ogg": _Encoding("ogg", "libopus", "s16", "audio/ogg"),
    "webm": _Encoding("webm", "libopus", "s16", "audio/webm"),
    "wav": _Encoding("wav", "pcm_s16le", "s16", "audio/wav"),
    "mp3": _Encoding("mp3", "libmp3lame", "s16p", "audio/mpeg"),
    "m4a": _Encoding("ipod", "aac", "fltp", "audio/mp4"),
}

_OPUS_RATE = 48_000
"""Opus runs at 48 kHz internally; browsers expect it."""


def mime_type_of(audio_format: AudioFormat) -> str:
    return _ENCODINGS[audio_format].mime_type


def encode_pcm(
    samples: npt.NDArray[np.int16],
    sample_rate: int,
    audio_format: AudioFormat,
    *,
    live: bool = False,
) -> bytes:
    """Mono int16 PCM at `sample_rate` -> the bytes of a file in `audio_format`.

    `live=True` writes webm the way a browser's MediaRecorder does: no duration and no cues.
    """
    encoding = _ENCODINGS[audio_format]
    rate = _OPUS_RATE if encoding.codec == "libopus" else _codec_rate(encoding.codec, sample_rate)
    options = {"live": "1"} if live and audio_format == "webm" else {}
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=encoding.container, options=options) as container:
        stream = container.add_stream(encoding.codec, rate=rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = sample_rate
        resampler = av.AudioResampler(format=encoding.sample_format, layout="mono", rate=rate)
        for converted in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(converted):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def _codec_rate(codec_name: str, sample_rate: int) -> int:
    """The input rate if the codec takes it, else the nearest rate it supports."""
    supported = av.codec.Codec(codec_name, "w").audio_rates
    if not supported or sample_rate in supported:
        return sample_rate
    return int(min(supported, key=lambda rate: abs(int(rate) - sample_rate)))


def resample_pcm(samples: npt.NDArray[np.int16], from_rate: int, to_rate: int) -> npt.NDArray[np.int16]:
    """Mono int16 PCM from one sample rate to another (FFmpeg's resampler)."""
    if from_rate == to_rate or samples.size == 0:
        return samples.astype(np.int16, copy=False)
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(samples, dtype=np.int16).reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = from_rate
    resampler = av.AudioResampler(format="s16", layout="mono", rate=to_rate)
    chunks = [out.to_ndarray().reshape(-1) for out in [*resampler.resample(frame), *resampler.resample(None)]]
    return np.concatenate(chunks).astype(np.int16, copy=False)


JOIN_RATE = 24_000
"""Sentence clips are joined at 24 kHz: every voice we use (Piper 22.05 kHz, OpenAI 24 kHz) fits."""


def join_clips(clips: list[bytes], audio_format: AudioFormat = "ogg") -> tuple[bytes, int]:
    """Several clips (any format) -> one clip in `audio_format`, and its duration in ms.

    The clips are decoded to PCM, concatenated and encoded once: chained ogg streams or
    concatenated files do not play as one in every browser.
    """
    pieces = [_decode_pcm(clip, JOIN_RATE) for clip in clips]
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
    return encode_pcm(samples, JOIN_RATE, audio_format), round(samples.size * 1000 / JOIN_RATE)


def _decode_pcm(data: bytes, rate: int) -> npt.NDArray[np.int16]:
    with av.open(io.BytesIO(data), mode="r") as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        chunks = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(audio=0)
            for out in resampler.resample(frame)
        ]
        chunks.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    return np.concatenate(chunks).astype(np.int16, copy=False) if chunks else np.zeros(0, dtype=np.int16)


class StreamResampler:
    """Mono int16 PCM resampled piece by piece as one continuous stream (no seams between pieces,
    unlike separate `resample_pcm` calls); `flush()` returns the resampler's last samples."""

    def __init__(self, from_rate: int, to_rate: int) -> None:
        self._from_rate = from_rate
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=to_rate)

    def resample(self, samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
        if samples.size == 0:
            return np.zeros(0, dtype=np.int16)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = self._from_rate
        return self._joined(self._resampler.resample(frame))

    def flush(self) -> npt.NDArray[np.int16]:
        return self._joined(self._resampler.resample(None))

    @staticmethod
    def _joined(frames: list[av.AudioFrame]) -> npt.NDArray[np.int16]:
        if not frames:
            return np.zeros(0, dtype=np.int16)
        return np.concatenate([out.to_ndarray().reshape(-1) for out in frames]).astype(np.int16, copy=False)
