"""The speech thread pool: sized to the machine, and it keeps the event loop free."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest
from interview.speech.workers import run_cpu, speech_pool, speech_pool_backlogged, worker_count


def test_zero_workers_means_one_per_core() -> None:
    assert worker_count(0) == (os.cpu_count() or 1)
    assert worker_count(3) == 3


async def test_work_runs_on_a_speech_thread_and_returns_its_result() -> None:
    name = await run_cpu(lambda: threading.current_thread().name)
    assert name.startswith("speech")
    assert await run_cpu(divmod, 17, 5) == (3, 2)


async def test_errors_reach_the_caller() -> None:
    with pytest.raises(ZeroDivisionError):
        await run_cpu(divmod, 1, 0)


async def test_blocking_work_does_not_block_the_loop() -> None:
    started = time.perf_counter()
    blocking = asyncio.ensure_future(run_cpu(time.sleep, 1.0))
    await asyncio.sleep(0.01)
    assert time.perf_counter() - started < 0.5  # the loop ran while the worker slept
    await blocking


def test_the_pool_is_shared() -> None:
    assert speech_pool() is speech_pool()


async def test_the_pool_is_backlogged_while_calls_wait_for_a_free_thread() -> None:
    release = threading.Event()
    started = threading.Semaphore(0)

    def occupy_a_thread() -> None:
        started.release()
        release.wait(10)

    calls: list[asyncio.Future[None]] = []
    try:
        while True:  # one more call until one finds no free thread
            calls.append(asyncio.ensure_future(run_cpu(occupy_a_thread)))
            if not await asyncio.to_thread(started.acquire, timeout=0.5):
                break
            assert len(calls) <= 64
        threads = len(calls) - 1
        while len(calls) < 2 * threads:  # fewer calls wait than there are threads
            assert not speech_pool_backlogged()
            calls.append(asyncio.ensure_future(run_cpu(occupy_a_thread)))
            await asyncio.sleep(0)
        assert speech_pool_backlogged()
    finally:
        release.set()
        await asyncio.gather(*calls)
    assert not speech_pool_backlogged()
