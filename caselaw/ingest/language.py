"""Language of a document and of each of its sections, with py3langid.

Measured on the 661 numbered paragraphs of the fixture corpus (benchmarks/ingest.py prints it again):
py3langid and langdetect (seed 0) both got 661/661 right, 660/661 on each paragraph's first 80 characters,
but py3langid took 0.25 ms a paragraph against 4.8 ms, and it is deterministic without a seed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from py3langid.langid import MODEL_DIR, MODEL_FILE, RAW_FLOOR, LanguageIdentifier

# The database's five languages and the few others decisions of its forums are published in; restricting
# the model to them avoids confusions with close languages (Galician for Portuguese, Catalan for Spanish).
CANDIDATES: tuple[str, ...] = ("en", "es", "fr", "pt", "ar", "de", "it", "nl", "ru")
_MIN_CHARS = 40
_SECTION_SHARE = 0.15  # a second language counts when it covers this share of the text
_MAX_SECTIONS = 40  # a long judgment is sampled: classifying every section costs more than it tells


log = logging.getLogger("caselaw.ingest")


@cache
def _native_walk() -> Callable[[array[int], int, array[int], int, array[int], bytes], dict[int, int] | None] | None:
    """The native twin of py3langid's `visit_counts` (`caselaw/ingest/_langid.c`), or None where it was not built."""
    try:
        from caselaw.ingest import _langid
    except ImportError:
        log.warning("caselaw.ingest._langid is not built: detecting languages with py3langid's slower Python walk")
        return None
    return _langid.visit_counts


class _Identifier(LanguageIdentifier):  # type: ignore[misc]  # py3langid has no types
    """py3langid's identifier with its feature walk in C (`_native_walk`): the same counts, in the same order, so
    the same scores to the last bit; py3langid's own walk where the native one is not built."""

    __slots__ = ("_features",)
    _features: array[int]

    def features(self) -> array[int]:
        """The model's feature per state (-1: none), as the native walk reads it; built on first use."""
        try:
            return self._features
        except AttributeError:
            self._features = array("i", self.tk_output)
            return self._features

    def _raw_score(self, text: bytes) -> npt.NDArray[np.float32]:
        walk = _native_walk()
        if walk is None:
            return super()._raw_score(text)  # type: ignore[no-any-return]
        nextmove, rows = self.tk_nextmove, self.tk_row
        visits = walk(nextmove, nextmove.itemsize, rows, rows.itemsize, self.features(), text)
        if visits:
            return self._sparse_score(visits, self.nb_ptc)  # type: ignore[no-any-return]
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        return np.full(len(self.nb_classes), fill, dtype=np.float32)


@cache
def _identifier() -> LanguageIdentifier:
    path = _cache_path()
    identifier = _cached(path)
    if identifier is not None:
        identifier.set_languages(list(CANDIDATES))  # holds the candidates only: this keeps them all, in order
        return identifier
    identifier = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    _save(identifier, path)
    return identifier


# The model ships LZMA-compressed (4.5 MB, 68 MB unpacked): unpacking it took 0.6-1.4 s of CPU, the largest part of
# the workers' warm-up, before any file is read. Once unpacked, the arrays the identifier keeps (the scoring table
# cut to `CANDIDATES`, the tokenizer's automaton) are written to a cache file and read from it next time in ~0.05 s,
# as Python keeps compiled modules: keyed by the model file and the candidates, rewritten when either changes,
# skipped (the model unpacked as before) where no cache directory can be written.
_CACHE_VERSION = 1
_ARRAYS = ("ptc", "pc", "classes", "typecodes", "nextmove", "row", "output")  # one `.npy` after another, in order


def model_cache() -> Path | None:
    """The file the unpacked language model is kept in between runs (it may not exist yet); None: nowhere."""
    return _cache_path()


def _cache_path() -> Path | None:
    """Where the unpacked model is kept: `$XDG_CACHE_HOME/caselaw` (or ~/.cache/caselaw), named by what it holds."""
    try:
        model = MODEL_DIR / MODEL_FILE
        stat = model.stat()
        home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (OSError, RuntimeError):  # no model file to key it by, or no home directory
        return None
    key = f"{_CACHE_VERSION}|{model}|{stat.st_size}|{stat.st_mtime_ns}|{','.join(CANDIDATES)}"
    return Path(home) / "caselaw" / f"langid-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npy"


def _cached(path: Path | None) -> LanguageIdentifier | None:
    """The identifier from the cache file, as `from_model_file` and `set_languages` would build it; None when
    there is no cache file or it cannot be read (then the model is unpacked and the file rewritten)."""
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            data = {name: np.load(handle, allow_pickle=False) for name in _ARRAYS}
        nextmove_type, row_type = (str(code) for code in data["typecodes"])
        nextmove, row = array(nextmove_type), array(row_type)
        nextmove.frombytes(memoryview(data["nextmove"]).cast("B"))
        row.frombytes(memoryview(data["row"]).cast("B"))
        output = data["output"].tolist()
        if len(row) != len(output) or len(nextmove) % 256:
            return None
        return _Identifier(
            data["ptc"], data["pc"], data["classes"].tolist(), nextmove, output, norm_probs=True, tk_row=row
        )
    except Exception as error:  # a damaged or foreign file: unpack the model instead, and write it again
        log.info("language model cache %s not used (%s)", path, error)
        return None


def _save(identifier: LanguageIdentifier, path: Path | None) -> None:
    """Write what `_cached` reads, atomically (another process may be reading or writing it); quietly nothing
    where the cache directory cannot be written."""
    if path is None:
        return
    nextmove, row = identifier.tk_nextmove, identifier.tk_row
    arrays = {
        "ptc": np.asarray(identifier.nb_ptc),
        "pc": np.asarray(identifier.nb_pc),
        "classes": np.array(identifier.nb_classes),
        "typecodes": np.array([nextmove.typecode, row.typecode]),
        "nextmove": np.frombuffer(nextmove, dtype=np.dtype(f"u{nextmove.itemsize}")),
        "row": np.frombuffer(row, dtype=np.dtype(f"u{row.itemsize}")),
        "output": np.asarray(identifier.tk_output, dtype=np.int64),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".langid-", delete=False) as handle:
            temporary = Path(handle.name)
            try:
                for name in _ARRAYS:
                    np.save(handle, arrays[name], allow_pickle=False)
                handle.close()
                temporary.replace(path)
            finally:
                with contextlib.suppress(OSError):
                    temporary.unlink()  # left only when writing or renaming it failed
    except OSError as error:
        log.info("language model cache %s not written (%s)", path, error)


def detect(text: str) -> tuple[str, float] | None:
    """The most likely language of `text` and its probability; None for too little text."""
    if len(text.strip()) < _MIN_CHARS:
        return None
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def detect_sections(sections: list[str]) -> list[str]:
    """Languages of a document, main first: each section voted by its length."""
    weights: Counter[str] = Counter()
    if len(sections) > _MAX_SECTIONS:
        # Summaries in another language open or close a decision: keep both ends, sample the middle evenly.
        middle = sections[4:-4]
        step = len(middle) / (_MAX_SECTIONS - 8)
        sections = sections[:4] + [middle[int(i * step)] for i in range(_MAX_SECTIONS - 8)] + sections[-4:]
    for section in sections:
        found = detect(section)
        if found is not None and found[1] > 0.5:
            weights[found[0]] += len(section)
    if not weights:
        return []
    total = sum(weights.values())
    ranked = [language for language, weight in weights.most_common() if weight >= _SECTION_SHARE * total]
    return ranked or [weights.most_common(1)[0][0]]
