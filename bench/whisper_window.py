"""Whisper's encoder window: the whole 30 s, or only as long as the clip (issue 19's floor).

When "Done" comes right after the last word, TranscriptReady waits for one Whisper call on the
last utterance, and about half of that call is the encoder reading a 30 s window that is mostly
padding (faster-whisper pads every window to 3000 mel frames, with no option to do otherwise).
ctranslate2's own `Whisper.encode` takes a shorter window. This measures, on the same clips side
by side, greedy decoding with the filler prompt through ctranslate2's public API:

- the 30 s window (what faster-whisper does);
- a window as long as the clip plus `--margin` seconds (Whisper needs some silence after the
  speech to know where to stop).

Printed: per clip, the time of encode + generate for each window and the WER of each against the
script; then the medians, the time ratio and the mean WERs. Word timings are not part of it:
faster-whisper makes them with ctranslate2's `align` over the same encoder output.

    .venv/bin/python bench/whisper_window.py [--clips 16] [--margin 1.0]

Not a timed test: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.ai.local.stt import FILLER_PROMPT, LocalWhisperSTT
from interview.speech.samples import AnswerScript, speak_script, word_error_rate
from interview.speech.types import SAMPLE_RATE

from bench.answer_latency import _SENTENCES
from tests.speech_fixtures import served_piper, speech_settings

FULL_WINDOW_FRAMES = 3000
"""30 s of 10 ms mel frames: Whisper's training window."""


def _clips(count: int) -> list[tuple[str, npt.NDArray[np.float32]]]:
    """`count` clips of one to four sentences of the bench's script, as float PCM, and their text."""
    clips = []
    for index in range(count):
        size = 1 + index % 4
        sentences = [_SENTENCES[(index + step * 3) % len(_SENTENCES)] for step in range(size)]
        script = AnswerScript(sentences, [0.45] * (size - 1), leading_seconds=0.3, trailing_seconds=0.15)
        answer = speak_script(served_piper(), script)
        clips.append((" ".join(sentences), answer.samples.astype(np.float32) / 32768))
    return clips


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clips", type=int, default=16)
    parser.add_argument("--margin", type=float, default=1.0, help="seconds of window after the clip")
    args = parser.parse_args()

    import ctranslate2
    from faster_whisper.tokenizer import Tokenizer

    whisper = LocalWhisperSTT(speech_settings()).model()
    tokenizer = Tokenizer(
        whisper.hf_tokenizer, whisper.model.is_multilingual, task="transcribe", language="en"
    )
    prompt = [tokenizer.sot_prev, *tokenizer.encode(" " + FILLER_PROMPT), *tokenizer.sot_sequence]
    prompt.append(tokenizer.no_timestamps)

    def transcribe(pcm: npt.NDArray[np.float32], frames: int) -> tuple[str, float]:
        mel = whisper.feature_extractor(pcm)[:, :-1]
        window = np.zeros((mel.shape[0], frames), dtype=np.float32)
        window[:, : min(frames, mel.shape[1])] = mel[:, :frames]
        features = ctranslate2.StorageView.from_array(window[None])
        started = time.perf_counter()
        encoded = whisper.model.encode(features)
        result = whisper.model.generate(encoded, [prompt], beam_size=1, max_length=220)
        return tokenizer.decode(result[0].sequences_ids[0]).strip(), time.perf_counter() - started

    transcribe(_clips(1)[0][1], FULL_WINDOW_FRAMES)  # warm-up
    rows = []
    print(f"{'clip':>6} {'window':>7} {'t 30 s':>7} {'t clip':>7} {'WER 30 s':>8} {'WER clip':>8}")
    for script, pcm in _clips(args.clips):
        seconds = len(pcm) / SAMPLE_RATE
        frames = min(FULL_WINDOW_FRAMES, math.ceil((seconds + args.margin) * 100))
        full = [transcribe(pcm, FULL_WINDOW_FRAMES) for _ in range(3)]
        short = [transcribe(pcm, frames) for _ in range(3)]
        row = (
            statistics.median(t for _, t in full),
            statistics.median(t for _, t in short),
            word_error_rate(script, full[0][0]),
            word_error_rate(script, short[0][0]),
        )
        rows.append(row)
        print(f"{seconds:5.1f}s {frames / 100:6.1f}s {row[0]:7.3f} {row[1]:7.3f} {row[2]:8.3f} {row[3]:8.3f}")
    full_time = statistics.median(row[0] for row in rows)
    short_time = statistics.median(row[1] for row in rows)
    print(
        f"\nmedian time: 30 s window {full_time:.3f} s, clip window {short_time:.3f} s"
        f" ({short_time / full_time:.2f}x); mean WER {statistics.mean(r[2] for r in rows):.3f}"
        f" against {statistics.mean(r[3] for r in rows):.3f}"
    )


if __name__ == "__main__":
    main()
