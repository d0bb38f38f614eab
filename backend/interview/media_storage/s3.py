"""Objects in an S3-compatible store (AWS S3, MinIO, Ceph, R2...) through aiobotocore.

A PutObject, a CompleteMultipartUpload and a CopyObject each make their object appear whole, so
writes are atomic by the protocol; a composition that fails half-way aborts its multipart upload.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from aiobotocore.session import get_session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from interview.media_storage.base import READ_PIECE_BYTES, StorageError

if TYPE_CHECKING:
    from types_aiobotocore_s3.client import S3Client

_MIN_PART_BYTES = 5 * 1024 * 1024
"""S3 refuses multipart parts below 5 MiB (except the last)."""
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

    async def compose(self, sources: Sequence[str], target: str) -> int:
        s3 = await self._s3()
        with _translated(f"store {target}"):
            upload = await s3.create_multipart_upload(Bucket=self.bucket, Key=self._key(target))
        upload_id = upload["UploadId"]
        parts: list[dict[str, Any]] = []
        size = 0
        buffer = bytearray()

        async def send(final: bool) -> None:
            nonlocal buffer
            if not buffer and not (final and not parts):
                return
            number = len(parts) + 1
            answer = await s3.upload_part(
                Bucket=self.bucket,
                Key=self._key(target),
                UploadId=upload_id,
                PartNumber=number,
                Body=bytes(buffer),
            )
            parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            buffer = bytearray()

        try:
            with _translated(f"store {target}"):
                for source in sources:
                    async for piece in self.read(source):
                        buffer += piece
                        size += len(piece)
                        if len(buffer) >= _MIN_PART_BYTES:
                            await send(final=False)
                await send(final=True)
                await s3.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=self._key(target),
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},  # type: ignore[typeddict-item]
                )
        except BaseException:
            with contextlib.suppress(BotoCoreError, ClientError):
                await s3.abort_multipart_upload(Bucket=self.bucket, Key=self._key(target), UploadId=upload_id)
            raise
        return size

    async def rename(self, source: str, target: str) -> None:
        s3 = await self._s3()
        with _translated(f"move {source}"):
            await s3.copy_object(
                Bucket=self.bucket,
                Key=self._key(target),
                CopySource={"Bucket": self.bucket, "Key": self._key(source)},
            )
            await s3.delete_object(Bucket=self.bucket, Key=self._key(source))

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
            # An upload that crashed before completing holds parts nobody sees; they go too.
            uploads = await s3.list_multipart_uploads(Bucket=self.bucket, Prefix=self._key(prefix))
            for upload in uploads.get("Uploads", []):
                await s3.abort_multipart_upload(
                    Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                )
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
