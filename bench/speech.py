"""Speech benchmark: accuracy and speed of decoding, voice metrics and offline speech-to-text.

Generates 24 answers with Piper (three speeds, three pitches, fillers, exact pauses, six upload
formats), then runs the pipeline the turn runs (decode -> require_speech -> STT -> measure_voice)
and prints each figure beside its target. Speeds are medians of several runs.

    .venv/bin/python bench/speech.py [--runs 3] [--model tiny.en|base]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from interview.ai.local.stt import LocalWhisperSTT
from interview.ai.local.tts import PiperTTS
from interview.settings import Settings
from interview.speech.decode import decode_audio
from interview.speech.encode import AudioFormat, encode_pcm
from interview.speech.samples import AnswerScript, SampleAnswer, speak_script, word_error_rate
from interview.speech.types import DecodedAudio, TranscriptionResult, VoiceMetrics, VoiceProfile
from interview.speech.voice_metrics import measure_voice, require_speech

# (sentence, the fillers in it as a person would label them)
SENTENCES: list[tuple[str, list[str]]] = [
    ("Umm, so the first thing I did was profile the slow endpoint.", ["um"]),
    ("We found that the database query was missing an index.", []),
    ("I added the index, and, uh, the latency dropped from two seconds to fifty milliseconds.", ["uh"]),
    ("You know, the team was basically blocked until then.", ["you know", "basically"]),
    ("I mean, we had to ship the feature before the end of the quarter.", ["i mean"]),
    ("The hardest part was, like, convincing the product manager to wait.", ["like"]),
    ("So I wrote a short design document and shared it with everyone.", []),
    ("Umm, the result was a faster release and fewer incidents.", ["um"]),
    ("Actually, I would like to mention the testing strategy as well.", ["actually"]),
    ("We wrote integration tests for every service, uh, before each deploy.", ["uh"]),
    ("It was kind of hard to keep them fast, but we managed.", ["kind of"]),
    ("Looking back, I would plan the migration earlier next time.", []),
]

SPEEDS = [1.0, 0.75, 1.2]
PITCHES = [1.0, 0.9, 1.1]
SILENCE_PATTERNS = [[0.15, 0.9, 0.2], [1.5, 0.15, 0.7], [0.2, 0.2, 2.0], [0.6, 1.1, 0.15]]
FORMATS: list[tuple[AudioFormat, bool]] = [
    ("ogg", False),
    ("webm", True),
    ("wav", False),
    ("mp3", False),
    ("m4a", False),
    ("webm", False),
]
ANSWER_COUNT = 24


@dataclass
class Case:
    answer: SampleAnswer
    upload: bytes
    label: str


def build_scripts() -> list[AnswerScript]:
    scripts: list[AnswerScript] = []
    for index in range(ANSWER_COUNT):
        picked = [SENTENCES[(index * 3 + offset) % len(SENTENCES)] for offset in range(4)]
        scripts.append(
            AnswerScript(
                sentences=[sentence for sentence, _ in picked],
                silences_after=SILENCE_PATTERNS[index % len(SILENCE_PATTERNS)],
                leading_seconds=0.3 + 0.2 * (index % 4),
                voice=VoiceProfile(
                    name=f"candidate-{index}",
                    speed=SPEEDS[index % len(SPEEDS)],
                    pitch=PITCHES[(index // 3) % len(PITCHES)],
                ),
                fillers=[filler for _, fillers in picked for filler in fillers],
            )
        )
    return scripts


def build_cases(tts: PiperTTS) -> list[Case]:
    cases: list[Case] = []
    for index, script in enumerate(build_scripts()):
        answer = speak_script(tts, script)
        audio_format, live = FORMATS[index % len(FORMATS)]
        label = f"{audio_format}{' (no duration)' if live else ''} speed {script.voice.speed}"
        cases.append(Case(answer, encode_pcm(answer.samples, 16_000, audio_format, live=live), label))
    return cases


def matched_in_order(expected: list[str], found: list[str]) -> int:
    """Longest common subsequence: fillers found in the right order count as hits."""
    table = [[0] * (len(found) + 1) for _ in range(len(expected) + 1)]
    for i, want in enumerate(expected, start=1):
        for j, got in enumerate(found, start=1):
            table[i][j] = table[i - 1][j - 1] + 1 if want == got else max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0
    """Process CPU seconds: what the work costs whatever else the machine is doing."""


def time_decode_and_metrics(case: Case, transcript: TranscriptionResult, timing: Timing) -> VoiceMetrics:
    started, cpu_started = time.perf_counter(), time.process_time()
    audio = decode_audio(case.upload)
    activity = require_speech(audio)
    metrics = measure_voice(audio, transcript, activity=activity)
    timing.wall += time.perf_counter() - started
    timing.cpu += time.process_time() - cpu_started
    return metrics


async def run(runs: int, model: str) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(_env_file=None, data_dir=Path(data_dir), local_stt_model=model)
        tts = PiperTTS(settings)
        stt = LocalWhisperSTT(settings)
        started = time.perf_counter()
        cases = build_cases(tts)
        print(f"generated {len(cases)} answers in {time.perf_counter() - started:.1f} s")
        print(f"load average before timing: {_load()} (2 cores; other work here slows every figure)")
        started = time.perf_counter()
        stt.model()
        print(f"loaded {stt.name} in {time.perf_counter() - started:.1f} s\n")

        audio_seconds = sum(len(case.answer.samples) for case in cases) / 16_000
        decoded: list[DecodedAudio] = [decode_audio(case.upload) for case in cases]
        stt_timings: list[Timing] = []
        transcripts: list[TranscriptionResult] = []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            transcripts = [await stt.transcribe(audio) for audio in decoded]
            stt_timings.append(Timing(time.perf_counter() - started, time.process_time() - cpu_started))
        metric_timings: list[Timing] = []
        measured: list[VoiceMetrics] = []
        for _ in range(runs * 3):
            timing = Timing()
            measured = [
                time_decode_and_metrics(case, transcript, timing)
                for case, transcript in zip(cases, transcripts, strict=True)
            ]
            metric_timings.append(timing)

        print(f"load average after timing: {_load()}")
        report(cases, transcripts, measured, runs)
        speed_report(audio_seconds, metric_timings, stt_timings, runs)


def report(
    cases: list[Case], transcripts: list[TranscriptionResult], measured: list[VoiceMetrics], runs: int
) -> None:
    wers: list[float] = []
    wpm_errors: list[float] = []
    exact_pauses = 0
    hits = expected_total = found_total = 0
    print(
        f"{'answer':<34}{'WER':>6}{'WPM true':>10}{'WPM':>8}{'pauses':>9}{'longest':>14}"
        "  fillers found/expected"
    )
    for case, transcript, metrics in zip(cases, transcripts, measured, strict=True):
        truth = case.answer
        wer = word_error_rate(truth.script.text, transcript.text)
        wers.append(wer)
        wpm_error = abs(metrics.speech_pace - truth.words_per_minute) / truth.words_per_minute
        wpm_errors.append(wpm_error)
        exact_pauses += metrics.pause_count == len(truth.pauses_ms)
        expected, found = truth.script.fillers, metrics.filler_words
        hits += matched_in_order(expected, found)
        expected_total += len(expected)
        found_total += len(found)
        longest = f"{metrics.longest_pause_ms}/{max(truth.pauses_ms, default=0)}"
        print(
            f"{case.label:<34}{wer:>6.1%}{truth.words_per_minute:>10.0f}{metrics.speech_pace:>8.0f}"
            f"{metrics.pause_count:>5}/{len(truth.pauses_ms):<3}{longest:>14}  {len(found)}/{len(expected)}"
            + ("" if found == expected else f"  {found} vs {expected}")
        )
    within = sum(error <= 0.10 for error in wpm_errors) / len(wpm_errors)
    median_wpm_error = statistics.median(wpm_errors)
    precision = hits / found_total if found_total else 1.0
    recall = hits / expected_total if expected_total else 1.0
    rows = [
        ("WER (mean over answers)", f"{statistics.mean(wers):.1%}", "< 10%", statistics.mean(wers) < 0.10),
        ("filler recall", f"{recall:.2f}", ">= 0.80", recall >= 0.8),
        ("filler precision", f"{precision:.2f}", "(reported)", True),
        ("pause count exact", f"{exact_pauses / len(cases):.0%}", ">= 90%", exact_pauses / len(cases) >= 0.9),
        ("WPM error (median)", f"{median_wpm_error:.1%}", "<= 10%", median_wpm_error <= 0.1),
        ("WPM within 10%", f"{within:.0%}", "(share of answers)", True),
    ]
    print(f"\n{'measure':<26}{'result':<22}{'target':<20}met")
    for name, value, target, met in rows:
        print(f"{name:<26}{value:<22}{target:<20}{'yes' if met else 'NO'}")


def speed_report(audio_seconds: float, metrics: list[Timing], stt: list[Timing], runs: int) -> None:
    """Real-time factors by wall clock (the targets) and per CPU-second (independent of load)."""
    metric_wall = audio_seconds / statistics.median(t.wall for t in metrics)
    metric_cpu = audio_seconds / statistics.median(t.cpu for t in metrics)
    stt_wall = audio_seconds / statistics.median(t.wall for t in stt)
    stt_cpu = audio_seconds / statistics.median(t.cpu for t in stt)
    print(f"\n{'speed (median of runs)':<26}{'wall clock':<22}{'target':<20}met   per CPU-second")
    print(
        f"{'decode + voice metrics':<26}{f'{metric_wall:.0f}x real time':<22}{'>= 200x':<20}"
        f"{'yes' if metric_wall >= 200 else 'NO':<6}{metric_cpu:.0f}x ({runs * 3} runs)"
    )
    print(
        f"{'offline STT':<26}{f'{stt_wall:.1f}x real time':<22}{'>= 5x':<20}"
        f"{'yes' if stt_wall >= 5 else 'NO':<6}{stt_cpu:.1f}x ({runs} runs; uses 2 threads)"
    )


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", choices=["tiny.en", "base"], default="tiny.en")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.runs, arguments.model))


if __name__ == "__main__":
    main()
