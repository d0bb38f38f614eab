"""Decode a recording while it grows: recorder chunks in, only the new 16 kHz PCM out.

A MediaRecorder sends webm/opus in ~1 s chunks with no duration; chunks may arrive out of order.
`LiveDecoder` joins what is contiguous from chunk 0 into one growing buffer and keeps one FFmpeg
demuxer, decoder and resampler open on it for the whole answer, so each chunk costs only the
decoding of its own audio (a whole-file decode per chunk made a long answer quadratic).

Exactness: the same packets go through the same decoder and resampler in the same order as in
`decode_audio`, so the samples equal a whole-file decode, bit for bit (tests check it). The one
risk is the demuxer reading past the bytes received so far: it would take that for the end of the
file. So packets are only pulled while more than `_READ_AHEAD_BYTES` remain unread; if the demuxer
ever does hit the end early, the packet in hand is dropped and the demuxer is reopened later on
the whole buffer, skipping the packets already decoded.

CPU work: callers run `add_chunk` and `finish` through `interview.speech.workers.run_cpu`, one
call at a time per decoder.
"""

from __future__ import annotations

from collections.abc import Iterator

import av
import av.error
import numpy as np
import numpy.typing as npt

from interview.errors import InvalidAudio
from interview.speech.decode import MAX_ANSWER_SECONDS, container_label, plausible_seconds, too_long
from interview.speech.types import SAMPLE_RATE, DecodedAudio

_READ_AHEAD_BYTES = 32
"""Bytes that must remain unread before the next packet is pulled. MediaRecorder's opus packets
are ~100-300 bytes in speech and a few bytes in silence, so this holds back under 30 ms of a
pause (128 bytes held back 0.25 s of it: the candidate's pause showed a quarter of a second late,
and so did the transcript and the reply waiting for it). A larger element left incomplete only
costs a reopen (a demux without decoding of what was read). Measured on a 120 s answer in 1 s
chunks (2026-12-04): 32 bytes, no reopen, 0.15 s of CPU; 16 bytes, 83 reopens,
0.60 s; 0 bytes, 100 reopens, 0.67 s (0.5% of a core)."""


class PcmBuffer:
    """Growing 16 kHz mono int16 PCM, appended in place.

    Capacity grows by a quarter (still a constant cost per sample), and `trim` drops what is unused
    once the answer is finished: an answer waits for the speech workers longer than it was spoken,
    and doubling left up to half of each waiting answer's buffer empty.
    """

    GROWTH = 1.25

    def __init__(self) -> None:
        self._samples = np.zeros(SAMPLE_RATE * 16, dtype=np.int16)
        self._size = 0
        self._released = False

    def append(self, samples: npt.NDArray[np.int16]) -> None:
        self._require_samples()
        needed = self._size + samples.size
        if needed > self._samples.size:
            grown = np.zeros(max(needed, int(self.GROWTH * self._samples.size)), dtype=np.int16)
            grown[: self._size] = self._samples[: self._size]
            self._samples = grown
        self._samples[self._size : needed] = samples
        self._size = needed

    def trim(self) -> None:
        """Keep exactly the samples appended (a copy, unless the buffer is full)."""
        if self._samples.size > self._size:
            self._samples = self._samples[: self._size].copy()

    @property
    def capacity(self) -> int:
        return int(self._samples.size)

    @property
    def samples(self) -> npt.NDArray[np.int16]:
        """The PCM so far, as a view. Its samples never change: appends write past its end, and
        growing or trimming copies into a new array. But it keeps the whole array alive, spare
        capacity included: copy a piece that must outlive the answer's next chunks."""
        self._require_samples()
        return self._samples[: self._size]

    def release(self) -> None:
        """Let the samples go, keep their count: reading or appending them is an error from now on."""
        self._samples = np.zeros(0, dtype=np.int16)
        self._released = True

    def _require_samples(self) -> None:
        if self._released:
            raise RuntimeError("this answer's PCM was released after its finish")

    def __len__(self) -> int:
        return self._size


class ChunkAssembler:
    """Recorder chunks in any order -> the bytes contiguous from chunk 0, as they become contiguous."""

    def __init__(self) -> None:
        self._waiting: dict[int, bytes] = {}
        self.next_index = 0
        """The first chunk not yet joined."""

    def add(self, index: int, data: bytes) -> bytes:
        """The bytes that became contiguous thanks to this chunk (b"" if it waits for an earlier one).

        A chunk seen before is ignored: appends are retried by clients.
        """
        if index < self.next_index or index in self._waiting:
            return b""
        self._waiting[index] = data
        joined: list[bytes] = []
        while self.next_index in self._waiting:
            joined.append(self._waiting.pop(self.next_index))
            self.next_index += 1
        return b"".join(joined)

    @property
    def waiting(self) -> list[int]:
        """Chunks received after a gap, waiting for it to fill."""
        return sorted(self._waiting)


class _GrowingFile:
    """The file-like object FFmpeg reads: the bytes received so far, and whether more may come."""

    def __init__(self, data: bytearray) -> None:
        self.data = data
        self.position = 0
        self.final = False
        self.starved = False
        """FFmpeg asked past the end while more bytes may still come: it now believes the file ended."""

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else min(len(self.data), self.position + size)
        out = bytes(self.data[self.position : end])
        self.position = end
        if not out and not self.final:
            self.starved = True
        return out

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.position, 2: len(self.data)}[whence]
        self.position = base + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def seekable(self) -> bool:
        return False


class LiveDecoder:
    """One answer's recording decoded as its chunks arrive (see the module docstring)."""

    def __init__(
        self,
        read_ahead_bytes: int = _READ_AHEAD_BYTES,
        *,
        max_samples: int = MAX_ANSWER_SECONDS * SAMPLE_RATE,
    ) -> None:
        self._read_ahead = read_ahead_bytes
        """Tests pass 0 to make the demuxer run dry and exercise the reopening path."""
        self._max_seconds = max_samples / SAMPLE_RATE
        """The answer's cap; like `decode_audio`, decoding also stops past what the bytes received
        can plausibly hold (an audio bomb), checked after every decoded frame."""
        self.reopened = 0
        self.chunks = ChunkAssembler()
        self.pcm = PcmBuffer()
        self._data = bytearray()
        self._source: bytes | None = None
        """The recording's bytes once finished (`_data` is released then): set means finished."""
        self._file: _GrowingFile | None = None
        self._container: av.container.InputContainer | None = None
        self._packets: Iterator[av.Packet[av.AudioStream]] | None = None
        self._decoder: av.AudioCodecContext | None = None
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        self._decoded_packets = 0
        self._skip = 0
        self._parsed_end = 0
        self._label = ("", "")

    @property
    def finished(self) -> bool:
        return self._source is not None

    @property
    def received_bytes(self) -> int:
        return len(self._data) if self._source is None else len(self._source)

    def add_chunk(self, index: int, data: bytes) -> int:
        """Take chunk `index`; decode what it made contiguous. Returns how many samples were added.

        InvalidAudio when the bytes do not decode or hold implausibly much audio, PayloadTooLarge
        past `max_samples`.
        """
        if self.finished:
            raise RuntimeError("the recording was already finished")
        joined = self.chunks.add(index, data)
        if not joined:
            return 0
        self._data += joined
        return self._decode(final=False)

    def finish(self) -> DecodedAudio:
        """Decode the rest, flush the decoder and resampler; the whole answer as `decode_audio` gives it.

        BadUserInput-free: a gap (a chunk that never arrived) is the caller's to report, see
        `chunks.waiting`; the audio before the gap is returned.
        """
        source = self._source
        if source is None:
            self._decode(final=True)
            self._close()
            # What stays while the answer waits for its turn: the exact PCM and one copy of the bytes.
            self.pcm.trim()
            source = self._source = bytes(self._data)
            self._data = bytearray()
        if len(self.pcm) == 0:
            raise InvalidAudio(
                f"the recording holds no decodable audio (received {self.received_bytes:,} bytes)"
            )
        container, mime_type = self._label
        return DecodedAudio(
            samples=self.pcm.samples,
            sample_rate=SAMPLE_RATE,
            container=container,
            mime_type=mime_type,
            source=source,
        )

    # --- decoding ------------------------------------------------------------------------------

    def _decode(self, *, final: bool) -> int:
        before = len(self.pcm)
        try:
            self._pull_packets(final)
            if final and self._decoder is not None:
                self._emit(self._decoder.decode(None))
                self._emit(self._resampler.resample(None))
        except av.error.FFmpegError as error:
            raise InvalidAudio(
                f"the recording could not be decoded as audio (received {len(self._data):,} bytes: "
                f"{error.strerror or type(error).__name__})"
            ) from error
        return len(self.pcm) - before

    def _pull_packets(self, final: bool) -> None:
        if self._container is None and not self._open(final):
            return
        assert self._file is not None and self._decoder is not None and self._packets is not None
        self._file.final = final
        # FFmpeg reads ahead into its own buffer, so how far it has read says little; where the
        # last packet ended says how much is surely left for the next one.
        while final or len(self._data) - self._parsed_end > self._read_ahead:
            packet = next(self._packets, None)
            if self._file.starved:
                # The packet in hand may be cut short; decode it after reopening on more bytes.
                self._close()
                self.reopened += 1
                return
            if packet is None:
                return
            if not packet.size:
                continue  # the demuxer's end-of-stream marker; the decoder is flushed in `_decode`
            self._parsed_end = packet.pos + packet.size if packet.pos is not None and packet.pos >= 0 else 0
            if self._skip:
                self._skip -= 1
                continue
            self._decoded_packets += 1
            for frame in self._decoder.decode(packet):
                self._emit(self._resampler.resample(frame))

    def _open(self, final: bool) -> bool:
        """Open the demuxer on the buffer (again, after a starved read); False if too few bytes yet."""
        if not final and len(self._data) <= self._read_ahead:
            return False  # probing the format reads ahead too
        self._file = _GrowingFile(self._data)
        self._file.final = final
        try:
            container = av.open(self._file, mode="r", metadata_errors="ignore")
        except av.error.FFmpegError:
            if self._file.starved:
                self._file = None
                return False  # the header itself is not complete yet
            raise
        assert isinstance(container, av.container.InputContainer)
        if not container.streams.audio:
            container.close()
            raise InvalidAudio("the recording has no audio track")
        if self._file.starved:
            container.close()
            self._file = None
            return False
        stream = container.streams.audio[0]
        if self._decoder is None:
            self._decoder = _decoder_like(stream.codec_context)
            self._label = container_label(
                container.format.name, stream.codec_context.name, bytes(self._data[:64])
            )
        self._container = container
        self._packets = iter(container.demux(stream))
        self._skip = self._decoded_packets
        return True

    def _emit(self, frames: list[av.AudioFrame]) -> None:
        for frame in frames:
            self.pcm.append(frame.to_ndarray().reshape(-1).astype(np.int16, copy=False))
        seconds = len(self.pcm) / SAMPLE_RATE
        if seconds > plausible_seconds(len(self._data), self._max_seconds):
            raise too_long(seconds, len(self._data), self._max_seconds)

    def _close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._container = None
        self._packets = None
        self._file = None


def _decoder_like(source: av.AudioCodecContext) -> av.AudioCodecContext:
    """A decoder of our own with the stream's parameters: it outlives a reopened demuxer."""
    decoder = av.CodecContext.create(source.name, "r")
    assert isinstance(decoder, av.AudioCodecContext)
    if source.extradata is not None:
        decoder.extradata = source.extradata
    decoder.sample_rate = source.sample_rate
    decoder.layout = source.layout
    return decoder
