"""Tiny files that claim or decode to long audio (issue 16, item 4), built byte by byte."""

from __future__ import annotations

import struct


def slow_wav(data_bytes: int, rate: int = 1) -> bytes:
    """8-bit mono PCM at `rate` Hz: every byte is a whole second of audio at 1 Hz (a 420-byte
    file declares 376 s, and decodes to as much at 16 kHz)."""
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", data_bytes) + bytes([128]) * data_bytes
    return b"RIFF" + struct.pack("<I", len(body)) + body


BOMB = slow_wav(376)
"""420 bytes declaring 376 s: over the default 300 s cap."""
assert len(BOMB) == 420
