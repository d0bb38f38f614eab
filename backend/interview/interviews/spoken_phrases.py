"""Short fixed phrases in a persona's voice, synthesised once per process and then served from memory.

The acknowledgement after an answer and the lobby's voice samples say the same words in the same
voice every time: synthesising them again would only add latency. One instance lives in the
process's services (opened and closed with them).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from interview.ai.base import SynthesizedSpeech, TextToSpeech
from interview.speech.types import VoiceProfile

MAX_PHRASES = 64
"""Far more than the shipped personas' phrases; the bound keeps a misconfigured catalogue from growing."""

_Key = tuple[str, VoiceProfile]


class SpokenPhrases:
    """A bounded cache of spoken phrases, keyed by text and voice (one speech engine per process).

    Calls for a phrase being synthesised share that synthesis; a failure is raised to them and not
    kept, so the next call tries again.
    """

    def __init__(self, size: int = MAX_PHRASES) -> None:
        self._size = size
        self._speech: OrderedDict[_Key, asyncio.Future[SynthesizedSpeech]] = OrderedDict()

    async def speech(self, tts: TextToSpeech, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        key = (text, voice)
        future = self._speech.get(key)
        if future is None or (future.done() and (future.cancelled() or future.exception() is not None)):
            future = asyncio.ensure_future(tts.synthesize(text, voice))
            self._speech[key] = future
            while len(self._speech) > self._size:
                self._speech.popitem(last=False)
        else:
            self._speech.move_to_end(key)
        return await asyncio.shield(future)
