"""Approximate nearest passages for large vector indexes: an inverted file of sign codes, then exact rescoring.

Build: the passages are clustered (k-means on a sample, `LIST_SIZE` passages per list on average) and each one
is kept, besides its float32 vector, as the signs of its components less the mean of all vectors (64 bytes at
512 dimensions), in the order of its list. Search: the `PROBES` lists whose centroids are nearest the query are
scanned by Hamming distance between codes, the `RESCORE` closest passages are scored with their float32 vectors,
and so every similarity returned is exact: only which passages get rescored is approximate.

Why this, measured on the shared 2-core machine (load 9-13, `benchmarks/semantic.py` for the figures at 100k):
- HNSW graphs build far too slowly to follow every ingest: 60k random 512-d vectors took 42 s (faiss,
  efConstruction 40) and 59-121 s (usearch, i8/f16); 100k sign codes in a binary HNSW, 52 s. 600k: many minutes.
- A flat scan of all sign codes (faiss's SIMD popcount) cost 26-41 ms at 600k passages, more than a keyword
  search; an exact float32 scan, 900 ms.
- k-means on a sample plus one assignment pass builds in seconds to a minute with numpy's BLAS, needs no new
  dependency, and a search scans ~`PROBES * LIST_SIZE` codes whatever the size of the index.

Files beside a generation's `vectors.f32`: `center.f32` (the mean subtracted before taking signs),
`centroids.f32` (lists x dimension), `lists.i64` (offsets of each list, lists + 1), `rows.i64` (the passage
rows in list order) and `codes.b1` (their codes, in the same order).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

CENTER = "center.f32"
CENTROIDS = "centroids.f32"
LISTS = "lists.i64"
ROWS = "rows.i64"
CODES = "codes.b1"
BLOCK = 32_768
"""Rows read at a time while building: a bounded buffer whatever the size of the index."""
LIST_SIZE = 512
"""Passages per list on average: 1,172 lists at 600k passages."""
PROBES = 24
"""Lists scanned per search (about 12k codes at 512 a list)."""
RESCORE = 1024
"""Passages rescored exactly per search, at least (the index asks for more when it wants more cases)."""
TRAINING = 40
"""Sample rows per list for k-means, and its iterations below: a sample is enough for the centroids."""
ITERATIONS = 8

Vectors = npt.NDArray[np.float32]
_POPCOUNT = np.array([bin(value).count("1") for value in range(256)], dtype=np.uint8)


def sign_codes(vectors: Vectors, center: Vectors) -> npt.NDArray[np.uint8]:
    """The packed signs of `vectors - center` (one bit per component, 1 for positive)."""
    packed: npt.NDArray[np.uint8] = np.packbits(np.asarray(vectors, dtype=np.float32) > center, axis=1)
    return packed


def hamming(codes: npt.NDArray[np.uint8], query: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """Bits differing between each row of `codes` and `query`."""
    if hasattr(np, "bitwise_count") and codes.shape[1] % 8 == 0:  # numpy 2: the CPU's popcount on 64-bit words
        words, target = codes.view(np.uint64), query.view(np.uint64)
        # Summed by a float32 product (exact: at most 512): numpy's row sums over 8 columns cost twice as much.
        bits = np.bitwise_count(words ^ target).astype(np.float32)
        counted: npt.NDArray[np.int64] = (bits @ np.ones(bits.shape[1], dtype=np.float32)).astype(np.int64)
        return counted
    table: npt.NDArray[np.int64] = _POPCOUNT[codes ^ query].sum(axis=1, dtype=np.int64)
    return table


def _nearest_centroid(block: Vectors, centroids: Vectors) -> npt.NDArray[np.int64]:
    assigned: npt.NDArray[np.int64] = np.argmax(block @ centroids.T, axis=1).astype(np.int64)
    return assigned


def _train(matrix: Vectors, lists: int) -> Vectors:
    """`lists` unit centroids by spherical k-means on an evenly spaced sample of the rows (deterministic)."""
    rows = matrix.shape[0]
    step = max(1, rows // (lists * TRAINING))
    sample = np.ascontiguousarray(matrix[::step], dtype=np.float32)
    centroids = sample[np.linspace(0, len(sample) - 1, lists).astype(np.int64)].copy()
    for _ in range(ITERATIONS):
        assigned = _nearest_centroid(sample, centroids)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assigned, sample)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        filled = norms[:, 0] > 0  # an empty list keeps its centroid
        centroids[filled] = sums[filled] / norms[filled]
    return centroids


def write_codes(matrix: Vectors, directory: Path) -> None:
    """Write the inverted file of `matrix` into `directory` (a memory map is read in blocks)."""
    rows, dimension = matrix.shape
    total = np.zeros(dimension, dtype=np.float64)
    for start in range(0, rows, BLOCK):
        total += np.asarray(matrix[start : start + BLOCK], dtype=np.float64).sum(axis=0)
    center = (total / max(rows, 1)).astype(np.float32)
    lists = max(1, rows // LIST_SIZE)
    centroids = _train(matrix, lists)
    assigned = np.empty(rows, dtype=np.int64)
    codes = np.empty((rows, dimension // 8), dtype=np.uint8)
    for start in range(0, rows, BLOCK):
        block = np.asarray(matrix[start : start + BLOCK], dtype=np.float32)
        assigned[start : start + len(block)] = _nearest_centroid(block, centroids)
        codes[start : start + len(block)] = sign_codes(block, center)
    order = np.argsort(assigned, kind="stable")
    offsets = np.r_[0, np.cumsum(np.bincount(assigned, minlength=lists))].astype("<i8")
    center.astype("<f4").tofile(directory / CENTER)
    centroids.astype("<f4").tofile(directory / CENTROIDS)
    offsets.tofile(directory / LISTS)
    order.astype("<i8").tofile(directory / ROWS)
    codes[order].tofile(directory / CODES)


class SignIndex:
    """A generation's inverted file, in memory."""

    def __init__(self, directory: Path, rows: int, dimension: int) -> None:
        self.center: Vectors = np.fromfile(directory / CENTER, dtype="<f4").astype(np.float32)
        self.centroids: Vectors = np.fromfile(directory / CENTROIDS, dtype="<f4").reshape(-1, dimension)
        self.offsets = np.fromfile(directory / LISTS, dtype="<i8")
        # Read, not mapped: 72 bytes a passage (43 MB at 600k), and a search then never waits on a page fault.
        self.rows = np.fromfile(directory / ROWS, dtype="<i8")
        self.codes: npt.NDArray[np.uint8] = np.fromfile(directory / CODES, dtype=np.uint8).reshape(rows, -1)

    @staticmethod
    def present(directory: Path) -> bool:
        """Whether a generation has the inverted file (ones written before it existed are searched exactly)."""
        return all((directory / name).exists() for name in (CENTER, CENTROIDS, LISTS, ROWS, CODES))

    def candidates(self, vector: Vectors, count: int, probes: int = PROBES) -> npt.NDArray[np.int64]:
        """The `count` rows of the `probes` nearest lists whose codes are nearest the query's, sorted by row."""
        lists = len(self.offsets) - 1
        probes = min(probes, lists)
        near = np.argpartition(-(self.centroids @ vector), probes - 1)[:probes]
        spans = [(int(self.offsets[i]), int(self.offsets[i + 1])) for i in near]
        codes = np.concatenate([self.codes[low:high] for low, high in spans])
        rows = np.concatenate([self.rows[low:high] for low, high in spans])
        if len(rows) > count:
            distance = hamming(codes, sign_codes(vector.reshape(1, -1), self.center)[0])
            rows = rows[np.argpartition(distance, count - 1)[:count]]
        found: npt.NDArray[np.int64] = np.sort(rows).astype(np.int64)
        return found
