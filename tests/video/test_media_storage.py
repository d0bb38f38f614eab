"""Both media storages keep the same promises: whole writes, ranged reads and removal by prefix
(the S3 one against a real S3-protocol server process)."""

from __future__ import annotations

import os

import pytest
from interview.media_storage.base import MediaStorage, StorageError
from interview.media_storage.local import LocalMediaStorage

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest) -> MediaStorage:
    fixture: MediaStorage = request.getfixturevalue(f"{request.param}_storage")
    return fixture


async def _read(storage: MediaStorage, key: str, first: int = 0, last: int | None = None) -> bytes:
    return b"".join([piece async for piece in storage.read(key, first, last)])


async def test_an_object_reads_back_whole_and_by_range(storage: MediaStorage) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    await storage.write("s1/video/1.webm", data)
    assert await storage.size("s1/video/1.webm") == len(data)
    assert await _read(storage, "s1/video/1.webm") == data
    assert await _read(storage, "s1/video/1.webm", 1000, 1999) == data[1000:2000]
    assert await _read(storage, "s1/video/1.webm", len(data) - 5) == data[-5:]
    assert await storage.size("s1/video/2.webm") is None


async def test_writing_a_key_again_replaces_it_whole(storage: MediaStorage) -> None:
    await storage.write("s2/video/1.webm", b"first take, longer than the second")
    await storage.write("s2/video/1.webm", b"second take")
    assert await _read(storage, "s2/video/1.webm") == b"second take"
    assert await storage.size("s2/video/1.webm") == len(b"second take")


async def test_delete_prefix_removes_a_sessions_objects_only(storage: MediaStorage) -> None:
    await storage.write("s3/video/1.webm", b"one")
    await storage.write("s3/staging/2/000000.part", b"two")
    await storage.write("s30/video/1.webm", b"another session")
    assert await storage.delete_prefix("s3/") == 2
    assert await storage.size("s3/video/1.webm") is None
    assert await storage.size("s3/staging/2/000000.part") is None
    assert await storage.size("s30/video/1.webm") == len(b"another session")


async def test_reading_a_missing_object_is_a_storage_error(storage: MediaStorage) -> None:
    with pytest.raises(StorageError):
        await _read(storage, "nobody/video/1.webm")


def test_a_local_key_cannot_leave_the_folder(local_storage: LocalMediaStorage) -> None:
    with pytest.raises(ValueError):
        local_storage._path("../outside")
