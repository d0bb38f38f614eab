"""One streamed answer's audio: chunks decoded as they arrive and cut into utterances.

The speech-to-text of a streamed answer (local or cloud) sits on top of this. Everything here is
a pure function of the chunks received: after a crash, feeding the stored chunks to a new
`LiveAnswerAudio` rebuilds the same state.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview.speech.levels import AudioSummary, summarise
from interview.speech.live_decode import LiveDecoder
from interview.speech.types import SAMPLE_RATE, DecodedAudio
from interview.speech.utterances import Utterance, UtteranceSegmenter
from interview.speech.vad import VoiceActivity


@dataclass(frozen=True)
class FinishedAudio:
    """The whole answer, its voice activity (equal to `detect_voice`), and the utterances still to
    transcribe: those the last audio closed, and the one still open if it holds speech (none
    when the answer ended in silence after a transcribed utterance)."""

    audio: DecodedAudio
    activity: VoiceActivity
    gaps: list[Utterance]
    """The pauses between sentences the last audio held (`UtteranceSegmenter.take_gaps`)."""
    remaining: list[Utterance]
    summary: AudioSummary
    """What the turn keeps of `audio` once the PCM is released (`LiveAnswerAudio.release`)."""


class LiveAnswerAudio:
    """Decoder + utterance segmenter for one answer; CPU work, run through `run_cpu`, one call at
    a time."""

    def __init__(
        self,
        *,
        utterance_silence_ms: int,
        max_utterance_seconds: float = 28.0,
        sentence_gap_ms: int | None = None,
    ) -> None:
        self.decoder = LiveDecoder()
        self.segmenter = UtteranceSegmenter(utterance_silence_ms, max_utterance_seconds, sentence_gap_ms)

    @property
    def received_ms(self) -> int:
        return len(self.decoder.pcm) * 1000 // SAMPLE_RATE

    def add_chunk(self, index: int, data: bytes) -> list[Utterance]:
        """Take one recorder chunk; the utterances it closed."""
        if not self.decoder.add_chunk(index, data):
            return []
        return self.segmenter.push(self.decoder.pcm.samples)

    def pending(self) -> Utterance | None:
        """The open utterance, once its clip is what it will be if only silence follows."""
        return self.segmenter.pending()

    def finish(self) -> FinishedAudio:
        """Decode the rest; InvalidAudio when nothing decodable was received."""
        audio = self.decoder.finish()
        remaining = self.segmenter.push(audio.samples)
        last = self.segmenter.finish(len(audio.samples))
        if last is not None:
            remaining.append(last)
        gaps = self.segmenter.take_gaps()
        return FinishedAudio(audio, self.segmenter.activity(), gaps, remaining, summarise(audio))

    def release(self) -> None:
        """After the finish, once the clips still to transcribe are copied: let the PCM go. A
        finished answer can wait minutes for the speech workers, and its turn reads only the
        summary."""
        self.decoder.pcm.release()
