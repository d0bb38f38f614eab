"""An S3-compatible server of its own for these tests: moto's server, as a separate process speaking
the S3 HTTP protocol, on a free port; each test gets a fresh bucket."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from aiobotocore.session import get_session
from interview.media_storage.local import LocalMediaStorage
from interview.media_storage.s3 import S3MediaStorage

_ACCESS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    assert executable is not None, "moto[server] is a dev dependency"
    port = _free_port()
    process = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(endpoint + "/moto-api/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


async def make_bucket(endpoint: str) -> str:
    bucket = f"videos-{uuid.uuid4().hex[:10]}"
    async with get_session().create_client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", **_ACCESS
    ) as client:
        await client.create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture
async def s3_storage(s3_endpoint: str) -> AsyncIterator[S3MediaStorage]:
    storage = S3MediaStorage(
        await make_bucket(s3_endpoint),
        endpoint_url=s3_endpoint,
        region="us-east-1",
        access_key_id=_ACCESS["aws_access_key_id"],
        secret_access_key=_ACCESS["aws_secret_access_key"],
        prefix="deployment-a",
    )
    yield storage
    await storage.close()


@pytest.fixture
def local_storage(tmp_path: Path) -> LocalMediaStorage:
    return LocalMediaStorage(tmp_path / "media")
