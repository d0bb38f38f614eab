"""Large blocks given back to the system when freed (glibc's malloc, through its public `mallopt`).

glibc serves a block of at least M_MMAP_THRESHOLD (128 KiB at start) with a mapping of its own and
unmaps it when freed. But each time such a block is freed, glibc raises the threshold to its size
(up to 32 MiB): from then on, blocks of that size come from the thread's arena, which keeps them
resident. One password hash (argon2id, 19 MiB) is enough to raise it to 19 MiB; after that every
answer's PCM, base64 payload and audio clip stays in the arenas. Measured on an API process in
bench/load.py: the two password threads alone kept 38 MB after registrations, and the arenas grew
with the speech backlog. A fixed threshold turns that adjustment off: large blocks are mapped and
unmapped every time, at the cost of a few system calls and page faults per block.

`interview serve` sets it when its speech jobs run on workers (bench/load.py, 50 candidates, two
runs each: API peak RSS 366–388 MB before, 296–304 MB after). `interview worker` does not: its
figure of merit is CPU per job, the run with the threshold fixed there too spent 6.6 s of worker
CPU per answer against 5.2–5.7 s without, and its memory is mostly the models'. Nor does an API
process that runs its speech jobs itself (SPEECH_QUEUE=process, `make run`): it is a worker too,
and Whisper maps and unmaps its buffers on every call with the threshold fixed (a 4.8 s clip took
0.56 s against 0.42 s with glibc's defaults; with the arenas capped too, 0.57 s).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
import threading
import time

import structlog

log = structlog.get_logger(__name__)

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number (malloc.h)."""

LARGE_BLOCK_BYTES = 256 * 1024
"""Blocks of this size and more are mapped on their own: two seconds of 16 kHz PCM, a small clip."""


M_ARENA_MAX = -8
"""mallopt's parameter number for the most arenas (malloc.h)."""

ARENAS = 2
"""Arenas for an API process: glibc's default is 8 per core, one more for each thread that
allocates at the same time as another, each keeping what its thread freed."""

TRIM_SECONDS = 5.0
"""How often the free pages inside the heaps are given back (malloc_trim)."""


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library if it is glibc (it has mallopt and malloc_trim), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.mallopt.restype = ctypes.c_int
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):  # musl and others have neither
        return None
    return libc


def give_large_blocks_back(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Fix glibc's mmap threshold for this process (call before the work starts); False when the
    C library is not glibc (nothing changed)."""
    libc = _glibc()
    if libc is None:
        return False
    done = bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    if not done:
        log.warning("mallopt refused the mmap threshold", threshold=threshold)
    return done


def keep_heaps_small(arenas: int = ARENAS, every_seconds: float = TRIM_SECONDS) -> threading.Thread | None:
    """Cap glibc's arenas at `arenas` and give the free pages inside them back every
    `every_seconds` (malloc_trim, on a daemon thread); None when the C library is not glibc.
    Call before the work starts: arenas already made stay."""
    libc = _glibc()
    if libc is None:
        return None
    if not libc.mallopt(M_ARENA_MAX, arenas):
        log.warning("mallopt refused the arena limit", arenas=arenas)

    def trim() -> None:
        while True:
            time.sleep(every_seconds)
            libc.malloc_trim(0)

    trimmer = threading.Thread(target=trim, name="malloc-trim", daemon=True)
    trimmer.start()
    return trimmer


def tune_api_process(*, runs_speech_jobs: bool) -> bool:
    """Both settings above for an API process whose speech jobs run on workers; none for one that
    runs them itself (see the module docstring). True when they were set."""
    if runs_speech_jobs:
        return False
    fixed = give_large_blocks_back()
    return keep_heaps_small() is not None and fixed
