"""Objects as files in a folder (by default DATA_DIR/media).

Atomic writes are a temporary file in the same folder, flushed and then renamed over the key
(os.replace is atomic on POSIX): a crash leaves at most a `.part` file, which no key names and the
next delete of its prefix removes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import BinaryIO

from interview.media_storage.base import READ_PIECE_BYTES, StorageError

_PART_SUFFIX = ".part"


class LocalMediaStorage:
    """A MediaStorage on the local filesystem."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if path == self.root or self.root not in path.parents:  # keys are ours, but never escape the root
            raise ValueError(f"bad storage key {key!r}")
        return path

    async def write(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write_atomically, self._path(key), data)

    async def write_file(self, key: str, path: Path) -> None:
        await asyncio.to_thread(self._copy_atomically, path, self._path(key))

    async def size(self, key: str) -> int | None:
        try:
            return (await asyncio.to_thread(self._path(key).stat)).st_size
        except FileNotFoundError:
            return None

    async def read(self, key: str, first: int = 0, last: int | None = None) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError as error:
            raise StorageError(f"no object {key}") from error
        try:
            await asyncio.to_thread(handle.seek, first)
            remaining = None if last is None else last - first + 1
            while remaining is None or remaining > 0:
                want = READ_PIECE_BYTES if remaining is None else min(READ_PIECE_BYTES, remaining)
                piece = await asyncio.to_thread(handle.read, want)
                if not piece:
                    break
                if remaining is not None:
                    remaining -= len(piece)
                yield piece
        finally:
            handle.close()

    async def delete_prefix(self, prefix: str) -> int:
        return await asyncio.to_thread(self._delete_prefix, prefix)

    def describe(self) -> str:
        return f"local folder {self.root}"

    async def close(self) -> None:
        return None

    def _delete_prefix(self, prefix: str) -> int:
        # Prefixes are folder-shaped ("<session id>/"); a file prefix removes that one file.
        base = self.root / prefix
        count = 0
        if prefix.endswith("/"):
            folder = self._path(prefix.rstrip("/"))
            if folder.is_dir():
                count = sum(1 for item in folder.rglob("*") if item.is_file())
                shutil.rmtree(folder, ignore_errors=True)
            return count
        for item in base.parent.glob(base.name + "*") if base.parent.is_dir() else []:
            if item.is_file():
                item.unlink(missing_ok=True)
                count += 1
        return count

    @staticmethod
    def _write_atomically(target: Path, data: bytes) -> None:
        LocalMediaStorage._replace_atomically(target, lambda out: out.write(data))

    @staticmethod
    def _copy_atomically(source: Path, target: Path) -> None:
        def copy(out: BinaryIO) -> None:
            with source.open("rb") as read:
                shutil.copyfileobj(read, out, READ_PIECE_BYTES)

        LocalMediaStorage._replace_atomically(target, copy)

    @staticmethod
    def _replace_atomically(target: Path, fill: Callable[[BinaryIO], object]) -> None:
        """Fill a temporary file beside `target`, flush it to disk, then rename it over `target`."""
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{uuid.uuid4().hex}{_PART_SUFFIX}")
        try:
            with temporary.open("wb") as out:
                fill(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StorageError(f"could not store {target.name}: {error}") from error
