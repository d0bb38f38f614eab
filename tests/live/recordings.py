"""A spoken answer as a browser's MediaRecorder would send it, in chunks of about a second.

The whole recording is encoded once (webm/opus without duration or cues, as MediaRecorder writes
it) and cut into byte ranges: chunk 0 holds the header and the first audio, and every prefix
0..k is what a decoder would have received so far. Real MediaRecorder chunks end at cluster
boundaries; byte ranges are the harder case (a prefix ends mid-block), so passing with them
covers the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, SampleAnswer, speak_script
from interview.speech.types import SAMPLE_RATE, VoiceProfile

from tests.speech_fixtures import piper

LIVE_SCRIPT = AnswerScript(
    sentences=[
        "I would start by measuring where the time goes in the request.",
        "Then I would add an index and cache the hot queries.",
    ],
    silences_after=[0.8],
    leading_seconds=1.0,
    trailing_seconds=1.5,
    voice=VoiceProfile(name="candidate"),
)


@dataclass(frozen=True)
class LiveRecording:
    answer: SampleAnswer
    webm: bytes
    chunks: list[bytes]

    @property
    def duration_seconds(self) -> float:
        return len(self.answer.samples) / SAMPLE_RATE


@cache
def live_recording(chunk_seconds: float = 1.0) -> LiveRecording:
    answer = speak_script(piper(), LIVE_SCRIPT)
    webm = encode_pcm(answer.samples, SAMPLE_RATE, "webm", live=True)
    duration = len(answer.samples) / SAMPLE_RATE
    count = max(2, round(duration / chunk_seconds))
    size = -(-len(webm) // count)
    chunks = [webm[i : i + size] for i in range(0, len(webm), size)]
    return LiveRecording(answer=answer, webm=webm, chunks=chunks)
