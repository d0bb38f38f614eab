"""Decode any spoken answer to 16 kHz mono int16 PCM, judging the format from the bytes alone.

The file name and the declared content type are never trusted: a text file named answer.webm is
text. Decoding happens in memory with PyAV (FFmpeg), which releases the GIL, so callers run this
through `interview.speech.workers.run_cpu`.
"""

from __future__ import annotations

import io

import av
import av.error
import numpy as np
import numpy.typing as npt

from interview.errors import InvalidAudio, PayloadTooLarge
from interview.speech.types import SAMPLE_RATE, DecodedAudio

MAX_ANSWER_SECONDS = 30 * 60
"""A 25 MiB upload of low-bitrate opus could hold hours of audio; no interview answer is that long."""

_TRUNCATION_TOLERANCE_SECONDS = 0.5

_KNOWN_NON_AUDIO: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
]

_MIME_BY_FORMAT = {
    "ogg": "audio/ogg",
    "matroska,webm": "audio/webm",
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "mov,mp4,m4a,3gp,3g2,mj2": "audio/mp4",
    "flac": "audio/flac",
    "aiff": "audio/aiff",
}


def decode_audio(data: bytes) -> DecodedAudio:
    """Decode an upload to 16 kHz mono int16, or raise InvalidAudio saying what was received."""
    size = _describe_size(len(data))
    if not data:
        raise InvalidAudio("the upload is empty (received 0 bytes); record your answer again")
    not_audio = _recognise_non_audio(data)
    if not_audio is not None:
        raise InvalidAudio(f"the upload is {not_audio}, not audio (received {size})")
    try:
        return _decode_with_pyav(data, size)
    except av.error.FFmpegError as error:
        raise InvalidAudio(
            f"the upload could not be decoded as audio; it is corrupt, truncated or not a sound file "
            f"(received {size}: {error.strerror or type(error).__name__})"
        ) from error


def _decode_with_pyav(data: bytes, size: str) -> DecodedAudio:
    with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
        if not container.streams.audio:
            kinds: list[str] = sorted({stream.type for stream in container.streams}) or ["nothing"]
            raise InvalidAudio(
                f"the upload has no audio track (received {size} of {container.format.name} "
                f"containing {', '.join(kinds)})"
            )
        stream = container.streams.audio[0]
        codec = stream.codec_context.name
        samples = _decode_stream(container, stream)
        declared_seconds = _declared_seconds(container, stream)
        format_name = container.format.name
    if samples.size == 0:
        raise InvalidAudio(f"the upload holds no decodable audio (received {size} of {format_name})")
    _refuse_truncated_riff(data, size)
    decoded_seconds = samples.size / SAMPLE_RATE
    if declared_seconds is not None and decoded_seconds < declared_seconds - max(
        _TRUNCATION_TOLERANCE_SECONDS, 0.1 * declared_seconds
    ):
        raise InvalidAudio(
            f"the upload is truncated: it declares {declared_seconds:.1f} s of audio but only "
            f"{decoded_seconds:.1f} s could be decoded (received {size})"
        )
    label, mime_type = container_label(format_name, codec, data)
    return DecodedAudio(
        samples=samples,
        sample_rate=SAMPLE_RATE,
        container=label,
        mime_type=mime_type,
        source=data,
    )


def _decode_stream(container: av.container.InputContainer, stream: av.AudioStream) -> npt.NDArray[np.int16]:
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[npt.NDArray[np.int16]] = []
    total = 0
    limit = MAX_ANSWER_SECONDS * SAMPLE_RATE
    for frame in container.decode(stream):
        for converted in resampler.resample(frame):
            chunk = converted.to_ndarray().reshape(-1).astype(np.int16, copy=False)
            chunks.append(chunk)
            total += chunk.size
        if total > limit:
            raise PayloadTooLarge(
                f"the answer is longer than {MAX_ANSWER_SECONDS // 60} minutes; keep answers shorter"
            )
    for converted in resampler.resample(None):
        chunks.append(converted.to_ndarray().reshape(-1).astype(np.int16, copy=False))
    if not chunks:
        return np.zeros(0, dtype=np.int16)
    return np.concatenate(chunks)


def _refuse_truncated_riff(data: bytes, size: str) -> None:
    """A wav whose RIFF header promises more bytes than arrived was cut off in transit.

    FFmpeg clamps a wav's duration to the bytes present, so the header is read here. Streamed
    wavs (size 0 or 0xFFFFFFFF) promise nothing and pass.
    """
    if not data.startswith(b"RIFF") or len(data) < 8:
        return
    promised = int.from_bytes(data[4:8], "little") + 8
    if promised in (8, 0xFFFFFFFF + 8):
        return
    if len(data) < 0.9 * promised:
        raise InvalidAudio(
            f"the upload is truncated: its header promises {promised:,} bytes but only {size} arrived"
        )


def _declared_seconds(container: av.container.InputContainer, stream: av.AudioStream) -> float | None:
    """The duration the file's header claims, if it claims one (MediaRecorder webm does not)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    return None


def container_label(format_name: str, codec: str, data: bytes) -> tuple[str, str]:
    """The container/codec name and its mime type, from what FFmpeg found in the bytes (`data`
    needs only its first 64 bytes)."""
    if format_name == "matroska,webm":
        is_webm = b"webm" in data[:64]
        return (f"webm/{codec}" if is_webm else f"matroska/{codec}"), (
            "audio/webm" if is_webm else "audio/x-matroska"
        )
    if format_name == "ogg":
        return f"ogg/{codec}", "audio/ogg"
    if format_name.startswith("mov,mp4"):
        return f"mp4/{codec}", "audio/mp4"
    short_name = format_name.split(",")[0]
    return short_name, _MIME_BY_FORMAT.get(format_name, f"audio/{short_name}")


def _recognise_non_audio(data: bytes) -> str | None:
    """A description of what the bytes are when they are plainly not audio, else None."""
    for magic, description in _KNOWN_NON_AUDIO:
        if data.startswith(magic):
            return description
    if _looks_like_text(data[:4096]):
        return "plain text"
    return None


def _looks_like_text(head: bytes) -> bool:
    """Valid UTF-8 with almost no control characters; every audio container has binary headers."""
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    if not text:
        return False
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls <= len(text) // 100


def _describe_size(count: int) -> str:
    return f"{count:,} byte" if count == 1 else f"{count:,} bytes"
