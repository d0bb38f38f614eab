"""One process-wide thread pool for CPU-heavy speech work, so it leaves the event loop.

Threads (not processes) suffice: PyAV, ctranslate2 (faster-whisper), webrtcvad's C loop and
onnxruntime (Piper) release the GIL while they compute. The pool is sized to the machine, so
concurrent answers queue instead of oversubscribing the cores.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from interview.settings import Settings, get_settings

_P = ParamSpec("_P")
_T = TypeVar("_T")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_threads = 0
"""The pool's size, once it exists."""
_in_flight = 0
"""`run_cpu` calls awaited and not finished (counted on the event loop's thread)."""


def worker_count(configured: int) -> int:
    """SPEECH_WORKERS, where 0 means one thread per CPU core."""
    return configured if configured > 0 else os.cpu_count() or 1


def start_speech_pool(settings: Settings) -> ThreadPoolExecutor:
    """Create the pool from the app's settings (its lifespan calls this); idempotent."""
    global _pool, _threads
    with _pool_lock:
        if _pool is None:
            _threads = worker_count(settings.speech_workers)
            _pool = ThreadPoolExecutor(max_workers=_threads, thread_name_prefix="speech")
        return _pool


def speech_pool() -> ThreadPoolExecutor:
    """The process's speech thread pool; created from the environment's settings if not started."""
    return _pool if _pool is not None else start_speech_pool(get_settings())


async def run_cpu(fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """Run `fn(*args, **kwargs)` on the speech pool and await its result."""
    global _in_flight
    loop = asyncio.get_running_loop()
    _in_flight += 1
    try:
        return await loop.run_in_executor(speech_pool(), lambda: fn(*args, **kwargs))
    finally:
        _in_flight -= 1


def speech_pool_backlogged() -> bool:
    """Do as many `run_cpu` calls wait for a thread as the pool has threads? One call waiting is
    no backlog: a chunk is often decoded while Whisper runs and the meters wait a moment."""
    return _in_flight >= 2 * _threads > 0


def shutdown_speech_pool() -> None:
    """Wait for running work and release the threads (for the app's lifespan shutdown)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True)
            _pool = None
