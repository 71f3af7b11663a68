"""Latency of hybrid and semantic search against keyword search on a synthetic corpus, query encoding included.

    PYTHONPATH=. .venv/bin/python benchmarks/semantic.py --size 100000 [--passages 6] [--queries 60] [--dir /tmp/cs]

Builds the embedded keyword index over `size` synthetic cases (benchmarks/corpus.py) and, beside it, a vector
index of `passages` synthetic vectors per case (embedding 100k synthetic cases with the real model would take
hours). The vectors are topical, because the recall of the approximate path depends on there being near
neighbours to find (random 512-d vectors have none: every one is about as far as the next): the topics are the
benchmark's own queries encoded by the real model, plus random ones up to one per 50 cases; each case lies near
one topic (cosine ~0.83) and its passages near the case (~0.83), so a query has ~50 cases above the floor.
Queries are the labelled queries of `benchmarks/data/semantic_queries.tsv` and the short queries of
`benchmarks/search.py`, encoded by the real model on every search (the cache of query vectors, which serves the
next page of the same search, is cleared). Every query first runs once in every mode, untimed: the engine keeps
translated queries, so whichever mode met a query first would otherwise pay its translation alone (keyword did,
being first). Then keyword, hybrid and semantic run interleaved in rounds, each round in another order, so a burst
of load from other processes hits each alike. Prints p50/p95 per mode, the parts of a hybrid search (encoding,
vector search as configured and exact; hybrid runs both beside the engine's keyword work, so hybrid is less than
their sum with it), the build time of the inverted file (`ann.py`), recall of the vector index against exact
search, and the target: hybrid p50 at most 2x keyword p50. With `--keep`, the vector index is kept too.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
from corpus import Corpus  # benchmarks/corpus.py, beside this script

from caselaw.models import Case
from caselaw.search import SearchRequest
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.semantic.ann import write_codes
from caselaw.search.semantic.encoder import DIMENSION, shared_encoder
from caselaw.search.semantic.index import VectorIndex
from caselaw.search.semantic.modes import CANDIDATES, FLOOR, query_vector

GOLD = Path(__file__).resolve().parent / "data" / "semantic_queries.tsv"
SHORT = ["housing eviction", "desalojo", "agua potable", "expulsion", "إخلاء", "indigenous land", "moradia"]
TARGET_RATIO = 2.0
SPREAD = 0.03
"""Per-component noise of a case around its topic and of a passage around its case (cosine ~0.83 each)."""


def cut(samples: list[float], share: float) -> float:
    """The `share` quantile of `samples`, in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def queries() -> list[str]:
    """The labelled queries and the short ones, alternating."""
    with GOLD.open(encoding="utf-8", newline="") as handle:
        long = [row["query"] for row in csv.DictReader(handle, delimiter="\t")]
    mixed: list[str] = []
    for index, query in enumerate(long):
        mixed.append(query)
        mixed.append(SHORT[index % len(SHORT)])
    return mixed


def unit(rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """`rows` scaled to length 1."""
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def build(
    size: int, passages: int, workdir: Path, topics: npt.NDArray[np.float32], keep: bool = False
) -> EmbeddedEngine:
    """The keyword index over `size` synthetic cases (kept from an earlier `--keep` run of the same size) and a
    vector index of topical unit vectors beside it."""
    marker = workdir / "cases.txt"
    reuse = keep and marker.exists() and marker.read_text(encoding="utf-8") == str(size)
    if not reuse:
        shutil.rmtree(workdir, ignore_errors=True)
    engine = EmbeddedEngine(workdir / "engine", writer_memory_mb=512)
    corpus = Corpus()

    def cases() -> Iterator[Case]:
        for number in range(size):
            yield Case.model_validate(corpus.case(number))

    started = time.perf_counter()
    if reuse:
        print(f"keyword index: {size:,} cases kept from an earlier run", flush=True)
    else:
        engine.rebuild(cases())
        marker.write_text(str(size), encoding="utf-8")
        print(f"keyword index: {size:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    engine.vectors = VectorIndex(workdir / "vectors")
    vectors_marker, shape = workdir / "vectors.txt", f"{size}x{passages}"
    if reuse and vectors_marker.exists() and vectors_marker.read_text(encoding="utf-8") == shape:
        print(f"vector index: {engine.vectors.size():,} passages kept from an earlier run", flush=True)
        return engine
    rng = np.random.default_rng(11)
    extra = max(0, size // 50 - len(topics))
    centres = np.vstack([topics, unit(rng.standard_normal((extra, DIMENSION), dtype=np.float32))])
    case_vectors = unit(
        centres[rng.integers(0, len(centres), size)] + SPREAD * rng.standard_normal((size, DIMENSION), dtype=np.float32)
    )
    rows = size * passages
    matrix = np.empty((rows, DIMENSION), dtype=np.float32)
    for start in range(0, rows, 100_000):
        count = min(100_000, rows - start)
        block = case_vectors[np.arange(start, start + count) // passages]
        matrix[start : start + count] = unit(block + SPREAD * rng.standard_normal((count, DIMENSION), dtype=np.float32))
    owners = np.repeat(np.arange(size, dtype=np.int32), passages)
    texts = [f"passage {row % passages} of synthetic case {row // passages}" for row in range(rows)]
    engine.vectors.write([f"bench-{number}" for number in range(size)], owners, matrix, texts)
    print(f"vector index: {rows:,} passages in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    write_codes(matrix, workdir)  # once more, alone, for the figure (the write above made the generation's own)
    print(f"inverted file alone (ANN build): {time.perf_counter() - started:.1f} s", flush=True)
    vectors_marker.write_text(shape, encoding="utf-8")
    return engine


def recall(engine: EmbeddedEngine, vectors: list[npt.NDArray[np.float32]]) -> None:
    """Recall of the vector index as configured against exact search, over the cases above the floor."""
    assert engine.vectors is not None
    exact = VectorIndex(engine.vectors.root, exact_up_to=10**12)
    shares: dict[int, list[float]] = {10: [], CANDIDATES: []}
    for vector in vectors:
        truth = [found.case_id for found in exact.nearest(vector, CANDIDATES, FLOOR)]
        got = [found.case_id for found in engine.vectors.nearest(vector, CANDIDATES, FLOOR)]
        for depth, values in shares.items():
            if truth[:depth]:
                values.append(len(set(truth[:depth]) & set(got[:depth])) / len(truth[:depth]))
    approximate = engine.vectors.size() > engine.vectors.exact_up_to
    kind = "approximate (inverted file of sign codes, rescored)" if approximate else "exact"
    print(f"\nvector search {kind} against exact,")
    for depth, values in shares.items():
        print(f"  recall@{depth} cases above the floor: {statistics.mean(values):.3f} over {len(values)} queries")


def main() -> None:
    """Build, time the modes interleaved, print the table and the target."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="Synthetic cases.")
    parser.add_argument("--passages", type=int, default=6, help="Vectors per case.")
    parser.add_argument("--queries", type=int, default=132, help="Timed searches per mode.")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/caselaw-semantic-bench"), help="Scratch directory.")
    parser.add_argument(
        "--keep", action="store_true", help="Keep the indexes in --dir and reuse them next time (same size)."
    )
    args = parser.parse_args()
    encoder = shared_encoder()
    encoder.encode_query("warm up")  # the model loads once per process, before any timing
    texts = queries()
    distinct = list(dict.fromkeys(texts))
    topics = np.vstack([encoder.encode_query(text) for text in distinct])
    engine = build(args.size, args.passages, args.dir, topics, args.keep)
    assert engine.vectors is not None
    exact = VectorIndex(engine.vectors.root, exact_up_to=10**12)
    samples: dict[str, list[float]] = {
        name: [] for name in ("keyword", "hybrid", "semantic", "encode", "vectors", "exact", "engine")
    }
    modes = ("keyword", "hybrid", "semantic")
    for number in range(args.queries):  # warm-up: each query once per mode (see the module's docstring)
        for mode in modes:
            engine.search(SearchRequest(q=texts[number % len(texts)], mode=mode, size=10, highlight=False))
    for number in range(args.queries + 5):
        text = texts[number % len(texts)]
        for mode in modes[number % 3 :] + modes[: number % 3]:
            request = SearchRequest(q=text, mode=mode, size=10, highlight=False)
            query_vector.cache_clear()  # encoding included: no search here reuses a cached query vector
            began = time.perf_counter()
            engine.search(request)
            if number >= 5:  # warm-up rounds
                samples[mode].append(time.perf_counter() - began)
        began = time.perf_counter()
        vector = encoder.encode_query(text)
        encoded = time.perf_counter()
        engine.vectors.nearest(vector, CANDIDATES, FLOOR)
        searched = time.perf_counter()
        exact.nearest(vector, CANDIDATES, FLOOR)
        if number >= 5:
            samples["encode"].append(encoded - began)
            samples["vectors"].append(searched - encoded)
            samples["exact"].append(time.perf_counter() - searched)
            samples["engine"].append(samples["hybrid"][-1] - samples["encode"][-1] - samples["vectors"][-1])
    print(f"\n{args.size:,} cases, {args.size * args.passages:,} passage vectors, {args.queries} searches per mode")
    print(f"{'measure':<34}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in samples.items():
        label = {
            "encode": "  query encoding alone",
            "vectors": "  vector search alone",
            "exact": "  exact vector search (for scale)",
            "engine": "  hybrid less the two above (overlap)",
        }.get(name, name)
        print(f"{label:<34}{cut(values, 0.5):>10.2f}{cut(values, 0.95):>10.2f}")
    keyword, hybrid = statistics.median(samples["keyword"]), statistics.median(samples["hybrid"])
    ratio = hybrid / keyword
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"\ntarget hybrid p50 <= {TARGET_RATIO:g}x keyword p50: {ratio:.2f}x {verdict}")
    recall(engine, list(topics))
    engine.close()
    if not args.keep:
        shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
