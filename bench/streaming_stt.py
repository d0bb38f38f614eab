"""Streaming speech-to-text benchmark: the engine of issue #19, without a server.

Generates answers of about 20, 60 and 120 s with Piper (pauses, fillers), encodes each as
MediaRecorder webm/opus without duration and cuts it into 1 s chunks. Then, per answer:

- streamed: the chunks go through `LocalLiveTranscription` one by one, then `finish()`.
  Partial lag: a simulated real-time clock; chunk k arrives at k + 1 s (1 s timeslice), the
  engine handles one call at a time with its measured durations, and an utterance's words are
  "seen" when the call that transcribed it returns. Lag = that moment - the end of the utterance.
  Left at finish: audio still to transcribe when the answer finished, and the measured finish time.
- whole file: `LocalWhisperSTT.transcribe` of the same decoded audio (serial), and
  `transcribe_in_parallel` on all speech workers.

Prints streamed WER beside whole-file WER (target: at most 1.5 points above), partial lag
(target <= 3 s) and parallel vs serial time for the 120 s file, as ratios. Timings taken on a
busy machine are indicative only; the lead measures on a quiet one.

    .venv/bin/python bench/streaming_stt.py [--lengths 20 60 120] [--model tiny.en|base]
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

from interview.ai.local.live_stt import LocalLiveTranscription, transcribe_in_parallel
from interview.ai.local.stt import LocalWhisperSTT
from interview.ai.local.tts import PiperTTS
from interview.settings import Settings
from interview.speech.decode import decode_audio
from interview.speech.encode import encode_pcm
from interview.speech.samples import AnswerScript, SampleAnswer, speak_script, word_error_rate
from interview.speech.types import SAMPLE_RATE, VoiceProfile

SENTENCES = [
    "Umm, so the first thing I did was profile the slow endpoint.",
    "We found that the database query was missing an index.",
    "I added the index, and, uh, the latency dropped from two seconds to fifty milliseconds.",
    "You know, the team was basically blocked until then.",
    "I mean, we had to ship the feature before the end of the quarter.",
    "The hardest part was, like, convincing the product manager to wait.",
    "So I wrote a short design document and shared it with everyone.",
    "Umm, the result was a faster release and fewer incidents.",
    "Actually, I would like to mention the testing strategy as well.",
    "We wrote integration tests for every service, uh, before each deploy.",
    "It was kind of hard to keep them fast, but we managed.",
    "Looking back, I would plan the migration earlier next time.",
]
SILENCES = [0.2, 0.9, 0.15, 1.6, 0.7, 0.3, 2.2, 0.5, 1.1]


def script_of(seconds: float) -> AnswerScript:
    """Sentences (about 4 s each with their silences) until the answer is about `seconds` long."""
    count = max(2, round(seconds / 4.3))
    return AnswerScript(
        sentences=[SENTENCES[i % len(SENTENCES)] for i in range(count)],
        silences_after=[SILENCES[i % len(SILENCES)] for i in range(count - 1)],
        leading_seconds=0.8,
        trailing_seconds=0.6,
        voice=VoiceProfile(name="candidate", speed=1.0),
    )


def chunks_of(webm: bytes, seconds: float) -> list[bytes]:
    """1 s recorder chunks, as byte ranges of the whole recording (see tests/live/recordings.py)."""
    count = max(2, round(seconds))
    size = -(-len(webm) // count)
    return [webm[i : i + size] for i in range(0, len(webm), size)]


@dataclass
class Row:
    seconds: float
    wer_streamed: float
    wer_whole: float
    lags: list[float]
    left_ms: int
    finish_s: float
    serial_s: float
    parallel_s: float
    wer_parallel: float


async def measure(stt: LocalWhisperSTT, settings: Settings, answer: SampleAnswer) -> Row:
    seconds = len(answer.samples) / SAMPLE_RATE
    webm = encode_pcm(answer.samples, SAMPLE_RATE, "webm", live=True)
    chunks = chunks_of(webm, seconds)
    live = LocalLiveTranscription(stt, settings)
    clock = 0.0
    lags: list[float] = []
    for index, chunk in enumerate(chunks):
        arrives = (index + 1) * seconds / len(chunks)
        started = time.perf_counter()
        partial = await live.add_chunk(index, chunk)
        clock = max(clock, arrives) + time.perf_counter() - started
        if partial is not None:
            lags.append(clock - partial.heard_ms / 1000)
    started = time.perf_counter()
    streamed = await live.finish()
    finish_s = time.perf_counter() - started

    audio = decode_audio(webm)
    started = time.perf_counter()
    whole = await stt.transcribe(audio)
    serial_s = time.perf_counter() - started
    started = time.perf_counter()
    parallel, _activity = await transcribe_in_parallel(stt, audio, settings)
    parallel_s = time.perf_counter() - started
    truth = answer.script.text
    return Row(
        seconds=seconds,
        wer_streamed=word_error_rate(truth, streamed.transcription.text),
        wer_whole=word_error_rate(truth, whole.text),
        lags=lags,
        left_ms=streamed.left_at_finish_ms,
        finish_s=finish_s,
        serial_s=serial_s,
        parallel_s=parallel_s,
        wer_parallel=word_error_rate(truth, parallel.text),
    )


async def run(lengths: list[float], model: str) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(_env_file=None, data_dir=Path(data_dir), local_stt_model=model)
        tts = PiperTTS(settings)
        stt = LocalWhisperSTT(settings)
        stt.model()
        answers = [speak_script(tts, script_of(length)) for length in lengths]
        print(f"load average before timing: {os.getloadavg()[0]:.2f} (2 cores)")
        rows = [await measure(stt, settings, answer) for answer in answers]
    print(
        f"\n{'answer':>8}{'WER stream':>12}{'WER whole':>11}{'WER par.':>10}{'lag med':>9}{'lag max':>9}"
        f"{'left':>8}{'finish':>8}{'serial':>8}{'parallel':>9}"
    )
    for row in rows:
        print(
            f"{row.seconds:>7.0f}s{row.wer_streamed:>12.1%}{row.wer_whole:>11.1%}{row.wer_parallel:>10.1%}"
            f"{statistics.median(row.lags) if row.lags else 0:>8.1f}s{max(row.lags, default=0):>8.1f}s"
            f"{row.left_ms / 1000:>7.1f}s{row.finish_s:>7.2f}s{row.serial_s:>7.2f}s{row.parallel_s:>8.2f}s"
        )
    longest = rows[-1]
    print(f"\n{'measure':<48}{'result':<14}{'target':<12}met")
    for row in rows:
        gap = (row.wer_streamed - row.wer_whole) * 100
        label = f"streamed - whole-file WER, {row.seconds:.0f} s (points)"
        print(f"{label:<48}{gap:<14.1f}{'<= 1.5':<12}{gap <= 1.5}")
    worst_lag = max((max(row.lags, default=0) for row in rows), default=0)
    print(f"{'partial lag behind speech, worst (s)':<48}{worst_lag:<14.1f}{'<= 3':<12}{worst_lag <= 3}")
    ratio = longest.parallel_s / longest.serial_s
    print(
        f"{f'parallel / serial time, {longest.seconds:.0f} s file':<48}{ratio:<14.2f}{'< 1':<12}{ratio < 1}"
    )
    print(f"load average after timing: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lengths", type=float, nargs="+", default=[20, 60, 120])
    parser.add_argument("--model", choices=["tiny.en", "base"], default="tiny.en")
    args = parser.parse_args()
    asyncio.run(run(args.lengths, args.model))


if __name__ == "__main__":
    main()
