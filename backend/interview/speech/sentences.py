"""Where a transcript's sentences end, as Whisper punctuates them."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s*$")


def ends_a_sentence(text: str) -> bool:
    """Does `text` end with a full stop, a question or an exclamation mark (quotes may follow)?"""
    return bool(_SENTENCE_END.search(text))
