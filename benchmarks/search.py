"""Benchmark the embedded engine against raw tantivy on a synthetic corpus; print a table and the targets.

    PYTHONPATH=. .venv/bin/python benchmarks/search.py --sizes 10000,100000 [--queries 200] [--dir /tmp/cb]
    PYTHONPATH=. .venv/bin/python benchmarks/search.py --compare --sizes 10000,100000   # embedded vs OpenSearch
    PYTHONPATH=. .venv/bin/python benchmarks/search.py --engine opensearch --sizes 10000   # one cluster engine

`--compare` and `--engine opensearch|elasticsearch` need the node running (`engines/run.sh start opensearch`):
they index the same corpus into each engine in turn and time the same (a), (b), (c) queries through the
engine-neutral `search` (no raw-tantivy baselines there), then print bulk indexing rates, p50/p99 and ratios.

Per size: index build rate, p50/p95/p99 latency of (a) a plain text query, (b) a text query with 3 filters
and 8 facets, (c) match-all with 8 facets, snippets, index size and peak memory. Two baselines run in the
same process, on the engine's own index, with the same page of 10 documents fetched:

* **raw direct** (the baseline the 1.5x target is judged against): raw tantivy answering the same user
  question in the most direct way — tantivy's query parser over the text fields with every word required,
  term filters, one aggregation of 8 terms aggregations;
* **raw same**: exactly the tantivy queries and aggregations the engine built before its one-pass search
  (cross-lingual expansion, disjunctive counts in one aggregation pass per selected facet);
* **raw one-pass** (the baseline the 1.3x target is judged against): the native one-pass search the engine runs
  (`caselaw.search.embedded._facets`: page, total and every disjunctive count in one posting walk) called
  directly with the engine's own queries, prepared beforehand, so engine / one-pass is the cost of the Python
  layer alone.

The synthetic texts mention taxonomy keywords the way decisions do, for the concepts a case is tagged with
(plus an occasional aside); the run first prints the share of cases mentioning each concept the benchmark
queries expand to, in the 32-case fixture corpus and in the generated one, as the evidence.

Build rate counts the engine's work (turning cases into documents and indexing them), not the synthetic data
generator nor the validation of generated dicts into `Case` models (shown separately). Its baseline is tantivy's
writer alone on the same documents converted beforehand (a sample of up to 10,000), with the engine's writer
memory and threads: no build can beat it on the same machine.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import compare  # benchmarks/compare.py, beside this script
import tantivy
from corpus import Corpus, keyword_report  # benchmarks/corpus.py, beside this script

from caselaw.models import Case
from caselaw.search import SearchRequest
from caselaw.search.analysis import FIELD_LANGUAGES
from caselaw.search.cache import RequestCache
from caselaw.search.embedded import EmbeddedEngine, versions
from caselaw.search.embedded.documents import case_document
from caselaw.search.embedded.engine import _facets_module, _sort_order, collect_counts, facet_passes, start_counts
from caselaw.search.embedded.schema import NAME_FIELD, SCHEMA_VERSION, build_schema, register_analyzers
from caselaw.search.embedded.translate import (
    ALL,
    Translator,
    conjunction,
    conjunction_spec,
    date_spec,
    filter_queries,
    filter_specs,
    spec_json,
)
from caselaw.search.engine import make_plan
from caselaw.search.facets import facet
from caselaw.search.fields import text_field, title_field

FACETS_8 = ["right", "issue", "forum", "region", "state", "year", "decision_type", "outcome"]
QUERIES = [
    "housing eviction",
    "desalojo",
    "agua potable",
    "expulsion",
    "إخلاء",
    "health care",
    "indigenous land",
    "social security",
    "moradia",
    "education",
    "pension",
    "derecho vivienda",
]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def timed(run: Callable[[int], object], count: int) -> tuple[float, float, float]:
    """Latency percentiles of `count` calls after a warm-up."""
    for i in range(min(30, count)):
        run(i)
    samples = []
    for i in range(count):
        started = time.perf_counter()
        run(i)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def directory_size(path: Path) -> int:
    """Bytes under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def requests(corpus: Corpus) -> dict[str, list[SearchRequest]]:
    """The three query kinds, each a rotating list of concrete requests, and (a) and (b) without expansion.

    The "expansion off" rows are informational (the targets are judged on the default, expansion on): raw
    direct does not expand, so they show the engine layer's cost on the very same question, while (a) and (b)
    show what cross-lingual expansion adds (an expanded word matches every case mentioning its concept in
    any language, see the concept document-frequency table).
    """
    rng = random.Random(3)
    plain = [SearchRequest(q=q, size=10, highlight=False, facets=False) for q in QUERIES]
    filtered = [
        SearchRequest(
            q=q,
            size=10,
            highlight=False,
            filters={
                "right": [rng.choice(corpus.rights[:6])],
                "region": [rng.choice(["africa", "europe-central-asia", "latin-america-caribbean"])],
                "decision_type": [rng.choice(corpus.types[:2])],
            },
            facet_keys=FACETS_8,
        )
        for q in QUERIES
    ]
    match_all = [SearchRequest(size=10, highlight=False, facet_keys=FACETS_8)]
    return {
        "(a) plain query": plain,
        "(b) query+3 filters+8 facets": filtered,
        "(c) match-all+8 facets": match_all,
        "(a') expansion off": [r.model_copy(update={"expand": False}) for r in plain],
        "(b') expansion off": [r.model_copy(update={"expand": False}) for r in filtered],
    }


@dataclass(frozen=True)
class Target:
    """One target of the issue and whether this run meets it."""

    name: str
    measured: str
    passed: bool | None  # None: not measured in this run


DIRECT_RATIO = 1.5
ONE_PASS_RATIO = 1.3
"""(b): the engine at most this much slower than the native one-pass search it runs, called directly."""
B_P50_MS = 2.5
B_P99_MS = 8.0
BUILD_RATE = 2000.0
SNIPPET_RATIO = 2.0
"""Snippets may cost at most as much again as the query they decorate (p50, same rounds)."""
DIRECT_FIELDS = [f(lang) for lang in FIELD_LANGUAGES for f in (title_field, text_field)] + [NAME_FIELD]
"""Every field the text of a case is indexed in: what a hand-written tantivy app would search."""


def raw_runners(
    index: tantivy.Index, engine: EmbeddedEngine, reqs: list[SearchRequest]
) -> tuple[Callable[[int], object], Callable[[int], object]]:
    """Raw-direct and raw-same executions of a list of requests."""
    schema = index.schema
    translator = Translator(schema)
    prepared = []
    for request in reqs:
        plan = make_plan(request)
        text = translator.node(plan.query)
        filters = filter_queries(schema, plan.filters)
        base = [q for q in [text] if q is not None]
        main = conjunction(base + list(filters.values()))
        direct_text = (
            index.parse_query(request.q, DIRECT_FIELDS, conjunction_by_default=True)
            if request.q
            else tantivy.Query.all_query()
        )
        direct_query = conjunction([direct_text, *filters.values()])
        order: dict[str, Any] = {} if request.q else {"order_by_field": "day", "order": tantivy.Order.Desc}
        prepared.append((main, base, filters, direct_query, request.counted_facets, order))

    def same(i: int) -> object:
        main, base, filters, _, keys, order = prepared[i % len(prepared)]
        searcher = index.searcher()
        pending = start_counts(searcher, facet_passes(base, filters, keys))  # as the engine: beside the page
        hits = searcher.search(main, 10, count=True, **order).hits
        docs = [searcher.doc(address) for _, address in hits]
        return docs, collect_counts(pending)

    def direct(i: int) -> object:
        _, _, _, query, keys, order = prepared[i % len(prepared)]
        searcher = index.searcher()
        docs = [searcher.doc(address) for _, address in searcher.search(query, 10, count=True, **order).hits]
        aggregations = {key: {"terms": {"field": key, "size": 100}} for key in keys}
        return docs, searcher.aggregate(query, aggregations) if keys else None

    return direct, same


def one_pass_runner(index_path: Path, engine: EmbeddedEngine, reqs: list[SearchRequest]) -> Callable[[int], object]:
    """The native one-pass search (`_facets`) on the engine's own specs, prepared beforehand, with the same page of
    10 payloads fetched; a no-op when the native module is not built (its column then reads as the engine's)."""
    module = _facets_module()
    if module is None:
        return lambda i: None
    native = module.Searchable(str(index_path))
    translator = Translator(engine.schema)
    searcher = engine._fresh()[0].searcher()
    prepared = []
    for request in reqs:
        plan = make_plan(request)
        text = translator.spec(plan.query)
        filters = filter_specs(engine._effective_filters(searcher, plan.filters))
        base = [s for s in (text, date_spec(request.date_from, request.date_to)) if s is not None]
        query = conjunction_spec(base) if base else ("const", ALL, 0.0) if filters else ALL
        prepared.append(
            (
                spec_json(query),
                [(key, spec_json(spec)) for key, spec in filters.items()],
                [(key, facet(key).size) for key in request.counted_facets],
                _sort_order(plan.sort),
            )
        )

    def one_pass(i: int) -> object:
        query, filters, counted, order = prepared[i % len(prepared)]
        return native.search(query, filters, counted, 0, 10, order, ["payload"])

    return one_pass


Row = tuple[str, str, str, str, str]
WRITER_SAMPLE = 10_000
"""Documents the raw-writer baseline indexes (converted beforehand, held in memory)."""


def raw_writer_rate(corpus: Corpus, count: int, directory: Path, engine: EmbeddedEngine) -> float:
    """Cases/s of tantivy's writer alone on the engine's documents, converted beforehand, with the engine's writer
    settings: the ceiling of the build rate on this machine, whatever the Python side does."""
    documents = [case_document(Case.model_validate(corpus.case(number))) for number in range(count)]
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    index = tantivy.Index(build_schema(), path=str(directory), reuse=False)
    register_analyzers(index)
    writer = index.writer(engine.heap, engine.threads)
    started = time.perf_counter()
    for document in documents:
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    elapsed = time.perf_counter() - started
    shutil.rmtree(directory, ignore_errors=True)
    return count / elapsed


def run_size(size: int, corpus: Corpus, workdir: Path, queries: int) -> tuple[list[Row], dict[str, float]]:
    """Build the index over `size` cases and time every query kind; rows of the table and raw figures."""
    shutil.rmtree(workdir, ignore_errors=True)
    engine = EmbeddedEngine(workdir / "engine", writer_memory_mb=512)
    generating = 0.0

    def cases() -> Iterator[Case]:
        nonlocal generating
        for number in range(size):
            started = time.perf_counter()
            case = Case.model_validate(corpus.case(number))
            generating += time.perf_counter() - started
            yield case

    started = time.perf_counter()
    engine.rebuild(cases())
    engine_build = time.perf_counter() - started - generating
    figures: dict[str, float] = {"build": size / engine_build}
    rows: list[Row] = [
        ("build (cases/s)", f"{size / engine_build:,.0f}", "-", "-", "-"),
        ("  (generator + Case validation, cases/s)", f"{size / generating:,.0f}", "-", "-", "-"),
    ]
    index_path = versions.current(engine.root, SCHEMA_VERSION).path
    index = tantivy.Index.open(str(index_path))
    register_analyzers(index)
    for kind, reqs in requests(corpus).items():
        direct, same = raw_runners(index, engine, reqs)
        # Interleaved in rounds, so a burst of load from other processes hits every implementation alike.
        results: dict[str, list[float]] = {"engine": [], "direct": [], "same": [], "one-pass": []}
        runners: dict[str, Callable[[int], object]] = {
            "engine": lambda i, reqs=reqs: engine.search(reqs[i % len(reqs)]),  # type: ignore[misc]
            "direct": direct,
            "same": same,
            "one-pass": one_pass_runner(index_path, engine, reqs),
        }
        for run in runners.values():
            for i in range(min(30, queries)):  # warm-up
                run(i)
        for i in range(queries):
            for name, run in runners.items():
                began = time.perf_counter()
                run(i)
                results[name].append(time.perf_counter() - began)
        cuts = {name: percentiles(samples) for name, samples in results.items()}
        for label, position in (("p50", 0), ("p95", 1), ("p99", 2)):
            rows.append(
                (
                    f"{kind} {label} ms",
                    f"{cuts['engine'][position]:.2f}",
                    f"{cuts['direct'][position]:.2f}",
                    f"{cuts['same'][position]:.2f}",
                    f"{cuts['one-pass'][position]:.2f}" if _facets_module() else "-",
                )
            )
            figures[f"{kind} {label}"] = cuts["engine"][position]
            figures[f"{kind} {label} direct"] = cuts["direct"][position]
            figures[f"{kind} {label} one-pass"] = cuts["one-pass"][position]
    bare = requests(corpus)["(a) plain query"]
    highlighted = [r.model_copy(update={"highlight": True}) for r in bare]
    # Interleaved with the same requests without snippets, as the rows above are with their baselines: a burst of
    # load from other processes hits both alike, and the ratio (the target) is read within the same rounds.
    paired: dict[bool, list[float]] = {False: [], True: []}
    for i in range(min(30, queries)):  # warm-up
        engine.search(bare[i % len(bare)])
        engine.search(highlighted[i % len(highlighted)])
    for i in range(queries):
        for snippets, chosen in ((False, bare), (True, highlighted)):
            began = time.perf_counter()
            engine.search(chosen[i % len(chosen)])
            paired[snippets].append(time.perf_counter() - began)
    with_snippets, without = percentiles(paired[True]), percentiles(paired[False])
    figures["(a) snippets p50"], figures["(a) snippets bare p50"] = with_snippets[0], without[0]
    rows.append(("(a) + snippets p50 ms", f"{with_snippets[0]:.2f}", "-", "-", "-"))
    rows.append(("  (a) without snippets, same rounds, p50 ms", f"{without[0]:.2f}", "-", "-", "-"))
    # The same rotating (b) requests again through the request cache (`caselaw.search.cache`): after the warm-up
    # every one is a hit, the price of a preset search a widget repeats.
    engine.cache = RequestCache(2048, 64 * 2**20)
    repeated = requests(corpus)["(b) query+3 filters+8 facets"]
    cached = timed(lambda i: engine.search(repeated[i % len(repeated)]), queries)
    engine.cache = None
    rows.append(("(b) repeated, request cache p50/p99 ms", f"{cached[0]:.3f} / {cached[2]:.3f}", "-", "-", "-"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("index size MiB", f"{directory_size(workdir / 'engine') / 2**20:,.0f}", "(same index)", "-", "-"))
    rows.append(("peak RSS of the run MiB", f"{peak:,.0f}", "(same process)", "-", "-"))
    # After the memory reading: this baseline holds its documents in memory.
    sample = min(size, WRITER_SAMPLE)
    figures["build raw writer"] = raw_writer_rate(corpus, sample, workdir / "raw-writer", engine)
    rows.insert(
        1,
        (
            f"  raw tantivy writer alone, {sample:,} docs (cases/s)",
            f"{figures['build raw writer']:,.0f}",
            "-",
            "-",
            "-",
        ),
    )
    engine.close()
    return rows, figures


KINDS = ("(a) plain query", "(b) query+3 filters+8 facets", "(c) match-all+8 facets")


def targets(figures: dict[int, dict[str, float]]) -> list[Target]:
    """The issue's targets, judged on this run's figures."""
    found: list[Target] = []
    for size, measured in figures.items():
        for kind in KINDS:
            ours, direct = measured[f"{kind} p50"], measured[f"{kind} p50 direct"]
            found.append(
                Target(
                    f"{size:,}: {kind} p50 <= {DIRECT_RATIO}x raw direct",
                    f"{ours:.2f} / {direct:.2f} ms = {ours / direct:.2f}x",
                    ours <= DIRECT_RATIO * direct,
                )
            )
        snippets, bare = measured["(a) snippets p50"], measured["(a) snippets bare p50"]
        found.append(
            Target(
                f"{size:,}: (a) + snippets p50 <= {SNIPPET_RATIO:g}x without",
                f"{snippets:.2f} / {bare:.2f} ms = {snippets / bare:.2f}x",
                snippets <= SNIPPET_RATIO * bare,
            )
        )
        found.append(
            Target(
                f"{size:,}: build >= {BUILD_RATE:,.0f} cases/s",
                f"{measured['build']:,.0f} (raw writer alone: {measured['build raw writer']:,.0f})",
                measured["build"] >= BUILD_RATE,
            )
        )
    b_kind = KINDS[1]
    if _facets_module() is not None:
        for size, measured in figures.items():
            for label in ("p50", "p99"):
                ours, one_pass = measured[f"{b_kind} {label}"], measured[f"{b_kind} {label} one-pass"]
                found.append(
                    Target(
                        f"{size:,}: (b) {label} <= {ONE_PASS_RATIO}x raw one-pass",
                        f"{ours:.2f} / {one_pass:.2f} ms = {ours / one_pass:.2f}x",
                        ours <= ONE_PASS_RATIO * one_pass,
                    )
                )
    at_100k = figures.get(100_000)
    for label, limit in (("p50", B_P50_MS), ("p99", B_P99_MS)):
        value = at_100k[f"{b_kind} {label}"] if at_100k else None
        found.append(
            Target(
                f"100,000: (b) {label} <= {limit:g} ms",
                f"{value:.2f} ms" if value is not None else "not run",
                value <= limit if value is not None else None,
            )
        )
    sizes = sorted(figures)
    for small, large in itertools.pairwise(sizes):
        for kind in KINDS:
            ratio = figures[large][f"{kind} p50"] / figures[small][f"{kind} p50"]
            found.append(
                Target(
                    f"{small:,} -> {large:,}: {kind} p50 grows sub-linearly (< {large / small:g}x)",
                    f"{ratio:.2f}x",
                    ratio < large / small,
                )
            )
    if 1_000_000 not in figures:
        found.append(Target("100,000 -> 1,000,000: sub-linear growth", "not run (add 1000000 to --sizes)", None))
    return found


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Rows as aligned columns."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def side_by_side(corpus: Corpus, sizes: list[int], engines: list[str], args: argparse.Namespace) -> None:
    """The same corpus and queries on each of `engines` in turn (see `compare`), as one table."""
    kinds = {kind: reqs for kind, reqs in requests(corpus).items() if kind in KINDS}
    table: list[tuple[str, ...]] = []
    for size in sizes:
        print(f"running {size:,} cases on {', '.join(engines)} ...", flush=True)

        def cases(size: int = size) -> Iterator[Case]:
            return (Case.model_validate(corpus.case(number)) for number in range(size))

        table += compare.compare(engines, size, cases, kinds, args.queries, args.dir)
    ratio = (f"{engines[1]}/{engines[0]}",) if len(engines) == 2 else ()
    print()
    print_table(("size", "measure", *engines, *ratio), table)


def main() -> None:
    """Parse arguments, run every size, print the table and the targets."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated corpus sizes.")
    parser.add_argument("--queries", type=int, default=300, help="Timed queries per kind and implementation.")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/caselaw-bench"), help="Scratch directory.")
    parser.add_argument("--keep", action="store_true", help="Keep the indexes afterwards.")
    parser.add_argument(
        "--engine",
        choices=["embedded", "opensearch", "elasticsearch"],
        default="embedded",
        help="Engine to measure; a cluster engine runs the same queries without raw-tantivy baselines.",
    )
    parser.add_argument(
        "--compare", action="store_true", help="Embedded and OpenSearch side by side on the same corpus."
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    corpus = Corpus()
    print(f"synthetic corpus ready in {time.perf_counter() - started:.1f} s", flush=True)
    if args.compare or args.engine != "embedded":
        side_by_side(corpus, sizes, ["embedded", "opensearch"] if args.compare else [args.engine], args)
        return
    print("\nconcept document frequency: fixture corpus (32 real cases) vs generated (1,000-case sample)")
    print_table(("concept", "fixtures", "generated"), keyword_report(corpus, QUERIES))
    print()
    header = (
        "size",
        "measure",
        "engine",
        "raw direct",
        "raw same",
        "raw one-pass",
        "engine/direct",
        "engine/same",
        "engine/one-pass",
    )
    table: list[tuple[str, ...]] = []
    figures: dict[int, dict[str, float]] = {}
    for size in sizes:
        print(f"running {size:,} cases ...", flush=True)
        rows, figures[size] = run_size(size, corpus, args.dir / str(size), args.queries)
        for measure, ours, direct, same, one_pass in rows:
            ratios = ("", "", "")
            if measure.endswith(" ms") and direct not in ("-", ""):
                ratios = (
                    f"{float(ours) / float(direct):.2f}x",
                    f"{float(ours) / float(same):.2f}x",
                    f"{float(ours) / float(one_pass):.2f}x" if one_pass != "-" else "-",
                )
            table.append((f"{size:,}", measure, ours, direct, same, one_pass, *ratios))
        if not args.keep:
            shutil.rmtree(args.dir / str(size), ignore_errors=True)
    print()
    print_table(header, table)
    print()
    verdicts = {True: "PASS", False: "FAIL", None: "-"}
    print_table(
        ("target", "measured", "verdict"),
        [(t.name, t.measured, verdicts[t.passed]) for t in targets(figures)],
    )


if __name__ == "__main__":
    main()
