"""The vector index beside every engine: the store's passage vectors as one memory-mapped float32 matrix.

It lives under the data directory whatever the keyword engine (embedded, OpenSearch, Elasticsearch), so it works
the same for each. Each build writes a new generation directory and then switches `CURRENT` to it with one
atomic rename, as the embedded keyword index does: a search never sees a half-written index, and readers in
other processes pick the new generation up on their next search. Up to `EXACT_UP_TO` passages search is exact
(one matrix-vector product); beyond, the passages to score come from an inverted file of sign codes (`ann.py`,
built with the generation from its stored vectors), measured in `benchmarks/semantic.py` (at 600k passages exact
search took 213-900 ms p50 under load). Either way the cases returned are scored exactly on all their passages.

Files of a generation: `vectors.f32` (passages × dimension, row-major), `owners.i32` (the case of each passage, as
an index into `cases.json`, passages of a case adjacent), `texts.bin` and `offsets.i64` (each passage's UTF-8
text), `meta.json` (model, store stamp, sizes), and the inverted file's (`ann.py`).
"""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from caselaw.search.semantic.ann import RESCORE, SignIndex, write_codes
from caselaw.search.semantic.encoder import DIMENSION, model_key
from caselaw.store import CaseStore
from caselaw.store import passages as stored

CURRENT = "CURRENT"
EXACT_UP_TO = 50_000
"""Passages searched exactly; above, candidates come from the sign codes. Exact search grows linearly (31 ms at
120k passages, 213 ms at 600k, p50 under load); the code scan plus rescoring costs about what an exact search of
~50k passages does."""
PER_CASE = 5
"""Rows rescored per case asked for (with at least `RESCORE`): the best few passages of each candidate case."""


@cache
def _controller() -> ThreadpoolController:
    """numpy's BLAS libraries, found once (scanning them on every search would cost more than the search)."""
    return ThreadpoolController()


def _one_blas_thread() -> Any:
    return _controller().limit(limits=1, user_api="blas")


class Nearest:
    """A case near the query: its best passage's similarity (cosine) and text.

    The text is read when first asked for: a search returns 200 candidates and shows the passages of a page."""

    __slots__ = ("_generation", "_row", "case_id", "score")

    def __init__(self, case_id: str, score: float, generation: _Generation, row: int) -> None:
        self.case_id = case_id
        self.score = score
        self._generation = generation
        self._row = row

    @property
    def passage(self) -> str:
        """The text of the case's passage nearest the query."""
        return self._generation.text(self._row)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Nearest):
            return NotImplemented
        return (self.case_id, self.score, self.passage) == (other.case_id, other.score, other.passage)

    __hash__ = None  # type: ignore[assignment]  # equal by value, like the frozen dataclass it was; never a key

    def __repr__(self) -> str:
        return f"Nearest({self.case_id!r}, {self.score:.4f})"


class _Generation:
    """One built generation, memory-mapped."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        rows, dimension = int(self.meta["passages"]), int(self.meta["dimension"])
        self.cases: list[str] = json.loads((path / "cases.json").read_text(encoding="utf-8"))
        self.matrix: npt.NDArray[np.float32]
        self.owners: npt.NDArray[np.int32]
        self.offsets: npt.NDArray[np.int64]
        self.texts: npt.NDArray[np.uint8]
        if rows:
            # Plain views of the maps: indexing an np.memmap goes through its subclass hooks every time (half the
            # time of a search went there, 200 passage texts a query).
            self.matrix = np.memmap(path / "vectors.f32", dtype="<f4", mode="r", shape=(rows, dimension)).view(
                np.ndarray
            )
            self.owners = np.memmap(path / "owners.i32", dtype="<i4", mode="r", shape=(rows,)).view(np.ndarray)
            self.offsets = np.memmap(path / "offsets.i64", dtype="<i8", mode="r", shape=(rows + 1,)).view(np.ndarray)
            self.texts = np.memmap(path / "texts.bin", dtype=np.uint8, mode="r").view(np.ndarray)
        else:
            self.matrix = np.zeros((0, dimension), dtype=np.float32)
            self.owners = np.zeros(0, dtype=np.int32)
            self.offsets = np.zeros(1, dtype=np.int64)
            self.texts = np.zeros(0, dtype=np.uint8)
        # Where each case's passages start and end: the per-case best is one reduceat over the scores.
        self.starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]]) if rows else np.zeros(0, int)
        self.ends = np.r_[self.starts[1:], rows].astype(np.int64)
        self._signs: SignIndex | None = None
        self._signs_lock = threading.Lock()

    def text(self, row: int) -> str:
        return bytes(self.texts[int(self.offsets[row]) : int(self.offsets[row + 1])]).decode("utf-8")

    def signs(self) -> SignIndex | None:
        """The sign codes, loaded on the first approximate search; None for a generation written without them."""
        with self._signs_lock:
            if self._signs is None and len(self.owners) and SignIndex.present(self.path):
                self._signs = SignIndex(self.path, len(self.owners), int(self.matrix.shape[1]))
            return self._signs

    def refine(
        self, segments: npt.NDArray[np.int64], vector: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Exact best similarity of each case (segment) over all its passages, and the row of that passage."""
        if not len(segments):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        lows, highs = self.starts[segments].astype(np.int64), self.ends[segments]
        lengths = highs - lows
        bounds = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
        rows = np.repeat(lows - bounds, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)
        scores = np.asarray(self.matrix[rows], dtype=np.float32) @ vector
        best = np.maximum.reduceat(scores, bounds)
        # The first row of each segment reaching its best: the passage shown.
        reaching = np.flatnonzero(scores == np.repeat(best, lengths))
        first = reaching[np.r_[True, np.diff(np.searchsorted(bounds, reaching, side="right")) != 0]]
        return best, rows[first]


class VectorIndex:
    """The file-backed vector index under `root` (`<data dir>/vectors`)."""

    def __init__(self, root: Path, model: str | None = None, exact_up_to: int = EXACT_UP_TO) -> None:
        self.root = root
        self.model = model or model_key()
        self.exact_up_to = exact_up_to
        self._opened: tuple[str, _Generation] | None = None
        self._pointer: tuple[int, int, str] | None = None  # CURRENT's inode and mtime, and the name it held
        self._lock = threading.Lock()

    # Reading ---------------------------------------------------------------------------------------------

    def _current(self) -> _Generation | None:
        """The live generation, reopened when another process switched `CURRENT`; None before the first build."""
        try:
            # A stat, not a read, per search: `CURRENT` is replaced by a rename, so a new one has a new inode.
            status = (self.root / CURRENT).stat()
            seen = self._pointer
            if seen is not None and (seen[0], seen[1]) == (status.st_ino, status.st_mtime_ns):
                name = seen[2]
            else:
                name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
                self._pointer = (status.st_ino, status.st_mtime_ns, name)
        except FileNotFoundError:
            return None
        with self._lock:
            if self._opened is None or self._opened[0] != name:
                self._opened = (name, _Generation(self.root / name))
            return self._opened[1]

    def size(self) -> int:
        """Passages in the live generation (0 without one)."""
        generation = self._current()
        return 0 if generation is None else len(generation.owners)

    def case_count(self) -> int:
        """Cases with at least one passage in the live generation."""
        generation = self._current()
        return 0 if generation is None else len(generation.starts)

    def stamp(self) -> str | None:
        """The store stamp the live generation was built from."""
        generation = self._current()
        return None if generation is None else str(generation.meta["stamp"])

    def nearest(self, vector: npt.NDArray[np.float32], limit: int, floor: float = -1.0) -> list[Nearest]:
        """The `limit` cases whose best passage is most similar to `vector` (cosine at least `floor`), best first."""
        generation = self._current()
        if generation is None or not len(generation.owners) or limit <= 0:
            return []
        vector = np.ascontiguousarray(vector, dtype=np.float32)
        signs = generation.signs() if len(generation.owners) > self.exact_up_to else None
        with _one_blas_thread():  # a matrix-vector product is memory-bound: more threads only contend
            if signs is None:
                scores = np.asarray(generation.matrix @ vector, dtype=np.float32)
                best = np.maximum.reduceat(scores, generation.starts)
                segments = np.arange(len(best), dtype=np.int64)
            else:
                rows = signs.candidates(vector, max(RESCORE, limit * PER_CASE))
                scores = np.asarray(generation.matrix[rows], dtype=np.float32) @ vector
                owned = np.searchsorted(generation.starts, rows, side="right") - 1
                edges = np.flatnonzero(np.r_[True, owned[1:] != owned[:-1]])  # rows are sorted: cases adjacent
                best, segments = np.maximum.reduceat(scores, edges), owned[edges].astype(np.int64)
            count = min(limit, len(best))
            top = np.argpartition(-best, count - 1)[:count] if count < len(best) else np.arange(len(best))
            # Every case returned is scored on all its passages (the codes only chose which cases to look at).
            exact, rows = generation.refine(np.sort(segments[top]), vector)
        order = np.lexsort((rows, -exact))
        order = order[exact[order] >= floor]
        owners, cases = generation.owners[rows[order]].tolist(), generation.cases
        return [
            Nearest(cases[owner], score, generation, row)
            for owner, score, row in zip(owners, exact[order].tolist(), rows[order].tolist(), strict=True)
        ]

    def case_vector(self, case_id: str) -> npt.NDArray[np.float32] | None:
        """The mean of a case's passage vectors, normalised (what "related cases" compares); None when absent."""
        generation = self._current()
        if generation is None or case_id not in generation.cases:
            return None
        owner = generation.cases.index(case_id)
        rows = np.flatnonzero(np.asarray(generation.owners) == owner)
        if not len(rows):
            return None
        mean: npt.NDArray[np.float32] = np.asarray(generation.matrix[rows], dtype=np.float32).mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / np.float32(norm) if norm else mean

    # Building --------------------------------------------------------------------------------------------

    def rebuild(self, store: CaseStore) -> int:
        """Write a new generation from the store's vectors of this model and switch to it; the passages written."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = stored.stamp(store, self.model)
        name = f"g-{uuid.uuid4().hex[:12]}"
        building = self.root / f".{name}"
        building.mkdir()
        cases: list[str] = []
        rows = 0
        offset = 0
        with (
            (building / "vectors.f32").open("wb") as vectors,
            (building / "owners.i32").open("wb") as owners,
            (building / "texts.bin").open("wb") as texts,
        ):
            offsets: list[int] = [0]
            for passage, vector in stored.iter_vectors(store, self.model):
                if len(vector) != DIMENSION * 4:
                    continue  # another dimension cannot share the matrix (a different model under the same key)
                if not cases or cases[-1] != passage.case_id:
                    cases.append(passage.case_id)
                vectors.write(vector)
                owners.write(np.int32(len(cases) - 1).astype("<i4").tobytes())
                data = passage.text.encode("utf-8")
                texts.write(data)
                offset += len(data)
                offsets.append(offset)
                rows += 1
        np.asarray(offsets, dtype="<i8").tofile(building / "offsets.i64")
        if rows:  # from the vectors just written: a rebuild never re-embeds
            write_codes(np.memmap(building / "vectors.f32", dtype="<f4", mode="r", shape=(rows, DIMENSION)), building)
        (building / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
        meta = {"model": self.model, "stamp": stamp, "passages": rows, "dimension": DIMENSION, "cases": len(cases)}
        (building / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        self._switch(building, name)
        return rows

    def _switch(self, building: Path, name: str) -> None:
        """Publish a written generation: rename it into place, point `CURRENT` at it atomically, drop older ones."""
        building.rename(self.root / name)
        pointer = self.root / f".{CURRENT}.{name}"
        pointer.write_text(name, encoding="utf-8")
        pointer.replace(self.root / CURRENT)
        self._collect(keep=name)

    def write(
        self, cases: list[str], owners: npt.NDArray[np.int32], matrix: npt.NDArray[np.float32], texts: list[str]
    ) -> int:
        """Write a generation from arrays already in memory (synthetic benchmarks) and switch to it."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"g-{uuid.uuid4().hex[:12]}"
        building = self.root / f".{name}"
        building.mkdir()
        np.ascontiguousarray(matrix, dtype="<f4").tofile(building / "vectors.f32")
        np.ascontiguousarray(owners, dtype="<i4").tofile(building / "owners.i32")
        data = [text.encode("utf-8") for text in texts]
        np.concatenate([[0], np.cumsum([len(d) for d in data])]).astype("<i8").tofile(building / "offsets.i64")
        (building / "texts.bin").write_bytes(b"".join(data))
        if len(owners):
            write_codes(np.asarray(matrix, dtype=np.float32), building)
        (building / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
        meta = {"model": self.model, "stamp": "arrays", "passages": len(owners), "dimension": int(matrix.shape[1])}
        (building / "meta.json").write_text(json.dumps(meta | {"cases": len(cases)}), encoding="utf-8")
        self._switch(building, name)
        return len(owners)

    def refresh(self, store: CaseStore) -> bool:
        """Rebuild when the store's vectors changed since the live generation was built; whether it rebuilt."""
        if self.stamp() == stored.stamp(store, self.model):
            return False
        self.rebuild(store)
        return True

    def _collect(self, keep: str) -> None:
        """Delete older generations (a reader holding one keeps its memory maps: unlinked files stay readable)."""
        live = {keep, (self.root / CURRENT).read_text(encoding="utf-8").strip()}  # a concurrent build's switch
        for path in self.root.iterdir():
            if path.is_dir() and path.name not in live and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)
