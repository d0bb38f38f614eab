"""Objects in an S3-compatible store (AWS S3, MinIO, Ceph, R2...) through aiobotocore.

A PutObject makes its object appear whole or not at all, so writes are atomic by the protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiobotocore.session import get_session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from interview.media_storage.base import READ_PIECE_BYTES, StorageError

if TYPE_CHECKING:
    from types_aiobotocore_s3.client import S3Client

_DELETE_BATCH = 1000
"""DeleteObjects takes at most 1,000 keys."""


class S3MediaStorage:
    """A MediaStorage on an S3-compatible bucket, under an optional key prefix."""

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None,
        region: str,
        access_key_id: str | None,
        secret_access_key: str | None,
        prefix: str = "",
    ) -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client_args: dict[str, Any] = {
            "endpoint_url": endpoint_url,
            "region_name": region,
            "aws_access_key_id": access_key_id,
            "aws_secret_access_key": secret_access_key,
            "config": Config(retries={"max_attempts": 3, "mode": "standard"}),
        }
        self._stack = contextlib.AsyncExitStack()
        self._client: S3Client | None = None
        self._lock = asyncio.Lock()

    async def _s3(self) -> S3Client:
        """The client, made on first use (the lifespan need not wait for the store)."""
        async with self._lock:
            if self._client is None:
                client: S3Client = await self._stack.enter_async_context(
                    get_session().create_client("s3", **self._client_args)
                )
                self._client = client
            return self._client

    def _key(self, key: str) -> str:
        return self.prefix + key

    async def write(self, key: str, data: bytes) -> None:
        s3 = await self._s3()
        with _translated(f"store {key}"):
            await s3.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    async def write_file(self, key: str, path: Path) -> None:
        s3 = await self._s3()
        with _translated(f"store {key}"), path.open("rb") as body:
            await s3.put_object(Bucket=self.bucket, Key=self._key(key), Body=body)

    async def size(self, key: str) -> int | None:
        s3 = await self._s3()
        try:
            head = await s3.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise StorageError(f"could not read {key}: {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"could not read {key}: {error}") from error
        return head["ContentLength"]

    async def read(self, key: str, first: int = 0, last: int | None = None) -> AsyncIterator[bytes]:
        s3 = await self._s3()
        byte_range = f"bytes={first}-{'' if last is None else last}"
        with _translated(f"read {key}"):
            answer = await s3.get_object(Bucket=self.bucket, Key=self._key(key), Range=byte_range)
            async with answer["Body"] as body:
                while piece := await body.read(READ_PIECE_BYTES):
                    yield piece

    async def delete_prefix(self, prefix: str) -> int:
        s3 = await self._s3()
        count = 0
        with _translated(f"delete {prefix}"):
            paginator = s3.get_paginator("list_objects_v2")
            async for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix)):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                for start in range(0, len(keys), _DELETE_BATCH):
                    batch = keys[start : start + _DELETE_BATCH]
                    await s3.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})  # type: ignore[typeddict-item]
                    count += len(batch)
        return count

    def describe(self) -> str:
        where = self.endpoint_url or "AWS"
        return f"s3 bucket {self.bucket} at {where}" + (f" under {self.prefix}" if self.prefix else "")

    async def close(self) -> None:
        await self._stack.aclose()
        self._client = None


@contextlib.contextmanager
def _translated(action: str) -> Any:
    """The store's own exceptions become StorageError at this boundary."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise StorageError(f"could not {action}: {error}") from error
