"""Decoding: every accepted format, judged from content alone, and every kind of bad upload."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np
import numpy.typing as npt
import pytest
from interview.errors import InvalidAudio
from interview.speech.decode import decode_audio
from interview.speech.encode import AudioFormat, encode_pcm
from interview.speech.types import SAMPLE_RATE
from interview.speech.upload import read_upload
from starlette.datastructures import Headers, UploadFile

from tests.speech_fixtures import short_phrase

pytestmark = pytest.mark.slow  # speaks its material with Piper

EXPECTED: list[tuple[AudioFormat, bool, str, str]] = [
    ("webm", True, "webm/opus", "audio/webm"),
    ("webm", False, "webm/opus", "audio/webm"),
    ("ogg", False, "ogg/opus", "audio/ogg"),
    ("wav", False, "wav", "audio/wav"),
    ("mp3", False, "mp3", "audio/mpeg"),
    ("m4a", False, "mp4/aac", "audio/mp4"),
]


@pytest.mark.parametrize(("audio_format", "live", "container", "mime_type"), EXPECTED)
def test_every_accepted_format_decodes_to_16k_mono_of_the_right_length(
    audio_format: AudioFormat, live: bool, container: str, mime_type: str
) -> None:
    phrase = short_phrase()
    upload = encode_pcm(phrase, SAMPLE_RATE, audio_format, live=live)

    audio = decode_audio(upload)

    assert audio.container == container
    assert audio.mime_type == mime_type
    assert audio.sample_rate == SAMPLE_RATE
    assert audio.samples.dtype == np.int16 and audio.samples.ndim == 1
    assert audio.source == upload
    # Codec priming and padding add up to two AAC frames (2 x 64 ms at 16 kHz).
    assert abs(audio.duration_ms - len(phrase) * 1000 / SAMPLE_RATE) < 130
    assert _correlation(audio.samples, phrase) > 0.9


def test_mediarecorder_webm_really_has_no_duration_header() -> None:
    upload = encode_pcm(short_phrase(), SAMPLE_RATE, "webm", live=True)
    with av.open(io.BytesIO(upload), mode="r") as container:
        assert container.duration is None
    assert decode_audio(upload).duration_ms > 1500


def test_the_format_comes_from_the_bytes_not_the_name() -> None:
    """There is no name to trust: wav bytes are wav whatever the client called them."""
    wav = encode_pcm(short_phrase(), SAMPLE_RATE, "wav")
    assert decode_audio(wav).container == "wav"


def test_a_video_with_a_sound_track_is_decoded_for_its_audio() -> None:
    phrase = short_phrase()
    audio = decode_audio(_video(with_audio=phrase))
    assert audio.container == "mp4/aac"
    assert abs(audio.duration_ms - len(phrase) * 1000 / SAMPLE_RATE) < 130


def test_a_video_without_sound_is_invalid_audio() -> None:
    with pytest.raises(InvalidAudio, match="no audio track") as raised:
        decode_audio(_video(with_audio=None))
    assert raised.value.extensions["code"] == "INVALID_AUDIO"


def test_an_empty_upload_is_invalid_audio() -> None:
    with pytest.raises(InvalidAudio, match=r"empty \(received 0 bytes\)"):
        decode_audio(b"")


def test_text_named_like_a_recording_is_reported_as_text() -> None:
    text = ("My answer is that I would use a queue. " * 40).encode()
    with pytest.raises(InvalidAudio, match=r"plain text, not audio \(received 1,560 bytes\)"):
        decode_audio(text)


def test_an_image_is_reported_as_an_image() -> None:
    with pytest.raises(InvalidAudio, match="PNG image, not audio"):
        decode_audio(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def test_random_bytes_are_invalid_audio() -> None:
    noise = np.random.default_rng(7).integers(0, 256, 20_000, dtype=np.uint8).tobytes()
    with pytest.raises(InvalidAudio, match="received 20,000 bytes"):
        decode_audio(noise)


def test_a_corrupted_webm_is_invalid_audio() -> None:
    upload = bytearray(encode_pcm(short_phrase(), SAMPLE_RATE, "webm"))
    upload[40:] = bytes(len(upload) - 40)  # everything after the EBML header zeroed
    with pytest.raises(InvalidAudio):
        decode_audio(bytes(upload))


@pytest.mark.parametrize("audio_format", ["webm", "m4a", "wav"])
def test_a_truncated_upload_is_invalid_audio(audio_format: AudioFormat) -> None:
    upload = encode_pcm(short_phrase(), SAMPLE_RATE, audio_format)
    with pytest.raises(InvalidAudio, match=r"truncated|could not be decoded|no decodable"):
        decode_audio(upload[: len(upload) // 3])


def test_only_a_header_is_invalid_audio() -> None:
    upload = encode_pcm(short_phrase(), SAMPLE_RATE, "ogg")
    with pytest.raises(InvalidAudio):
        decode_audio(upload[:60])


def _video(with_audio: npt.NDArray[np.int16] | None) -> bytes:
    """A small mp4: grey mpeg4 frames for two seconds, with an aac track when given audio."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        video = container.add_stream("mpeg4", rate=10)
        assert isinstance(video, av.VideoStream)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio_stream = None
        if with_audio is not None:
            audio_stream = container.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
            assert isinstance(audio_stream, av.AudioStream)
        for index in range(20):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 128, dtype=np.uint8), format="rgb24")
            frame.pts = index
            frame.time_base = Fraction(1, 10)
            for packet in video.encode(frame):
                container.mux(packet)
        for packet in video.encode(None):
            container.mux(packet)
        if audio_stream is not None and with_audio is not None:
            sound = av.AudioFrame.from_ndarray(with_audio.reshape(1, -1), format="s16", layout="mono")
            sound.sample_rate = SAMPLE_RATE
            resampler = av.AudioResampler(format="fltp", layout="mono", rate=SAMPLE_RATE)
            for converted in [*resampler.resample(sound), *resampler.resample(None)]:
                for packet in audio_stream.encode(converted):
                    container.mux(packet)
            for packet in audio_stream.encode(None):
                container.mux(packet)
    return buffer.getvalue()


def _correlation(decoded: npt.NDArray[np.int16], original: npt.NDArray[np.int16]) -> float:
    """Best normalised correlation of the envelopes, allowing for codec delay (up to 100 ms)."""

    def envelope(signal: npt.NDArray[np.int16]) -> npt.NDArray[np.float64]:
        frames = len(signal) // 160
        rms = np.sqrt(np.mean(signal[: frames * 160].astype(np.float64).reshape(frames, 160) ** 2, axis=1))
        return np.asarray(rms, dtype=np.float64)

    a, b = envelope(decoded), envelope(original)
    best = 0.0
    for shift in range(0, 11):
        x, y = a[shift:], b[: len(a) - shift]
        n = min(len(x), len(y))
        best = max(best, float(np.corrcoef(x[:n], y[:n])[0, 1]))
    return best


async def test_a_text_file_uploaded_as_answer_webm_is_refused_as_text() -> None:
    """The name and declared type say webm; the bytes say text, and the bytes win."""
    text = b"Dear hiring manager, please find my answer below.\n" * 10
    upload = UploadFile(
        io.BytesIO(text), filename="answer.webm", headers=Headers({"content-type": "audio/webm"})
    )
    data = await read_upload(upload, max_bytes=25 * 1024 * 1024)
    with pytest.raises(InvalidAudio, match=r"^the upload is plain text, not audio \(received 500 bytes\)$"):
        decode_audio(data)
