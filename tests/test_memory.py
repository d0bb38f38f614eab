"""give_large_blocks_back: memory that password hashing used goes back to the system afterwards,
in an API process whose speech jobs run on workers.

Each case runs in a fresh interpreter, as `interview serve` does: the threshold is process-wide,
and whatever an earlier test allocated would blur the figures.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HASH_TWENTY_PASSWORDS = """
import asyncio, sys
from interview.memory import give_large_blocks_back
from interview.accounts.passwords import hash_password, start_password_pool

def rss_mb():
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024

if sys.argv[1] == "fixed":
    assert give_large_blocks_back()
elif sys.argv[1] in ("process", "redis"):
    from interview.memory import tune_api_process
    assert tune_api_process(runs_speech_jobs=sys.argv[1] == "process") == (sys.argv[1] == "redis")
start_password_pool(2)

async def main():
    before = rss_mb()
    await asyncio.gather(*(hash_password(f"password {i}") for i in range(20)))
    print(rss_mb() - before)

asyncio.run(main())
"""


def _printed_mb(script: str, mode: str) -> float:
    """The figure `script` prints, run in a fresh interpreter with `mode` as its argument."""
    done = subprocess.run([sys.executable, "-c", script, mode], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return float(done.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_password_hashes_leave_no_memory_behind() -> None:
    # Two threads hashing with 19 MiB each: glibc keeps both blocks without the fixed threshold.
    assert _printed_mb(HASH_TWENTY_PASSWORDS, "default") > 30
    assert _printed_mb(HASH_TWENTY_PASSWORDS, "fixed") < 12


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_only_an_api_process_whose_speech_runs_on_workers_fixes_the_threshold() -> None:
    """With SPEECH_QUEUE=process the API process runs Whisper itself, whose buffers would be mapped
    and unmapped on every call: it keeps glibc's defaults, as a worker does."""
    assert _printed_mb(HASH_TWENTY_PASSWORDS, "redis") < 12
    assert _printed_mb(HASH_TWENTY_PASSWORDS, "process") > 30


FREE_MOST_OF_WHAT_FOUR_THREADS_ALLOCATED = """
import sys, threading, time
from interview.memory import keep_heaps_small

def rss_mb():
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024

if sys.argv[1] == "kept":
    assert keep_heaps_small(every_seconds=0.2) is not None
kept = []

def churn():
    blocks = [bytearray(3000) for _ in range(6000)]  # malloc's own blocks (pymalloc stops at 512 B)
    kept.extend(blocks[::40])  # a few stay in use, scattered: no heap can shrink from its top

before = rss_mb()
threads = [threading.Thread(target=churn) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
time.sleep(1)
print(rss_mb() - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_free_pages_inside_the_heaps_go_back_to_the_system() -> None:
    # 4 threads x 18 MB of 3 KB blocks, 1 in 40 kept: glibc keeps the heaps' free pages resident
    # (36 MB here), unless they are trimmed (5 MB).
    assert _printed_mb(FREE_MOST_OF_WHAT_FOUR_THREADS_ALLOCATED, "default") > 25
    assert _printed_mb(FREE_MOST_OF_WHAT_FOUR_THREADS_ALLOCATED, "kept") < 12
