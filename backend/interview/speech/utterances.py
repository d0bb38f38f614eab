"""Utterances: the stretches of an answer between silences, found as the audio arrives.

A streamed answer is transcribed utterance by utterance as each one closes, so at the end only
the last one is left. `UtteranceSegmenter` judges each new 30 ms frame with the same
`FrameClassifier` as `detect_voice` (webrtcvad keeps its state across calls, so the frames are
judged exactly as a whole-file pass judges them) and closes an utterance once the silence after
speech reaches `silence_ms`. The utterances tile the audio: each starts where the previous ended.
`split_at_silences` runs the same segmenter over a whole file and packs the utterances into
Whisper-sized pieces for parallel transcription.

An utterance's clip (the audio given to speech-to-text) ends TRAIL_MS after its last speech,
whatever silence closed it. So once the candidate has been silent for TRAIL_MS the open
utterance's clip is already the one it will have when it closes (`UtteranceSegmenter.pending`):
it can be transcribed then, and the transcript kept if no speech follows before the close.

Asked to (`sentence_gap_ms`), the segmenter also reports the shorter pauses inside an utterance
(`take_gaps`): the breaks between sentences, where a streamed answer's transcription may commit
the words before them (ai/local/live_stt.py) so that the utterance's close leaves less to do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from interview.speech.types import SAMPLE_RATE
from interview.speech.vad import (
    FRAME_MS,
    FRAME_SAMPLES,
    MIN_BURST_MS,
    FrameClassifier,
    VoiceActivity,
    frame_view,
    smooth_voiced_frames,
)

LEAD_IN_MS = 300
"""Silence kept before an utterance's first speech when it is transcribed: Whisper misses a first
word that starts at sample 0, and long silence invites it to invent words."""

TRAIL_MS = 150
"""Silence kept after an utterance's last speech in its clip (webrtcvad's decisions already
trail the speech by a frame or two), and how long the candidate must be silent before the open
utterance is `pending`. Short, because audio arrives in 1 s recorder chunks: when the candidate
stops mid-chunk, that chunk ends this far into the silence 85% of the time, so their last words
are transcribed while the pause goes on. A gap between words can make an utterance pending too:
that transcript serves as partial text until the next one."""

_MIN_VOICED_FRAMES = -(-MIN_BURST_MS // FRAME_MS)
_TRAIL_FRAMES = TRAIL_MS // FRAME_MS


@dataclass(frozen=True)
class Utterance:
    """Samples [start, end) of the answer; speech runs from `speech_start` to `speech_end`."""

    start: int
    end: int
    speech_start: int
    speech_end: int

    @property
    def clip_start(self) -> int:
        """Where to start the audio given to speech-to-text: a little before the speech."""
        return max(self.start, self.speech_start - LEAD_IN_MS * SAMPLE_RATE // 1000)

    @property
    def clip_end(self) -> int:
        """Where to end the audio given to speech-to-text: a little after the speech."""
        return min(self.end, self.speech_end + TRAIL_MS * SAMPLE_RATE // 1000)

    @property
    def clip(self) -> tuple[int, int]:
        return self.clip_start, self.clip_end

    @property
    def end_seconds(self) -> float:
        return self.end / SAMPLE_RATE


class UtteranceSegmenter:
    """Frame-by-frame voice activity of a growing recording, yielding utterances as they close."""

    def __init__(
        self, silence_ms: int, max_seconds: float = 28.0, sentence_gap_ms: int | None = None
    ) -> None:
        self._classifier = FrameClassifier()
        self._gap_frames = None if sentence_gap_ms is None else max(1, -(-sentence_gap_ms // FRAME_MS))
        self._gaps: list[Utterance] = []
        self._silence_frames = max(1, silence_ms // FRAME_MS)
        self._max_frames = int((max_seconds * 1000 - LEAD_IN_MS) // FRAME_MS)
        """Longest utterance from its first speech, so that its clip (lead-in included) fits."""
        self._voiced: list[npt.NDArray[np.bool_]] = []
        self._frames = 0
        self._cut_frame = 0
        """Where the next utterance starts."""
        self._speech_start: int | None = None
        self._voiced_in_open = 0
        self._last_voiced = -1
        self._last_gap: tuple[int, int] | None = None
        """[start, end) frames of the longest (latest of equals) silence inside the open utterance."""

    @property
    def judged_samples(self) -> int:
        """Samples already judged (whole frames)."""
        return self._frames * FRAME_SAMPLES

    @property
    def cut(self) -> int:
        """The sample where the still-open utterance starts."""
        return self._cut_frame * FRAME_SAMPLES

    def push(self, samples: npt.NDArray[np.int16]) -> list[Utterance]:
        """Judge the frames of `samples` (the whole recording so far) not judged yet; closed utterances."""
        frames = frame_view(samples[self.judged_samples :])
        voiced = self._classifier.classify(frames)
        self._voiced.append(voiced)
        closed: list[Utterance] = []
        for offset, is_voiced in enumerate(voiced.tolist()):
            utterance = self._step(self._frames + offset, is_voiced)
            if utterance is not None:
                closed.append(utterance)
        self._frames += len(voiced)
        return closed

    def take_gaps(self) -> list[Utterance]:
        """The pauses of at least `sentence_gap_ms` inside an utterance (too short to close it) found
        since the last call, in order: each as the utterance up to that pause, its `end` where the
        speech resumed. Empty unless `sentence_gap_ms` was given."""
        gaps, self._gaps = self._gaps, []
        return gaps

    def finish(self, total_samples: int) -> Utterance | None:
        """The last, still open utterance up to the end of the recording (None if it has no speech)."""
        return self._open_utterance(total_samples)

    def pending(self) -> Utterance | None:
        """The open utterance as it will close if no speech follows, once its clip is complete
        (TRAIL_MS of silence judged after its speech); None otherwise. Its `end` is where the
        judged audio ends, not where it will close."""
        if self._frames - 1 - self._last_voiced < _TRAIL_FRAMES:
            return None
        return self._open_utterance(self.judged_samples)

    def _open_utterance(self, end: int) -> Utterance | None:
        """The open utterance, cut at sample `end`; None if it holds no speech."""
        if self._speech_start is None or self._voiced_in_open < _MIN_VOICED_FRAMES:
            return None
        return Utterance(
            self.cut, end, self._speech_start * FRAME_SAMPLES, (self._last_voiced + 1) * FRAME_SAMPLES
        )

    def activity(self) -> VoiceActivity:
        """The voice activity of everything judged, equal to `detect_voice` of the same samples."""
        voiced = np.concatenate(self._voiced) if self._voiced else np.zeros(0, dtype=np.bool_)
        return VoiceActivity(voiced=voiced, segments=smooth_voiced_frames(voiced))

    def _step(self, frame: int, is_voiced: bool) -> Utterance | None:
        if is_voiced:
            if self._speech_start is None:
                self._speech_start = frame
            else:
                self._note_gap(frame)
                if self._is_better_gap(frame):
                    self._last_gap = (self._last_voiced + 1, frame)
            self._voiced_in_open += 1
            self._last_voiced = frame
            if frame + 1 - self._speech_start >= self._max_frames:
                return self._close_long(frame)
            return None
        if self._speech_start is None:
            return None
        if frame + 1 - self._speech_start >= self._max_frames and self._voiced_in_open >= _MIN_VOICED_FRAMES:
            return self._close(frame + 1)  # in a short silence: a fine place to cut
        if frame - self._last_voiced < self._silence_frames:
            return None
        if self._voiced_in_open < _MIN_VOICED_FRAMES:
            # A click or a breath alone in silence: not the start of an utterance.
            self._speech_start = None
            self._voiced_in_open = 0
            return None
        return self._close(frame + 1)

    def _note_gap(self, frame: int) -> None:
        """Speech resumes at `frame`: keep the pause before it if it is as long as a sentence break."""
        assert self._speech_start is not None
        if self._gap_frames is None or frame - self._last_voiced - 1 < self._gap_frames:
            return
        if self._voiced_in_open < _MIN_VOICED_FRAMES:
            return
        self._gaps.append(
            Utterance(
                self.cut,
                frame * FRAME_SAMPLES,
                self._speech_start * FRAME_SAMPLES,
                (self._last_voiced + 1) * FRAME_SAMPLES,
            )
        )

    def _is_better_gap(self, frame: int) -> bool:
        """Speech resumes at `frame` after a gap: is it the place to cut if the utterance gets too
        long? The longest gap in the second half of the allowed length (later ones win ties), so
        pieces are neither tiny nor cut inside a word."""
        assert self._speech_start is not None
        length = frame - self._last_voiced - 1
        if length < 1 or frame - self._speech_start < self._max_frames // 2:
            return False
        return self._last_gap is None or length >= self._last_gap[1] - self._last_gap[0]

    def _close(self, end_frame: int, speech_end: int | None = None) -> Utterance:
        assert self._speech_start is not None
        speech_end = min(end_frame, self._last_voiced + 1) if speech_end is None else speech_end
        utterance = Utterance(
            self.cut,
            end_frame * FRAME_SAMPLES,
            self._speech_start * FRAME_SAMPLES,
            speech_end * FRAME_SAMPLES,
        )
        self._cut_frame = end_frame
        self._speech_start = None
        self._voiced_in_open = 0
        self._last_gap = None
        return utterance

    def _close_long(self, frame: int) -> Utterance:
        """An utterance without a long silence reached the limit: cut in the middle of its longest
        short gap (likely between phrases, not inside a word), or here when there was none."""
        gap = self._last_gap
        if gap is None:
            return self._close(frame + 1)
        utterance = self._close((gap[0] + gap[1]) // 2, speech_end=gap[0])
        # The speech after the gap goes on in the next utterance.
        self._speech_start = gap[1]
        self._voiced_in_open = frame + 1 - gap[1]
        return utterance


def split_at_silences(
    samples: npt.NDArray[np.int16], *, silence_ms: int, max_seconds: float
) -> tuple[list[Utterance], VoiceActivity]:
    """A whole recording cut at silences into pieces of at most `max_seconds` (consecutive
    utterances packed together for context), and its voice activity."""
    segmenter = UtteranceSegmenter(silence_ms, max_seconds)
    utterances = segmenter.push(samples)
    last = segmenter.finish(len(samples))
    if last is not None:
        utterances.append(last)
    limit = int(max_seconds * SAMPLE_RATE)
    pieces: list[Utterance] = []
    for utterance in utterances:
        if pieces and utterance.end - pieces[-1].clip_start <= limit:
            pieces[-1] = Utterance(
                pieces[-1].start, utterance.end, pieces[-1].speech_start, utterance.speech_end
            )
        else:
            pieces.append(utterance)
    return pieces, segmenter.activity()
