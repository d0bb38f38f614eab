"""Read an uploaded answer without ever holding more than the size limit in memory."""

from __future__ import annotations

from typing import Protocol

from interview.errors import PayloadTooLarge

_CHUNK_BYTES = 1024 * 1024


class AsyncReadable(Protocol):
    """What a Starlette UploadFile offers (and anything else with an async read)."""

    async def read(self, size: int = -1) -> bytes: ...


async def read_upload(upload: AsyncReadable, max_bytes: int) -> bytes:
    """The upload's bytes; PayloadTooLarge as soon as more than `max_bytes` have arrived."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = await upload.read(_CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise PayloadTooLarge(
                f"the recording is too large: uploads may be at most {_describe_limit(max_bytes)}"
            )
        chunks.append(chunk)


def _describe_limit(max_bytes: int) -> str:
    mebibytes = max_bytes / (1024 * 1024)
    if mebibytes >= 1 and mebibytes == int(mebibytes):
        return f"{int(mebibytes)} MiB"
    if mebibytes >= 1:
        return f"{mebibytes:.1f} MiB"
    return f"{max_bytes:,} bytes"
