"""How an answer was spoken: pace, pauses, fillers, loudness and clarity, one function per formula.

Timing comes from the audio (voice activity), words and fillers from the transcript. Sources for
the norms: conversational English runs at 110–150 words per minute and 120–160 is a comfortable
band for interview answers; about one filler a minute reads as fluent and around five a minute
starts to hurt; pauses of 0.5–1.5 s are normal while over 2–3 s read as trouble.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from interview.errors import BadUserInput
from interview.speech.fillers import Filler, filler_forms, find_fillers, find_fillers_in_text
from interview.speech.levels import FrameLevels, frame_levels
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceMetrics
from interview.speech.vad import FRAME_SAMPLES, SpeechSegment, VoiceActivity, detect_voice

MIN_PAUSE_MS = 500
"""The contract's pause: a silence of at least 0.5 s between two stretches of speech."""

MIN_SPEECH_MS = 300
"""Less speech than this is a cough or a click, not an answer."""

SILENT_DBFS = -60.0
LOUD_DBFS = 0.0
TOO_QUIET_DBFS = -40.0
CLIPPING_FRACTION = 0.001

_WORD = re.compile(r"\w")


def require_speech(audio: DecodedAudio, activity: VoiceActivity | None = None) -> VoiceActivity:
    """The answer's voice activity; BadUserInput when there is (almost) no speech in it.

    Call it before speech-to-text: Whisper invents words in silence, and the candidate should be
    asked to record again rather than be scored on nothing. Pass `activity` when it is known.
    """
    activity = activity if activity is not None else detect_voice(audio.samples)
    return check_speech(activity, audio.duration_ms)


def check_speech(activity: VoiceActivity, duration_ms: int) -> VoiceActivity:
    """`require_speech` on a known voice activity (no PCM needed)."""
    if activity.speech_ms < MIN_SPEECH_MS:
        raise BadUserInput(
            "no speech detected in the recording "
            f"({activity.speech_ms / 1000:.1f} s of speech in {duration_ms / 1000:.1f} s); "
            "check that your microphone is on and unmuted, then try again"
        )
    return activity


def measure_voice(
    audio: DecodedAudio, transcription: TranscriptionResult, *, activity: VoiceActivity | None = None
) -> VoiceMetrics:
    """Every voice metric of one answer (pass `activity` from `require_speech` to reuse it)."""
    activity = activity if activity is not None else detect_voice(audio.samples)
    return voice_metrics(frame_levels(audio.samples), transcription, activity)


def voice_metrics(
    levels: FrameLevels, transcription: TranscriptionResult, activity: VoiceActivity
) -> VoiceMetrics:
    """Every voice metric of one answer, from its frame levels rather than its PCM."""
    segments = activity.segments
    pause_lengths = pauses_ms(segments)
    speaking_ms = speaking_time_ms(segments, pause_lengths)
    fillers = transcript_fillers(transcription)
    words = count_words(transcription.text)
    dbfs = speech_dbfs(levels, activity.voiced)
    pace = speech_pace(words, speaking_ms)
    return VoiceMetrics(
        speech_pace=round(pace, 1),
        pause_count=len(pause_lengths),
        longest_pause_ms=max(pause_lengths, default=0),
        response_latency_ms=response_latency_ms(segments),
        speaking_time_ms=speaking_ms,
        word_count=words,
        filler_word_count=len(fillers),
        filler_words=filler_forms(fillers),
        volume_level=round(volume_level(dbfs), 3),
        volume_dbfs=round(dbfs, 1),
        too_quiet=is_too_quiet(dbfs),
        clipping=is_clipping(levels, activity.voiced),
        clarity_score=clarity_score(
            confidence=transcription.confidence,
            fillers_per_minute=per_minute(len(fillers), speaking_ms),
            words_per_minute=pace,
            pauses_per_minute=per_minute(len(pause_lengths), speaking_ms),
        ),
    )


def pauses_ms(segments: Sequence[SpeechSegment]) -> list[int]:
    """Silences of at least 0.5 s between two stretches of speech, in order.

    Silence before the first and after the last speech is not a pause: the first is response
    latency, the last is the time to press stop.
    """
    gaps = (later.start_ms - earlier.end_ms for earlier, later in itertools.pairwise(segments))
    return [gap for gap in gaps if gap >= MIN_PAUSE_MS]


def speaking_time_ms(segments: Sequence[SpeechSegment], pause_lengths: Sequence[int]) -> int:
    """From the start of the first speech to the end of the last, minus the pauses.

    Gaps under 0.5 s (between words, before a stop consonant) are part of speaking; pauses are
    not, so a thoughtful pause does not lower the candidate's pace.
    """
    if not segments:
        return 0
    return segments[-1].end_ms - segments[0].start_ms - sum(pause_lengths)


def response_latency_ms(segments: Sequence[SpeechSegment]) -> int:
    """Silence before the first speech: how long the candidate took to start."""
    return segments[0].start_ms if segments else 0


def count_words(text: str) -> int:
    """Words in the transcript, fillers included.

    Pace measures how fast the candidate talks, and an "um" takes as long to say as a short
    word; excluding fillers would make a hesitant answer look slow on top of counting its fillers
    against clarity. Tokens without a letter or digit (a lone dash, "...") are not words.
    """
    return sum(1 for token in text.split() if _WORD.search(token))


def speech_pace(word_count: int, speaking_ms: int) -> float:
    """Words per minute of speaking time (0 when nothing was said)."""
    if speaking_ms <= 0:
        return 0.0
    return word_count * 60_000 / speaking_ms


def per_minute(count: int, speaking_ms: int) -> float:
    """A count per minute of speaking time (0 when nothing was said)."""
    return count * 60_000 / speaking_ms if speaking_ms > 0 else 0.0


def transcript_fillers(transcription: TranscriptionResult) -> list[Filler]:
    """Fillers from the timed words when the provider gave them, else from the text."""
    if transcription.words:
        return find_fillers(transcription.words)
    return find_fillers_in_text(transcription.text)


def speech_dbfs(levels: FrameLevels, voiced: npt.NDArray[np.bool_]) -> float:
    """RMS level of the speech frames only, in dBFS (full scale 32768).

    Only voiced frames count, so a long silence before the answer does not make a well-set
    microphone look quiet. -120 dBFS when there is no speech.
    """
    speech = _speech_frames(levels, voiced)
    if not speech.any():
        return -120.0
    rms = math.sqrt(int(levels.energy[speech].sum()) / (int(np.count_nonzero(speech)) * FRAME_SAMPLES))
    return 20 * math.log10(max(rms, 1e-6 * 32768) / 32768)


def volume_level(dbfs: float) -> float:
    """Speech loudness on 0..1: -60 dBFS (barely audible) maps to 0 and 0 dBFS (full scale) to 1.

    Linear in decibels because loudness is perceived logarithmically: each 6 dB step reads as an
    equal step in the meter. Clamped to 0..1.
    """
    return min(1.0, max(0.0, (dbfs - SILENT_DBFS) / (LOUD_DBFS - SILENT_DBFS)))


def is_too_quiet(dbfs: float) -> bool:
    """Speech RMS under -40 dBFS: 20–25 dB below a well-set microphone (-15 to -20 dBFS).

    That quiet, speech-to-text starts to miss words and the listener strains; the candidate
    should move closer or raise the input gain.
    """
    return dbfs < TOO_QUIET_DBFS


def is_clipping(levels: FrameLevels, voiced: npt.NDArray[np.bool_]) -> bool:
    """More than 0.1% of speech samples at full scale: the input gain is too high and distorts.

    A normalised recording touches full scale at a single peak per sentence (far below 0.1%);
    an overdriven one flattens many peaks.
    """
    speech = _speech_frames(levels, voiced)
    if not speech.any():
        return False
    clipped = int(levels.clipped[speech].sum(dtype=np.int64))
    return clipped > CLIPPING_FRACTION * int(np.count_nonzero(speech)) * FRAME_SAMPLES


def _speech_frames(levels: FrameLevels, voiced: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which of the levels' frames are voiced (`voiced` may be longer or shorter by a frame)."""
    speech = np.zeros(len(levels), dtype=np.bool_)
    covered = min(len(levels), len(voiced))
    speech[:covered] = voiced[:covered]
    return speech


def clarity_score(
    *,
    confidence: float | None,
    fillers_per_minute: float,
    words_per_minute: float,
    pauses_per_minute: float,
) -> float:
    """Clarity of delivery on 0..10, a weighted mean of four parts each on 0..1.

    - Recognition confidence (weight 0.4): the speech-to-text's mean word probability is the best
      direct measure of how intelligible the words were. 0.5 or less scores 0, 0.9 or more
      scores 1 (clear read speech sits at 0.85–0.95 with Whisper).
    - Filler rate (0.25): about 1 filler a minute reads as fluent (1), 5 a minute starts to hurt
      (0.5), 9 or more dominate the answer (0).
    - Pace (0.2): 1 inside the 120–160 WPM band, falling linearly to 0 at 60 WPM (halting) and at
      220 WPM (too fast to follow).
    - Pause rate (0.15): up to 6 pauses a minute is thinking time (1); 18 or more a minute
      fragments the answer (0).
    When the provider gives no confidence, the other three parts share its weight.
    """
    parts: list[tuple[float, float]] = [
        (0.25, _falling(fillers_per_minute, good=1.0, bad=9.0)),
        (0.2, _band(words_per_minute, low=120.0, high=160.0, floor=60.0, ceiling=220.0)),
        (0.15, _falling(pauses_per_minute, good=6.0, bad=18.0)),
    ]
    if confidence is not None:
        parts.append((0.4, _rising(confidence, bad=0.5, good=0.9)))
    total_weight = sum(weight for weight, _ in parts)
    score = 10 * sum(weight * value for weight, value in parts) / total_weight
    return round(min(10.0, max(0.0, score)), 1)


def _rising(value: float, *, bad: float, good: float) -> float:
    return min(1.0, max(0.0, (value - bad) / (good - bad)))


def _falling(value: float, *, good: float, bad: float) -> float:
    return min(1.0, max(0.0, (bad - value) / (bad - good)))


def _band(value: float, *, low: float, high: float, floor: float, ceiling: float) -> float:
    if value < low:
        return _rising(value, bad=floor, good=low)
    if value > high:
        return _falling(value, good=high, bad=ceiling)
    return 1.0
