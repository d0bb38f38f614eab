"""The fake AI server as a standalone process, as benchmarks and multi-process tests run it."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from interview.ai.errors import ProviderRateLimited
from interview.ai.openai.stt import OpenAISTT
from interview.settings import Settings

from tests.ai.conftest import Closer, wav_audio

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture
async def server_url() -> AsyncIterator[str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fakes.fake_ai_server",
        "--port",
        "0",
        "--stt-latency",
        "0.3",
        "--first-token",
        "0.1",
        "--tokens-per-second",
        "50",
        "--tts-first-byte",
        "0.1",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode()
        assert line.startswith("fake AI server listening on http://127.0.0.1:")
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        process.terminate()
        await process.wait()


async def test_flags_set_latency_and_faults_are_scriptable_over_http(
    closing: Closer, server_url: str
) -> None:
    settings = Settings(
        _env_file=None, environment="test", openai_api_key="sk-fake", openai_base_url=f"{server_url}/v1"
    )
    stt = closing(OpenAISTT(settings))

    started = time.perf_counter()
    result = await stt.transcribe(wav_audio())
    assert time.perf_counter() - started >= 0.3, "--stt-latency 0.3"
    assert result.text.startswith("Um, I led the migration")

    async with httpx.AsyncClient(base_url=server_url) as control:
        answer = await control.post(
            "/_fake/faults",
            json={"route": "transcriptions", "faults": [{"kind": "http", "status": 429, "retry_after": 0.5}]},
        )
        assert answer.json() == {"pending": 1}
        with pytest.raises(ProviderRateLimited):
            await stt.transcribe(wav_audio())
        logged = (await control.get("/_fake/requests")).json()
    assert [entry["route"] for entry in logged] == ["transcriptions", "transcriptions"]
    assert logged[0]["form"]["model"] == "gpt-transcribe"
