"""Latency of hybrid and semantic search against keyword search on a synthetic corpus, query encoding included.

    PYTHONPATH=. .venv/bin/python benchmarks/semantic.py --size 100000 [--passages 6] [--queries 60] [--dir /tmp/cs]

Builds the embedded keyword index over `size` synthetic cases (benchmarks/corpus.py) and, beside it, a vector
index of `passages` random unit vectors per case (latency does not depend on what the vectors mean; embedding
100k synthetic cases with the real model would take hours). Queries are the labelled queries of
`benchmarks/data/semantic_queries.tsv` and the short queries of `benchmarks/search.py`, encoded by the real
model on every search (the cache of query vectors, which serves the next page of the same search, is cleared).
Keyword, hybrid and semantic run interleaved in rounds, so a burst of load
from other processes hits each alike. Prints p50/p95 per mode, the parts of a hybrid search (encoding, exact
vector search, the engine calls) and the target: hybrid p50 at most 2x keyword p50.
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
from corpus import Corpus  # benchmarks/corpus.py, beside this script

from caselaw.models import Case
from caselaw.search import SearchRequest
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.semantic.encoder import DIMENSION, shared_encoder
from caselaw.search.semantic.index import VectorIndex
from caselaw.search.semantic.modes import CANDIDATES, FLOOR, query_vector

GOLD = Path(__file__).resolve().parent / "data" / "semantic_queries.tsv"
SHORT = ["housing eviction", "desalojo", "agua potable", "expulsion", "إخلاء", "indigenous land", "moradia"]
TARGET_RATIO = 2.0


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


def build(size: int, passages: int, workdir: Path) -> EmbeddedEngine:
    """The keyword index over `size` synthetic cases and a vector index of random unit vectors beside it."""
    shutil.rmtree(workdir, ignore_errors=True)
    engine = EmbeddedEngine(workdir / "engine", writer_memory_mb=512)
    corpus = Corpus()

    def cases() -> Iterator[Case]:
        for number in range(size):
            yield Case.model_validate(corpus.case(number))

    started = time.perf_counter()
    engine.rebuild(cases())
    print(f"keyword index: {size:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    rng = np.random.default_rng(11)
    rows = size * passages
    matrix = np.empty((rows, DIMENSION), dtype=np.float32)
    for start in range(0, rows, 100_000):
        block = rng.standard_normal((min(100_000, rows - start), DIMENSION), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        matrix[start : start + len(block)] = block
    owners = np.repeat(np.arange(size, dtype=np.int32), passages)
    texts = [f"passage {row % passages} of synthetic case {row // passages}" for row in range(rows)]
    engine.vectors = VectorIndex(workdir / "vectors")
    engine.vectors.write([f"bench-{number}" for number in range(size)], owners, matrix, texts)
    print(f"vector index: {rows:,} passages in {time.perf_counter() - started:.0f} s", flush=True)
    return engine


def main() -> None:
    """Build, time the modes interleaved, print the table and the target."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="Synthetic cases.")
    parser.add_argument("--passages", type=int, default=6, help="Vectors per case.")
    parser.add_argument("--queries", type=int, default=60, help="Timed searches per mode.")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/caselaw-semantic-bench"), help="Scratch directory.")
    args = parser.parse_args()
    engine = build(args.size, args.passages, args.dir)
    assert engine.vectors is not None
    encoder = shared_encoder()
    encoder.encode_query("warm up")  # the model loads once per process, before any timing
    texts = queries()
    samples: dict[str, list[float]] = {"keyword": [], "hybrid": [], "semantic": [], "encode": [], "vectors": []}
    for number in range(args.queries + 5):
        text = texts[number % len(texts)]
        for mode in ("keyword", "hybrid", "semantic"):
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
        if number >= 5:
            samples["encode"].append(encoded - began)
            samples["vectors"].append(time.perf_counter() - encoded)
    print(f"\n{args.size:,} cases, {args.size * args.passages:,} passage vectors, {args.queries} searches per mode")
    print(f"{'measure':<34}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in samples.items():
        label = {"encode": "  query encoding alone", "vectors": "  exact vector search alone"}.get(name, name)
        print(f"{label:<34}{cut(values, 0.5):>10.2f}{cut(values, 0.95):>10.2f}")
    keyword, hybrid = statistics.median(samples["keyword"]), statistics.median(samples["hybrid"])
    ratio = hybrid / keyword
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"\ntarget hybrid p50 <= {TARGET_RATIO:g}x keyword p50: {ratio:.1f}x {verdict}")
    engine.close()
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
