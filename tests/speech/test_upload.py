"""Reading uploads: the size limit holds before the whole file is in memory."""

from __future__ import annotations

import io

import pytest
from interview.errors import PayloadTooLarge
from interview.speech.upload import read_upload
from starlette.datastructures import UploadFile

MIB = 1024 * 1024


class EndlessUpload:
    """An upload that never ends, counting what was read from it."""

    def __init__(self) -> None:
        self.bytes_read = 0

    async def read(self, size: int = -1) -> bytes:
        chunk = b"\x00" * (size if size > 0 else MIB)
        self.bytes_read += len(chunk)
        return chunk


async def test_a_small_upload_is_read_whole() -> None:
    data = bytes(range(256)) * 5000
    upload = UploadFile(io.BytesIO(data), filename="answer.webm")
    assert await read_upload(upload, max_bytes=25 * MIB) == data


async def test_an_upload_of_exactly_the_limit_is_accepted() -> None:
    upload = UploadFile(io.BytesIO(b"x" * (2 * MIB)))
    assert len(await read_upload(upload, max_bytes=2 * MIB)) == 2 * MIB


async def test_an_oversized_upload_stops_as_soon_as_it_passes_the_limit() -> None:
    upload = EndlessUpload()
    with pytest.raises(PayloadTooLarge, match="at most 25 MiB") as raised:
        await read_upload(upload, max_bytes=25 * MIB)
    assert raised.value.extensions["code"] == "PAYLOAD_TOO_LARGE"
    assert upload.bytes_read <= 26 * MIB


async def test_a_starlette_upload_one_byte_over_is_refused() -> None:
    upload = UploadFile(io.BytesIO(b"x" * (MIB + 1)))
    with pytest.raises(PayloadTooLarge, match="at most 1 MiB"):
        await read_upload(upload, max_bytes=MIB)
