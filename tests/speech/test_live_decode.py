"""A growing recorder stream decoded chunk by chunk gives exactly the whole-file samples."""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import numpy.typing as npt
import pytest
from interview.errors import InvalidAudio
from interview.speech.decode import decode_audio
from interview.speech.encode import encode_pcm
from interview.speech.live_decode import ChunkAssembler, LiveDecoder, PcmBuffer
from interview.speech.types import SAMPLE_RATE

from tests.live.recordings import live_recording


@cache
def _long_webm() -> bytes:
    """40 s of speech-like noise as MediaRecorder webm/opus (no duration, no cues)."""
    rng = np.random.default_rng(7)
    seconds = np.arange(40 * SAMPLE_RATE) / SAMPLE_RATE
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 0.3 * seconds)
    signal = envelope * (3000 * np.sin(2 * np.pi * 180 * seconds) + rng.normal(0, 800, seconds.size))
    return encode_pcm(signal.astype(np.int16), SAMPLE_RATE, "webm", live=True)


def _cut(data: bytes, count: int) -> list[bytes]:
    size = -(-len(data) // count)
    return [data[i : i + size] for i in range(0, len(data), size)]


def _whole(data: bytes) -> npt.NDArray[np.int16]:
    return decode_audio(data).samples


@pytest.mark.parametrize("count", [2, 40, 400])
def test_chunks_in_order_decode_to_the_whole_file_samples(count: int) -> None:
    webm = _long_webm()
    decoder = LiveDecoder()
    added = [decoder.add_chunk(index, chunk) for index, chunk in enumerate(_cut(webm, count))]
    audio = decoder.finish()

    assert np.array_equal(audio.samples, _whole(webm))
    assert audio.container == "webm/opus" and audio.mime_type == "audio/webm"
    assert audio.source == webm
    # Audio came out while the recording grew, not only at the end.
    assert sum(added) > 0.9 * len(audio.samples)
    # A finished answer keeps no spare capacity and one copy of its bytes while it waits.
    assert decoder.pcm.capacity == len(audio.samples) and decoder.received_bytes == len(webm)
    assert decoder.finish().source is audio.source


def test_each_chunk_decodes_only_its_own_audio() -> None:
    """The samples after chunk k are a prefix of the whole decode, growing with each chunk."""
    webm = _long_webm()
    whole = _whole(webm)
    decoder = LiveDecoder()
    sizes = []
    for index, chunk in enumerate(_cut(webm, 40)):
        decoder.add_chunk(index, chunk)
        sizes.append(len(decoder.pcm))
        assert np.array_equal(decoder.pcm.samples, whole[: len(decoder.pcm)])
    assert sizes == sorted(sizes)
    # Each 1 s chunk held about a second of audio, so the decoder never runs far behind.
    assert len(whole) - sizes[-1] < 2 * SAMPLE_RATE


def test_out_of_order_chunks_decode_what_is_contiguous() -> None:
    webm = _long_webm()
    chunks = _cut(webm, 40)
    order = list(range(len(chunks)))
    random.Random(3).shuffle(order)
    decoder = LiveDecoder()
    for index in order:
        decoder.add_chunk(index, chunks[index])
        assert decoder.chunks.next_index == min(
            set(range(len(chunks))) - set(order[: order.index(index) + 1]), default=len(chunks)
        )

    assert np.array_equal(decoder.finish().samples, _whole(webm))


def test_a_demuxer_run_dry_is_reopened_and_stays_exact() -> None:
    """With no bytes held back, the demuxer hits the end of what arrived on most chunks."""
    webm = _long_webm()[:120_000]
    decoder = LiveDecoder(read_ahead_bytes=0)
    for index, chunk in enumerate(_cut(webm, 60)):
        decoder.add_chunk(index, chunk)

    assert np.array_equal(decoder.finish().samples, _whole(webm))
    assert decoder.reopened > 0


def test_a_recorded_answer_decodes_exactly() -> None:
    recording = live_recording()
    decoder = LiveDecoder()
    for index, chunk in enumerate(recording.chunks):
        decoder.add_chunk(index, chunk)
    assert np.array_equal(decoder.finish().samples, _whole(recording.webm))


def test_bytes_that_are_not_audio_are_refused() -> None:
    decoder = LiveDecoder()
    with pytest.raises(InvalidAudio):
        decoder.add_chunk(0, b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 40)
        decoder.finish()


def test_nothing_decodable_is_refused_at_finish() -> None:
    decoder = LiveDecoder()
    decoder.add_chunk(1, _long_webm()[:5000])  # chunk 0 never came
    with pytest.raises(InvalidAudio):
        decoder.finish()
    assert decoder.chunks.waiting == [1]


def test_chunk_assembler_joins_in_order_and_ignores_repeats() -> None:
    chunks = ChunkAssembler()
    assert chunks.add(1, b"b") == b""
    assert chunks.add(0, b"a") == b"ab"
    assert chunks.add(0, b"a") == b""
    assert chunks.add(3, b"d") == b""
    assert chunks.waiting == [3]
    assert chunks.add(2, b"c") == b"cd"


def test_pcm_buffer_grows_in_place() -> None:
    buffer = PcmBuffer()
    parts = [np.full(n, n % 1000, dtype=np.int16) for n in (10, 300_000, 5)]
    for part in parts:
        buffer.append(part)
    assert np.array_equal(buffer.samples, np.concatenate(parts))
    assert buffer.samples.dtype == np.int16


def test_a_view_of_the_pcm_keeps_its_samples_through_appends_growth_and_trim() -> None:
    """A speculative reply measures the audio so far without copying it (speculation.py)."""
    buffer = PcmBuffer()
    buffer.append(np.arange(1000, dtype=np.int16))
    earlier = buffer.samples
    for value in (7, 8):  # the second append outgrows the first array
        buffer.append(np.full(10 * SAMPLE_RATE, value, dtype=np.int16))
    buffer.trim()
    buffer.append(np.full(5, 9, dtype=np.int16))
    assert np.array_equal(earlier, np.arange(1000, dtype=np.int16))
    assert np.array_equal(buffer.samples[:1000], earlier)


def test_a_released_pcm_buffer_keeps_its_length_and_refuses_its_samples() -> None:
    buffer = PcmBuffer()
    buffer.append(np.ones(3 * SAMPLE_RATE, dtype=np.int16))
    buffer.release()
    assert len(buffer) == 3 * SAMPLE_RATE and buffer.capacity == 0
    with pytest.raises(RuntimeError, match="released"):
        buffer.samples  # noqa: B018
    with pytest.raises(RuntimeError, match="released"):
        buffer.append(np.ones(5, dtype=np.int16))


def test_pcm_buffer_spares_at_most_a_quarter_and_trims_to_its_samples() -> None:
    buffer = PcmBuffer()
    for _ in range(40):  # a 40 s answer in 1 s pieces
        buffer.append(np.ones(SAMPLE_RATE, dtype=np.int16))
        assert buffer.capacity <= 1.25 * max(len(buffer), 16 * SAMPLE_RATE)
    buffer.trim()
    assert buffer.capacity == len(buffer) == 40 * SAMPLE_RATE
    assert np.array_equal(buffer.samples, np.ones(40 * SAMPLE_RATE, dtype=np.int16))
