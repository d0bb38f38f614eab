"""Where recordings live: one small interface, a local-folder and an S3-compatible implementation.

Keys are '/'-separated paths chosen by the domain (interview.interviews.video). Every write is
atomic: an object is seen whole or not at all, so a crash leaves nothing half-stored under a key
anyone serves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

READ_PIECE_BYTES = 1024 * 1024
"""Objects are read in pieces of this size: a 100 MiB video never sits in memory at once."""


class StorageError(Exception):
    """The storage failed (a full disk, an unreachable or refusing object store)."""


class MediaStorage(Protocol):
    """Stored objects by key."""

    async def write(self, key: str, data: bytes) -> None:
        """Store `data` under `key` (replacing it), atomically."""

    async def write_file(self, key: str, path: Path) -> None:
        """Store the file at `path` under `key` (replacing it), atomically, without reading it
        into memory whole."""

    async def size(self, key: str) -> int | None:
        """The object's size in bytes, or None when there is no such object."""

    def read(self, key: str, first: int = 0, last: int | None = None) -> AsyncIterator[bytes]:
        """Bytes `first`..`last` (inclusive; None: to the end) of an object, in pieces."""

    async def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with `prefix`; returns how many."""

    def describe(self) -> str:
        """Where objects go, for the start-up log (no secrets)."""

    async def close(self) -> None:
        """Release connections."""
