"""Large blocks given back to the system when freed (glibc's malloc, through its public `mallopt`).

glibc serves a block of at least M_MMAP_THRESHOLD (128 KiB at start) with a mapping of its own and
unmaps it when freed. But each time such a block is freed, glibc raises the threshold to its size
(up to 32 MiB): from then on, blocks of that size come from the thread's arena, which keeps them
resident. One password hash (argon2id, 19 MiB) is enough to raise it to 19 MiB; after that every
answer's PCM, base64 payload and audio clip stays in the arenas. Measured on an API process in
bench/load.py: the two password threads alone kept 38 MB after registrations, and the arenas grew
with the speech backlog. A fixed threshold turns that adjustment off: large blocks are mapped and
unmapped every time, at the cost of a few system calls and page faults per block.

`interview serve` sets it (bench/load.py, 50 candidates, two runs each: API peak RSS 366–388 MB
before, 296–304 MB after). `interview worker` does not: its figure of merit is CPU per job, the
run with the threshold fixed there too spent 6.6 s of worker CPU per answer against 5.2–5.7 s
without, and its memory is mostly the models'.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

import structlog

log = structlog.get_logger(__name__)

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number (malloc.h)."""

LARGE_BLOCK_BYTES = 256 * 1024
"""Blocks of this size and more are mapped on their own: two seconds of 16 kHz PCM, a small clip."""


def give_large_blocks_back(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Fix glibc's mmap threshold for this process (call before the work starts); False when the
    C library is not glibc (nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, threshold))
    if not done:
        log.warning("mallopt refused the mmap threshold", threshold=threshold)
    return done
