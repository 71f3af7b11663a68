"""Side by side: the same corpus and queries on the embedded engine and a cluster engine, in one run.

Used by `benchmarks/search.py --compare` (and `--engine opensearch|elasticsearch` for one cluster engine alone).
The cluster node must already run (`engines/run.sh start opensearch`); the benchmark's index is deleted after.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from caselaw.config import Settings
from caselaw.errors import CaselawError
from caselaw.models import Case
from caselaw.search import SearchRequest
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.engine import SearchEngine

Row = tuple[str, ...]


def cluster_engine(name: str) -> SearchEngine:
    """A cluster engine on a fresh, per-run index prefix (the default URLs of `Settings`)."""
    settings = Settings(engine=name, index_prefix=f"bench-{os.getpid()}-{secrets.token_hex(3)}")
    if name == "opensearch":
        from caselaw.search.cluster.opensearch import OpenSearchEngine

        return OpenSearchEngine(settings)
    from caselaw.search.cluster.elastic import ElasticsearchEngine

    return ElasticsearchEngine(settings)


def drop(engine: SearchEngine) -> None:
    """Delete a cluster engine's benchmark indices (nothing to do for the embedded one)."""
    from caselaw.search.cluster.base import ClusterEngine

    if not isinstance(engine, ClusterEngine):
        return
    prefix = engine.alias.removesuffix("-cases")
    try:
        for index in engine.request("GET", f"/{prefix}-*") or {}:
            engine.request("DELETE", f"/{index}", missing_ok=True)
    except CaselawError as exc:
        print(f"could not delete the benchmark indices {prefix}-*: {exc}")


def open_engine(name: str, workdir: Path) -> SearchEngine:
    """The engine `name` for a benchmark run; the embedded one in `workdir`."""
    if name == "embedded":
        shutil.rmtree(workdir, ignore_errors=True)
        return EmbeddedEngine(workdir, writer_memory_mb=512)
    return cluster_engine(name)


def measure(
    engine: SearchEngine,
    cases: Callable[[], Iterator[Case]],
    size: int,
    kinds: dict[str, list[SearchRequest]],
    queries: int,
) -> dict[str, float]:
    """Bulk indexing rate (cases/s, validated cases in hand) and p50/p99 ms of each query kind."""
    batch = list(cases())
    started = time.perf_counter()
    engine.rebuild(batch)
    figures = {"index": size / (time.perf_counter() - started)}
    for kind, reqs in kinds.items():
        for i in range(min(30, queries)):  # warm-up
            engine.search(reqs[i % len(reqs)])
        samples = []
        for i in range(queries):
            began = time.perf_counter()
            engine.search(reqs[i % len(reqs)])
            samples.append(time.perf_counter() - began)
        samples.sort()
        figures[f"{kind} p50"] = samples[len(samples) // 2] * 1000
        figures[f"{kind} p99"] = samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000
    return figures


def compare(
    engines: list[str],
    size: int,
    cases: Callable[[], Iterator[Case]],
    kinds: dict[str, list[SearchRequest]],
    queries: int,
    workdir: Path,
) -> list[Row]:
    """Rows (measure, one column per engine, and the ratio of the second to the first when there are two)."""
    measured: list[dict[str, float]] = []
    for name in engines:
        engine = open_engine(name, workdir / name)
        try:
            measured.append(measure(engine, cases, size, kinds, queries))
        finally:
            drop(engine)
            engine.close()
            shutil.rmtree(workdir / name, ignore_errors=True)
    rows: list[Row] = []
    for key in measured[0]:
        label = "bulk indexing (cases/s)" if key == "index" else f"{key} ms"
        cells = [f"{m[key]:,.0f}" if key == "index" else f"{m[key]:.2f}" for m in measured]
        ratio = [f"{measured[1][key] / measured[0][key]:.2f}x"] if len(measured) == 2 else []
        rows.append((f"{size:,}", label, *cells, *ratio))
    return rows
