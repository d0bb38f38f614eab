"""What the meters show while an answer is spoken: volume, silence, and the pace so far.

The pace shown live is the final pace (`speech.voice_metrics.speech_pace`: transcript words,
fillers included, per minute of speaking time) computed on what has been received: the same
speaking time, the words the live transcription has recognised, and an estimate only for the
speech it has not transcribed yet. So once the transcription has caught up, the live figure is the
final one; before, only the untranscribed tail is estimated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from interview.speech.levels import frame_levels
from interview.speech.types import PartialTranscript
from interview.speech.vad import (
    FRAME_MS,
    FRAME_SAMPLES,
    SpeechSegment,
    VoiceActivity,
    detect_voice,
    frame_view,
)
from interview.speech.voice_metrics import count_words, pauses_ms, speaking_time_ms, speech_dbfs, volume_level

RECENT_SPEECH_MS = 1000
"""The meter shows the loudness of the last second of speech, like a VU meter's integration time."""

MIN_PACE_SPEAKING_MS = 2000
"""Under 2 s of speech there are too few words or syllables for a pace worth showing."""

DETECTED_NUCLEI_PER_WORD = 1.3
"""Syllable nuclei the detector finds per spoken word, before the answer's own words calibrate it
(see `live_speech_pace`)."""

MIN_CALIBRATION_WORDS = 8
"""Transcribed words needed before the answer's own nuclei-per-word ratio replaces the default."""

NUCLEI_PER_WORD_RANGE = (0.9, 2.0)
"""Bounds of a calibrated ratio: one odd utterance (a hallucinated phrase, a string of numbers)
must not throw the estimate of the rest far off."""

_NUCLEUS_HOP_MS = 10
_NUCLEUS_HOP = 160
"""10 ms analysis frames for the intensity contour."""
_NUCLEUS_SMOOTHING_FRAMES = 5
_NUCLEUS_DIP_DB = 2.0
_NUCLEUS_MIN_GAP_MS = 100


@dataclass(frozen=True)
class SpokenSoFar:
    """What the pace needs of the audio received so far: its speech and its syllable nuclei."""

    segments: tuple[SpeechSegment, ...]
    nuclei_ms: tuple[int, ...]
    """Where each syllable nucleus lies, in ms from the start of the answer, ascending."""


@dataclass(frozen=True)
class LiveVoice:
    """The meters measured on the audio received so far (the pace needs the transcript too)."""

    volume: float | None
    """0..1 (the contract's volumeLevel) of the last ~1 s of speech; None before any speech."""
    silence_ms: int
    """Silence since the last speech (all of it if nobody has spoken yet)."""
    spoken: SpokenSoFar


def recent_volume(samples: npt.NDArray[np.int16], activity: VoiceActivity) -> float | None:
    """The contract's volumeLevel (-60 dBFS -> 0, 0 dBFS -> 1) of the last second of speech.

    Only voiced frames count, as for the answer's volumeLevel, so the meter does not sink while
    the candidate takes a breath; silence after speech shows in `silence_ms` instead.
    """
    frame_count = len(frame_view(samples))
    voiced_indices = np.flatnonzero(activity.voiced[:frame_count])[-(RECENT_SPEECH_MS // FRAME_MS) :]
    if voiced_indices.size == 0:
        return None
    first = int(voiced_indices[0])
    recent = np.zeros(frame_count - first, dtype=np.bool_)
    recent[voiced_indices - first] = True
    levels = frame_levels(samples[first * FRAME_SAMPLES : frame_count * FRAME_SAMPLES])
    return round(volume_level(speech_dbfs(levels, recent)), 3)


def trailing_silence_ms(activity: VoiceActivity, duration_ms: int) -> int:
    """Milliseconds from the end of the last speech to the end of what was received."""
    if not activity.segments:
        return max(0, duration_ms)
    return max(0, duration_ms - activity.segments[-1].end_ms)


def syllable_nuclei_ms(samples: npt.NDArray[np.int16], activity: VoiceActivity) -> list[int]:
    """Syllable nuclei: peaks of the intensity contour inside speech (after de Jong & Wempe, 2009).

    Every syllable has one vowel, and vowels are the loudest part of speech, so each syllable
    shows as a peak of intensity. The contour is the 10 ms energy in dB smoothed over 50 ms; a
    peak counts when it lies inside a VAD speech segment, is above the median speech level minus
    2 dB, rises at least 2 dB above the dip before it, and is at least 100 ms after the previous
    peak (no one says more than ~10 syllables a second). Returns where each peak lies, in ms.
    """
    count = len(samples) // _NUCLEUS_HOP
    if count < 3 or not activity.segments:
        return []
    frames = samples[: count * _NUCLEUS_HOP].reshape(count, _NUCLEUS_HOP)  # a view, no copy
    power = np.mean(np.square(frames, dtype=np.float32), axis=1, dtype=np.float64)
    energy_db = 10 * np.log10(np.maximum(power, 1e-10) / 32768**2)
    kernel = np.ones(_NUCLEUS_SMOOTHING_FRAMES) / _NUCLEUS_SMOOTHING_FRAMES
    contour = np.convolve(energy_db, kernel, mode="same")
    in_speech = np.zeros(count, dtype=np.bool_)
    for segment in activity.segments:
        in_speech[segment.start_ms // _NUCLEUS_HOP_MS : segment.end_ms // _NUCLEUS_HOP_MS] = True
    if not in_speech.any():
        return []
    floor = float(np.median(contour[in_speech])) - 2.0
    min_gap = _NUCLEUS_MIN_GAP_MS // _NUCLEUS_HOP_MS
    peaks: list[int] = []
    dip = float(contour[0])
    for i in range(1, count - 1):
        level = float(contour[i])
        dip = min(dip, level)
        is_peak = level >= contour[i - 1] and level > contour[i + 1]
        if not (is_peak and in_speech[i] and level > floor and level - dip >= _NUCLEUS_DIP_DB):
            continue
        if peaks and i - peaks[-1] < min_gap:
            if level > contour[peaks[-1]]:
                peaks[-1] = i
        else:
            peaks.append(i)
        dip = level
    return [peak * _NUCLEUS_HOP_MS for peak in peaks]


def live_speech_pace(spoken: SpokenSoFar, heard: PartialTranscript | None) -> float | None:
    """Words per minute of speaking time so far, by the final pace's definition; None with under
    2 s of speech.

    The final pace is the transcript's words (`count_words`, fillers included) per minute of
    speaking time (first to last speech minus pauses of 0.5 s or more). Live, the speaking time is
    the same formula on the speech received so far, and the words are:
    - those the live transcription recognised, for the audio it covers (`heard.heard_ms`);
    - for the speech after it, not transcribed yet, syllable nuclei over nuclei per word. The
      ratio is this answer's own (nuclei per recognised word in the covered audio) once at least
      8 words are recognised, bounded to 0.9–2.0; before that 1.3, calibrated on Piper speech of
      known text (the detector finds ~85% of syllables; everyday English has ~1.5 per word).

    Counting syllables alone read 20–35% off the final figure in a browser (jargon and short
    words, the microphone's processing); with the transcribed words only the tail is estimated,
    and when the transcription has caught up (an utterance closes after a short silence) the
    figure is exactly the final one.
    """
    segments = spoken.segments
    speaking = speaking_time_ms(segments, pauses_ms(segments))
    if speaking < MIN_PACE_SPEAKING_MS:
        return None
    heard_words = count_words(heard.text) if heard is not None else 0
    heard_ms = heard.heard_ms if heard is not None else 0
    nuclei_heard = sum(1 for at in spoken.nuclei_ms if at < heard_ms)
    nuclei_left = len(spoken.nuclei_ms) - nuclei_heard
    per_word = DETECTED_NUCLEI_PER_WORD
    if heard_words >= MIN_CALIBRATION_WORDS and nuclei_heard:
        low, high = NUCLEI_PER_WORD_RANGE
        per_word = min(high, max(low, nuclei_heard / heard_words))
    words = heard_words + nuclei_left / per_word
    return round(words * 60_000 / speaking, 1)


def measure_live_voice(samples: npt.NDArray[np.int16], activity: VoiceActivity | None = None) -> LiveVoice:
    """The meters for the audio received so far (CPU work: run it through `run_cpu`); pass the
    voice activity when it is known (the live decoder's segmenter keeps it up to date)."""
    activity = activity if activity is not None else detect_voice(samples)
    duration_ms = len(samples) // FRAME_SAMPLES * FRAME_MS
    return LiveVoice(
        volume=recent_volume(samples, activity),
        silence_ms=trailing_silence_ms(activity, duration_ms),
        spoken=SpokenSoFar(tuple(activity.segments), tuple(syllable_nuclei_ms(samples, activity))),
    )
