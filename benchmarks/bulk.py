"""Rebuild rates, same cases and machine, same run: the cluster bulk load before and after, and the embedded build.

    PYTHONPATH=. .venv/bin/python benchmarks/bulk.py [--cases 5000] [--engines embedded,opensearch]
                                                     [--runs serial,now] [--embedded-runs before,cold,warm] [--store]

Validated cases of `corpus.py` in hand (as `benchmarks/search.py --compare` does), so the rates are the engine's:
conversion, transport and indexing. Per engine and way of loading: cases/s, and the CPU time per case of this
process (all its threads and converting workers) and of the node (from /proc, when its pid file is found under
`var/engines`), so a reader can tell which side limits the rate.

* **cluster, serial (as before)**: the loop the indexer used before: convert a case, serialise it to measure the
  batch, send one bulk request (serialised again by the client) and wait for it before converting the next;
* **cluster, now (cache cold)**: `indexer.rebuild`: each document serialised once, `IN_FLIGHT` bulk requests on the
  wire at once, conversion in worker processes where `indexer.converting_workers` finds cores for them (none on
  two cores beside a local node);
* **cluster, now, rebuild again (cache warm)**: the same again: concepts read back from the cache beside the store
  (`caselaw.search.conversions`) for every unchanged case;
* **cluster, now, with 2 converting workers**: the cold rebuild with two workers whatever the cores (what they add);
* **embedded, as before (no concepts cache)**: `EmbeddedEngine.rebuild` finding every case's concepts, as it did
  before the cache of `caselaw.search.conversions` (conversion in this process, tantivy's writer threads beside it);
* **embedded, first rebuild (cache cold)**: the same into a fresh index directory: every case's concepts found, and
  written to the cache beside the index;
* **embedded, rebuild again (cache warm)**: a second rebuild of the same directory (what `caselaw reindex` does after
  the first): concepts read back from the cache for every unchanged case.

With `--store`, the embedded rebuilds read the cases from a store holding them (`sync.rebuild_from_store`, as
`caselaw reindex` does: one SQL read and a validation per case) instead of from memory.

Needs the node running (`engines/run.sh start opensearch`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing import forkserver
from pathlib import Path
from typing import Any

from corpus import Corpus  # benchmarks/corpus.py, beside this script

from caselaw.config import Settings
from caselaw.models import Case
from caselaw.search.cluster import indexer
from caselaw.search.cluster.base import ClusterEngine
from caselaw.search.cluster.documents import case_document
from caselaw.search.cluster.elastic import ElasticsearchEngine
from caselaw.search.cluster.mapping import LIVE_SETTINGS
from caselaw.search.cluster.opensearch import OpenSearchEngine
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.embedded import engine as embedded_engine
from caselaw.search.sync import rebuild_from_store
from caselaw.store import CaseStore

ROOT = Path(__file__).resolve().parent.parent
PIDS = {"opensearch": ROOT / "var/engines/opensearch.pid", "elasticsearch": ROOT / "var/engines/elasticsearch.pid"}
TARGET_FACTOR = 3.0
EMBEDDED_TARGET = 1000.0


def node_seconds(engine: str) -> float | None:
    """CPU seconds the node's process has used (user + system), or None without its pid file."""
    try:
        pid = int(PIDS[engine].read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (KeyError, OSError, ValueError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_seconds(pid: int) -> float:
    """CPU seconds of process `pid` and of its children it has reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def own_seconds() -> float:
    """CPU seconds of this process and of the converting workers (children of multiprocessing's fork server,
    counted once it has reaped them: the pool is shut down at the end of each rebuild)."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return mine.ru_utime + mine.ru_stime + (_proc_seconds(server) if server else 0.0)


def serial_rebuild(engine: ClusterEngine, cases: list[Case]) -> None:
    """The bulk load as the indexer did it before, one request at a time (same index lifecycle otherwise)."""
    name = indexer.new_index_name(engine.alias)
    indexer.create_index(engine, name)
    batch: list[tuple[str, dict[str, Any]]] = []
    size = 0

    def send() -> None:
        lines = [line for case_id, doc in batch for line in ({"create": {"_index": name, "_id": case_id}}, doc)]
        answer, failure = engine.attempt("POST", "/_bulk", lines)
        if failure is not None or (answer is not None and answer.get("errors")):
            raise SystemExit(f"bulk failed: {failure}")

    for case in cases:
        document = case_document(case)
        batch.append((case.id, document))
        size += len(json.dumps(document, ensure_ascii=False))
        if len(batch) >= 500 or size >= 8 * 1024 * 1024:
            send()
            batch, size = [], 0
    if batch:
        send()
    engine.call("PUT", f"/{name}/_settings", {"index": LIVE_SETTINGS})
    engine.call("POST", f"/{name}/_refresh")
    old = indexer.live_indices(engine)
    actions: list[dict[str, Any]] = [{"remove": {"index": index, "alias": engine.alias}} for index in old]
    actions += [
        {"add": {"index": name, "alias": engine.alias}},
        {"remove": {"index": name, "alias": f"{engine.alias}-pending"}},
    ]
    engine.call("POST", "/_aliases", {"actions": actions})
    for index in old:
        engine.request("DELETE", f"/{index}", missing_ok=True)


def with_workers(engine: ClusterEngine, cases: list[Case], workers: int) -> None:
    """`indexer.rebuild` with `workers` converting processes whatever the cores (`CONVERT_WORKERS`)."""
    saved, indexer.CONVERT_WORKERS = indexer.CONVERT_WORKERS, workers
    try:
        engine.rebuild(cases)
    finally:
        indexer.CONVERT_WORKERS = saved


def without_cache(engine: EmbeddedEngine, cases: list[Case] | CaseStore) -> None:
    """`EmbeddedEngine.rebuild` as before the concepts cache: every case's concepts found."""
    saved = getattr(embedded_engine, "open_cache")  # noqa: B009 (the engine module's import, replaced for the run)
    setattr(embedded_engine, "open_cache", lambda path, version: None)  # noqa: B010
    try:
        embedded_rebuild(engine, cases)
    finally:
        setattr(embedded_engine, "open_cache", saved)  # noqa: B010


def embedded_rebuild(engine: EmbeddedEngine, cases: list[Case] | CaseStore) -> None:
    """A rebuild from the cases in hand, or from the store holding them."""
    if isinstance(cases, CaseStore):
        rebuild_from_store(engine, cases)
    else:
        engine.rebuild(cases)


def stored(cases: list[Case], directory: Path) -> CaseStore:
    """A store under `directory` holding `cases`."""
    store = CaseStore(directory / "store.sqlite3", directory / "blobs")
    with store.transaction():
        for case in cases:
            store.put_case(case)
    return store


def embedded_runs(cases: list[Case], wanted: list[str], from_store: bool) -> list[tuple[str, float, float]]:
    """(label, cases/s, this process's CPU ms per case) of each embedded rebuild asked for."""
    found: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as directory:
        source: list[Case] | CaseStore = stored(cases, Path(directory)) if from_store else cases
        before = EmbeddedEngine(Path(directory) / "before")
        cached = EmbeddedEngine(Path(directory) / "cached")
        runs: dict[str, tuple[str, Callable[[], object]]] = {
            "before": ("rebuild, as before (no concepts cache)", lambda: without_cache(before, source)),
            "cold": ("first rebuild (cache cold)", lambda: embedded_rebuild(cached, source)),
            "warm": ("rebuild again (cache warm)", lambda: embedded_rebuild(cached, source)),
        }
        for key in wanted:
            if key == "warm" and "cold" not in wanted[: wanted.index(key)]:
                embedded_rebuild(cached, source)  # untimed: fills the cache a warm rebuild reads
            label, run = runs[key]
            label += ", from the store" if from_store else ""
            rate, own, _ = timed(run, len(cases), None)
            found.append((label, rate, own))
            print(f"  embedded {label}: {rate:,.0f} cases/s", flush=True)
        before.close()
        cached.close()
        if isinstance(source, CaseStore):
            source.close()
    return found


def cluster(name: str, data_dir: Path) -> ClusterEngine:
    """A cluster engine on a benchmark alias, with a long timeout (a busy machine), its concepts cache under
    `data_dir`."""
    analysis = "full" if name == "opensearch" else "core"  # Elasticsearch from its jars lacks analysis-common
    settings = Settings(
        engine=name,
        index_prefix="bench-bulk",
        engine_analysis=analysis,
        engine_timeout_seconds=300,
        data_dir=data_dir,
    )
    return OpenSearchEngine(settings) if name == "opensearch" else ElasticsearchEngine(settings)


def drop(engine: ClusterEngine) -> None:
    """Delete the benchmark's indices."""
    for index in engine.request("GET", f"/{engine.alias.removesuffix('-cases')}-*") or {}:
        engine.request("DELETE", f"/{index}", missing_ok=True)


def timed(run: Callable[[], object], cases: int, node: str | None) -> tuple[float, float, float | None]:
    """(cases/s, this process's CPU ms per case, the node's CPU ms per case or None)."""
    node_before, own_before = (node_seconds(node) if node else None), own_seconds()
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    node_after = node_seconds(node) if node else None
    node_ms = (node_after - node_before) * 1000 / cases if node_before is not None and node_after is not None else None
    return cases / elapsed, (own_seconds() - own_before) * 1000 / cases, node_ms


def main() -> None:
    """Generate the cases, run each engine and way of loading, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--engines", default="embedded,opensearch")
    parser.add_argument(
        "--runs", default="serial,now", help="cluster loads (label prefixes): serial (as before), now, now, with"
    )
    parser.add_argument("--embedded-runs", default="before,cold,warm", help="embedded rebuilds: before, cold, warm")
    parser.add_argument("--store", action="store_true", help="embedded rebuilds read the cases from a store")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    corpus = Corpus()
    cases = [Case.model_validate(corpus.case(number)) for number in range(args.cases)]
    print(f"{args.cases:,} synthetic cases, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    rows: list[tuple[str, ...]] = []
    rates: dict[str, float] = {}
    for name in args.engines.split(","):
        if name == "embedded":
            for label, rate, own in embedded_runs(cases, args.embedded_runs.split(","), args.store):
                rates[f"embedded {label}"] = rate
                rows.append(("embedded", label, f"{rate:,.0f}", f"{own:.2f}", "-"))
            continue
        data_dir = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
        node = cluster(name, data_dir)
        try:
            runs: dict[str, Callable[[], object]] = {
                "serial (as before)": lambda: serial_rebuild(node, cases),  # noqa: B023
                "now (indexer.rebuild, cache cold)": lambda: node.rebuild(cases),  # noqa: B023
                "now, rebuild again (cache warm)": lambda: node.rebuild(cases),  # noqa: B023
                "now, with 2 converting workers (cache cold)": lambda: with_workers(node, cases, 2),  # noqa: B023
            }
            for label, run in runs.items():
                if not any(label.startswith(run) for run in args.runs.split(",")):
                    continue
                drop(node)
                if "cold" in label and node.concepts_path is not None:
                    node.concepts_path.unlink(missing_ok=True)
                rate, own, node_ms = timed(run, args.cases, name)
                rates[f"{name} {label}"] = rate
                rows.append((name, label, f"{rate:,.0f}", f"{own:.2f}", "-" if node_ms is None else f"{node_ms:.2f}"))
                print(f"  {name} {label}: {rate:,.0f} cases/s", flush=True)
        finally:
            drop(node)
            node.close()
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end\n")
    header = ("engine", "load", "cases/s", "this process CPU ms/case", "node CPU ms/case")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for name in ("opensearch", "elasticsearch"):
        before = rates.get(f"{name} serial (as before)")
        for label in ("now (indexer.rebuild, cache cold)", "now, rebuild again (cache warm)"):
            now = rates.get(f"{name} {label}")
            if before and now:
                verdict = "PASS" if now >= TARGET_FACTOR * before else "FAIL"
                factor = f"{now / before:.2f}x the serial load (target >= {TARGET_FACTOR:.0f}x)"
                print(f"{name} bulk load, {label}: {factor}: {verdict}")
    for label, rate in rates.items():
        if label.startswith("embedded"):
            verdict = "PASS" if rate >= EMBEDDED_TARGET else "FAIL"
            print(f"{label}: {rate:,.0f} cases/s (target >= {EMBEDDED_TARGET:,.0f}): {verdict}")


if __name__ == "__main__":
    main()
