"""Decode any spoken answer to 16 kHz mono int16 PCM, judging the format from the bytes alone.

The file name and the declared content type are never trusted: a text file named answer.webm is
text. Decoding happens in memory with PyAV (FFmpeg), which releases the GIL, so callers run this
through `interview.speech.workers.run_cpu`.
"""

from __future__ import annotations

import io
import itertools
import time

import av
import av.error
import numpy as np
import numpy.typing as npt

from interview.errors import InvalidAudio, PayloadTooLarge
from interview.speech.types import SAMPLE_RATE, DecodedAudio

MAX_ANSWER_SECONDS = 300
"""The default cap on an answer's length (setting MAX_ANSWER_SECONDS): a 25 MiB upload of
low-bitrate opus could hold hours of audio, and no interview answer is that long."""

MIN_BYTES_PER_SECOND = 50
"""Fewer bytes than this per second of audio is a bomb, not a recording: opus silence costs
~230 B/s in ogg and ~460 B/s in webm, mp3 ~3,000, wav 32,000. A header can claim any sample
rate and a codec can pack many samples per byte (a 420-byte wav at 1 Hz decodes to 6 minutes)."""

_RATIO_GRACE_SECONDS = 10.0
"""Audio any file may hold whatever its size (a short clip's header outweighs its audio)."""

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


def plausible_seconds(size_bytes: int, max_seconds: float) -> float:
    """The most audio `size_bytes` of a real recording can hold, and never more than `max_seconds`."""
    return min(max_seconds, _RATIO_GRACE_SECONDS + size_bytes / MIN_BYTES_PER_SECOND)


def too_long(decoded_seconds: float, size_bytes: int, max_seconds: float) -> InvalidAudio | PayloadTooLarge:
    """The error for audio past `plausible_seconds`: PAYLOAD_TOO_LARGE past the cap, else INVALID_AUDIO."""
    if decoded_seconds > max_seconds:
        return PayloadTooLarge(
            f"the answer is longer than {_describe_seconds(max_seconds)}; keep answers shorter"
        )
    return InvalidAudio(
        f"the upload holds over {decoded_seconds:.0f} s of audio in only {_describe_size(size_bytes)}; "
        "no real recording is that small, so it was refused"
    )


def decode_audio(
    data: bytes, *, max_seconds: float = MAX_ANSWER_SECONDS, timeout_seconds: float | None = None
) -> DecodedAudio:
    """Decode an upload to 16 kHz mono int16, or raise InvalidAudio saying what was received.

    Audio bombs are refused cheaply: by the duration the header declares before any decoding,
    and by the samples decoded so far, as soon as they pass `max_seconds` or what the file's
    size can plausibly hold (PAYLOAD_TOO_LARGE or INVALID_AUDIO); decoding longer than
    `timeout_seconds` is PAYLOAD_TOO_LARGE too.
    """
    size = _describe_size(len(data))
    if not data:
        raise InvalidAudio("the upload is empty (received 0 bytes); record your answer again")
    not_audio = _recognise_non_audio(data)
    if not_audio is not None:
        raise InvalidAudio(f"the upload is {not_audio}, not audio (received {size})")
    try:
        return _decode_with_pyav(data, size, max_seconds, timeout_seconds)
    except av.error.FFmpegError as error:
        raise InvalidAudio(
            f"the upload could not be decoded as audio; it is corrupt, truncated or not a sound file "
            f"(received {size}: {error.strerror or type(error).__name__})"
        ) from error


def _decode_with_pyav(
    data: bytes, size: str, max_seconds: float, timeout_seconds: float | None
) -> DecodedAudio:
    with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
        if not container.streams.audio:
            kinds: list[str] = sorted({stream.type for stream in container.streams}) or ["nothing"]
            raise InvalidAudio(
                f"the upload has no audio track (received {size} of {container.format.name} "
                f"containing {', '.join(kinds)})"
            )
        stream = container.streams.audio[0]
        codec = stream.codec_context.name
        declared_seconds = _declared_seconds(container, stream)
        allowed = plausible_seconds(len(data), max_seconds)
        if declared_seconds is not None and declared_seconds > allowed:
            raise too_long(declared_seconds, len(data), max_seconds)
        deadline = None if timeout_seconds is None else time.monotonic() + timeout_seconds
        samples = _decode_stream(container, stream, len(data), max_seconds, deadline)
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


def _decode_stream(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    size_bytes: int,
    max_seconds: float,
    deadline: float | None,
) -> npt.NDArray[np.int16]:
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[npt.NDArray[np.int16]] = []
    total = 0
    limit = plausible_seconds(size_bytes, max_seconds) * SAMPLE_RATE
    for frame in itertools.chain(container.decode(stream), [None]):
        for converted in resampler.resample(frame):
            chunk = converted.to_ndarray().reshape(-1).astype(np.int16, copy=False)
            chunks.append(chunk)
            total += chunk.size
        if total > limit:
            raise too_long(total / SAMPLE_RATE, size_bytes, max_seconds)
        if deadline is not None and time.monotonic() > deadline:
            raise PayloadTooLarge("the answer took too long to decode; record it again, shorter")
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


def _describe_seconds(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds:g} s"


def _describe_size(count: int) -> str:
    return f"{count:,} byte" if count == 1 else f"{count:,} bytes"
