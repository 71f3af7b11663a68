"""Load-test `caselaw serve` over loopback HTTP; print req/s, p50/p99 and errors per endpoint and concurrency.

    PYTHONPATH=. .venv/bin/python benchmarks/api_load.py [--size 100000] [--workers 1,2] [--seconds 8]
                                                         [--client raw,httpx] [--dir var/bench-api] [--rebuild]
                                                         [--kinds ...] [--cache off,on] [--cache-entries 2048]
                                                         [--zipf 1.0]

The data directory (the fixture corpus plus `--size` synthetic cases from `corpus.py`, in the store and the
embedded index) is built once and reused from `--dir` while its stamp matches (the index alone is rebuilt
when the engine's format changed). Then, for each `--workers` count, `caselaw serve` starts on a free
loopback port with rate limits off, and async clients drive it at concurrency 1, 8 and 32, one keep-alive
connection per concurrent loop, with three request kinds:

* **faceted search**: the search benchmark's query (b), a text query with 3 filters and 8 facets, page of
  10, no snippets — the same rotating list of questions as `benchmarks/search.py`;
* **case detail**: `GET /cases/{id}` of random cases (whole records with text, ~10 KB of JSON);
* **suggest**: `GET /suggest?q=` with 3-letter prefixes of case names;
* **search mix**: the realistic mix, 1,000 distinct searches drawn in Zipf proportions (rank r with weight
  1/(r+1)^`--zipf`): words of five languages (taxonomy keywords and the corpus' vocabulary), 0-3 filters,
  pages 1-5, four sorts, as the search page (every facet, 20 hits, snippets), API clients (8 facets, 10 hits)
  and the widget (5 hits, no facets) ask (`mix_params`). It runs once against a server without the request
  cache and once with it (`--cache`, `CASELAW_SEARCH_CACHE_ENTRIES`), same sequence; each row's cache hit rate
  comes from the server's `/metrics` counters (every worker's: each process has its own cache).

Two clients: `httpx` (httpx.AsyncClient) and `raw`, a minimal HTTP/1.1 client on an asyncio protocol and uvloop.
Client and server share the machine's cores, and httpx costs ~1.5 ms of Python per request (`raw` ~0.1 ms), so the
`raw` rows are closer to what the server can do and the `httpx` rows to what one Python client sees. Each row
reports the server's CPU per request (every server process and thread, from `/proc`: the figure to compare while
other work shares the machine) and the client's share of the CPU the two used.

**Engine baseline and API overhead**: before the load rows, each faceted search is timed in this process's
own engine and then sent over HTTP (raw client) to the idle server, in turn, for `--probes` pairs; the
engine p50 is the baseline, and the median per-pair difference is the API overhead (HTTP parsing,
validation, serialisation, middleware, loopback), measured in the same run and under the same load. The
engine's CPU time per search (all its threads) gives the **engine-only ceiling**: cores / CPU per search,
the throughput no server could pass on this machine with this engine even with free HTTP and no client.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

import httpx
from corpus import Corpus, keyword_phrases  # benchmarks/corpus.py, beside this script
from search import FACETS_8, QUERIES  # benchmarks/search.py: the same questions as the engine benchmark
from server import process_cpu, start_server, stop_server  # benchmarks/server.py

from caselaw.api.params import SearchParams, to_request
from caselaw.config import Settings
from caselaw.errors import CaselawError
from caselaw.models import Case
from caselaw.search import SearchEngine, SearchRequest, open_engine, reindex
from caselaw.store import CaseStore, open_store
from caselaw.store.jsonl import import_jsonl
from caselaw.taxonomy import get_taxonomy

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "corpus.jsonl"
CONCURRENCY = (1, 8, 32)
TARGET_RPS = 300.0
TARGET_P99_MS = 100.0
TARGET_OVERHEAD_MS = 2.0
TARGET_MIX_RPS = 400.0
KINDS = ("faceted search", "case detail", "suggest")
MIX = "search mix"
"""The realistic mix: 1,000 distinct searches in Zipf proportions (`mix_params`)."""


# -- the data directory ------------------------------------------------------------------------------------


def build(directory: Path, size: int, corpus: Corpus, rebuild: bool) -> None:
    """The fixtures plus `size` synthetic cases in the store and the index; reused while the stamp matches."""
    stamp = directory / "bench-stamp.json"
    wanted = {"size": size, "seed": corpus.seed}
    settings = Settings(data_dir=directory)
    if not rebuild and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        # The engine's index format may have changed since (another schema version): rebuild only the index.
        engine = open_engine(settings)
        try:
            engine.count()
            print(f"reusing {directory} ({size:,} synthetic cases)")
            return
        except CaselawError as error:
            print(f"index not usable ({error.message}): reindexing")
            with open_store(settings) as store:
                _reindex(engine, store)
            return
        finally:
            engine.close()
    shutil.rmtree(directory, ignore_errors=True)
    started = time.perf_counter()
    with open_store(settings) as store:
        import_jsonl(store, FIXTURES.read_text(encoding="utf-8").splitlines())
        for number in range(size):
            store.put_case(Case.model_validate(corpus.case(number)), touch=False)
            if number and number % 10_000 == 0:
                print(f"  stored {number:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
        engine = open_engine(settings)
        try:
            _reindex(engine, store)
        finally:
            engine.close()
    stamp.write_text(json.dumps(wanted))
    print(f"built {directory} in {time.perf_counter() - started:.0f} s")


def _reindex(engine: SearchEngine, store: CaseStore) -> None:
    started = time.perf_counter()
    count = reindex(engine, store)
    print(f"  indexed {count:,} cases in {time.perf_counter() - started:.0f} s", flush=True)


# -- requests ----------------------------------------------------------------------------------------------


def search_params(corpus: Corpus) -> list[list[tuple[str, str]]]:
    """Query strings of the faceted search: benchmark (b)'s questions as API parameters."""
    rng = random.Random(3)  # the seed of benchmarks/search.py, so the filters are the same
    found = []
    for q in QUERIES:
        params = [
            ("q", q),
            ("right", rng.choice(corpus.rights[:6])),
            ("region", rng.choice(["africa", "europe-central-asia", "latin-america-caribbean"])),
            ("decision_type", rng.choice(corpus.types[:2])),
            ("size", "10"),
            ("highlight", "false"),
        ]
        found.append(params + [("facet", key) for key in FACETS_8])
    return found


def engine_requests(params: list[list[tuple[str, str]]]) -> list[SearchRequest]:
    """The engine requests the API builds from those parameters (what the baseline times)."""
    built = []
    for pairs in params:
        lists: dict[str, list[str]] = {}
        values: dict[str, object] = {}
        for key, value in pairs:
            if key in {"right", "region", "decision_type", "facet"}:
                lists.setdefault(key, []).append(value)
            else:
                values[key] = value
        built.append(to_request(SearchParams.model_validate(values | lists), "en"))
    return built


MIX_SIZE = 1000
"""Distinct requests of the realistic mix."""
MIX_LANGUAGES = {"en": 0.45, "es": 0.2, "fr": 0.15, "pt": 0.1, "ar": 0.1}
MIX_FILTERS = ("right", "issue", "region", "decision_type", "outcome", "state", "forum", "year", "original_language")
MIX_SORTS = {"relevance": 0.7, "date_desc": 0.15, "cited_desc": 0.1, "date_asc": 0.05}
MIX_CLIENTS = {"search page": 0.7, "API client": 0.2, "widget": 0.1}


def mix_params(corpus: Corpus, count: int = MIX_SIZE, seed: int = 5) -> list[list[tuple[str, str]]]:
    """`count` distinct searches as people and pages send them, most popular first (the Zipf rank is the index).

    Words: 1-3 per query in one of five languages, taxonomy keywords (what people type; the corpus mentions them)
    or words of the corpus' own vocabulary, drawn by their frequency; one query in ten is empty (browsing by
    filters). Filters: 0-3 facets with values of the taxonomy (or a year), Zipf-weighted like the corpus' tags.
    Pages 1-5, four sorts. Clients: the search page (every facet counted, 20 hits, snippets), API clients (8
    facets, 10 hits, no snippets) and the embeddable widget (5 hits, no facets, snippets).
    """
    rng = random.Random(seed)
    taxonomy = get_taxonomy()
    keywords = {lang: sorted({t for terms in keyword_phrases(lang).values() for t in terms}) for lang in MIX_LANGUAGES}
    vocabulary = {lang: corpus.vocab[lang][0][:2000] for lang in MIX_LANGUAGES}
    values: dict[str, list[str]] = {
        "right": corpus.rights, "issue": corpus.issues, "region": sorted(taxonomy.codes("regions")),
        "decision_type": corpus.types, "outcome": corpus.outcomes, "state": corpus.countries,
        "forum": [forum.code for forum in corpus.forums], "year": [str(y) for y in range(2024, 1979, -1)],
        "original_language": list(MIX_LANGUAGES),
    }  # fmt: skip

    def zipf(items: list[str]) -> str:
        return rng.choices(items, weights=[1 / (rank + 1) for rank in range(len(items))])[0]

    def pick(weights: dict[str, float]) -> str:
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    found: dict[str, list[tuple[str, str]]] = {}
    while len(found) < count:
        language = pick(MIX_LANGUAGES)
        words = []
        if rng.random() >= 0.1:
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                source = keywords[language] if rng.random() < 0.6 else vocabulary[language]
                words.append(rng.choice(source) if source is keywords[language] else zipf(source))
        params = [("q", " ".join(words))] if words else []
        for key in rng.sample(MIX_FILTERS, rng.choice((0, 1, 1, 2, 2, 3))):
            params.append((key, zipf(values[key])))
        page = rng.choices((1, 2, 3, 4, 5), weights=(70, 15, 7, 5, 3))[0]
        if page > 1:
            params.append(("page", str(page)))
        sort = pick(MIX_SORTS)
        if sort != "relevance":
            params.append(("sort", sort))
        client = pick(MIX_CLIENTS)
        if client == "search page":
            params += [("size", "20"), ("lang", language)]
        elif client == "API client":
            params += [("size", "10"), ("highlight", "false")] + [("facet", key) for key in FACETS_8]
        else:
            params += [("size", "5"), ("facets", "false"), ("lang", language)]
        found.setdefault(urlencode(params), params)
    return list(found.values())


def zipf_sequence(count: int, length: int, exponent: float, seed: int = 13) -> list[int]:
    """`length` draws of request ranks 0..count-1 with probability proportional to 1 / (rank + 1) ** exponent."""
    rng = random.Random(seed)
    weights = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))
    return rng.choices(range(count), cum_weights=weights, k=length)


def cache_counters(base: str, scrapes: int) -> tuple[int, int]:
    """(hits, misses) of the request caches of every server process, from `/metrics`.

    Each process counts its own; a new connection reaches any of them, so `/metrics` is read `scrapes` times and
    each distinct set of counters counted once (two processes with equal counters count once: rare, as both
    grow with every search)."""
    seen: set[tuple[int, int]] = set()
    for _ in range(scrapes):
        text = httpx.get(f"{base}/metrics", timeout=10, headers={"Connection": "close"}).text
        numbers = dict.fromkeys(("hits", "misses"), 0)
        for line in text.splitlines():
            for name in numbers:
                if line.startswith(f"caselaw_search_cache_{name}_total "):
                    numbers[name] = int(float(line.split()[1]))
        seen.add((numbers["hits"], numbers["misses"]))
    return sum(h for h, _ in seen), sum(m for _, m in seen)


@dataclass
class Probe:
    """The engine's latency and the API's over HTTP for the same searches, one at a time, interleaved."""

    engine: list[float]
    http: list[float]
    engine_cpu: list[float]

    @property
    def engine_p50(self) -> float:
        """Engine p50, ms."""
        return _cut(self.engine, 50)

    @property
    def engine_p99(self) -> float:
        """Engine p99, ms."""
        return _cut(self.engine, 99)

    @property
    def http_p50(self) -> float:
        """HTTP p50 (raw client), ms."""
        return _cut(self.http, 50)

    @property
    def engine_cpu_mean(self) -> float:
        """Mean CPU time of one engine search, all its threads, ms."""
        return statistics.fmean(self.engine_cpu) * 1000

    @property
    def ceiling_rps(self) -> float:
        """Searches/s the machine's cores could run if they did nothing but the engine's work: no HTTP, no client."""
        return (os.cpu_count() or 1) * 1000 / self.engine_cpu_mean

    @property
    def overhead_p50(self) -> float:
        """Median of the per-query difference HTTP minus engine, ms."""
        return statistics.median(h - e for h, e in zip(self.http, self.engine, strict=True)) * 1000


async def overhead_probe(
    base: str, directory: Path, paths: list[str], requests: list[SearchRequest], count: int
) -> Probe:
    """Each faceted search timed in this process's engine, then over HTTP, in turn: load from elsewhere hits
    both alike, and the difference is what the API adds (HTTP, validation, serialisation, middleware)."""
    engine = open_engine(Settings(data_dir=directory))
    parsed = httpx.URL(base)
    connection = RawConnection(parsed.host, parsed.port or 80)
    probe = Probe([], [], [])
    try:
        for i in range(30 + count):
            # Process CPU time counts every thread of this process, the facet passes' pool included.
            cpu = time.process_time()
            began = time.perf_counter()
            engine.search(requests[i % len(requests)])
            middle = time.perf_counter()
            cpu = time.process_time() - cpu
            if await connection.get(parsed.path.rstrip("/") + paths[i % len(paths)]) != 200:
                raise SystemExit(f"the API refused {paths[i % len(paths)]}")
            if i >= 30:  # warm-up
                probe.engine.append(middle - began)
                probe.engine_cpu.append(cpu)
                probe.http.append(time.perf_counter() - middle)
    finally:
        await connection.close()
        engine.close()
    return probe


def _cut(samples: list[float], percent: int) -> float:
    if len(samples) < 2:
        return samples[0] * 1000 if samples else float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] * 1000


# -- the server and the client -----------------------------------------------------------------------------


@dataclass
class Result:
    """One row of the table."""

    kind: str
    workers: int
    client: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    cache: str = "off"
    """The server's request cache: `off`, or `on` with its entries per process."""
    hit_rate: float | None = None
    """Share of this row's searches the request caches answered (from `/metrics`), when it has one."""
    client_cpu: float = 0.0
    """CPU seconds the load generator (this process) used during the row."""
    server_cpu: float | None = None
    """CPU seconds the server's processes used during the row."""

    @property
    def client_share(self) -> float:
        """The load generator's share of the CPU time client and server used together (of the client's alone
        when the server's is unknown)."""
        both = self.client_cpu + (self.server_cpu or 0.0)
        return self.client_cpu / both if both else 0.0

    @property
    def server_ms(self) -> float | None:
        """Server CPU per request, ms (every process and thread of it): the figure to compare on a shared machine."""
        return None if self.server_cpu is None or not self.requests else self.server_cpu / self.requests * 1000

    @property
    def rps(self) -> float:
        """Successful requests a second."""
        return (self.requests - self.errors) / self.seconds

    @property
    def p50(self) -> float:
        """Median latency, ms."""
        return _cut(self.latencies, 50)

    @property
    def p99(self) -> float:
        """99th percentile latency, ms."""
        return _cut(self.latencies, 99)


class _Exchange(asyncio.Protocol):
    """One keep-alive connection's protocol: collects a response's bytes until it is whole."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bool]] | None = None
        self.head_end = -1
        self.status = 0
        self.length: int | None = None
        """Content-Length of the response under way; None while its head is incomplete or it is chunked."""
        self.chunked = False
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without deriving from it.
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._check()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("the server closed the connection"))

    def _check(self) -> None:
        if self.waiter is None or self.waiter.done():
            return
        buffer = self.buffer
        if self.head_end < 0:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            self.head_end = end + 4
            lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
            self.status = int(lines[0].split(" ", 2)[1])
            self.length, self.chunked, self.closing = None, False, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    self.length = int(value)
                elif name == "transfer-encoding" and "chunked" in value.lower():
                    self.chunked = True
                elif name == "connection" and value.strip().lower() == "close":
                    self.closing = True
        if self.chunked:
            at = self.head_end
            while True:  # walk the chunks received so far: the last one has size 0
                line_end = buffer.find(b"\r\n", at)
                if line_end < 0:
                    return
                size = int(bytes(buffer[at:line_end]).split(b";")[0], 16)
                at = line_end + 2 + size + 2
                if at > len(buffer):
                    return
                if size == 0:
                    break
            done = at
        else:
            done = self.head_end + (self.length or 0)
            if len(buffer) < done:
                return
        del buffer[:done]
        self.head_end = -1
        self.waiter.set_result((self.status, self.closing))


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client (GET only; Content-Length or chunked bodies) on an asyncio protocol.

    The load generator shares the machine's two cores with the server, so every microsecond it spends is taken
    from the server: httpx spends about 1.5 ms of Python per request, a client on asyncio streams about 0.5 ms
    (their readers and futures); this protocol parses in `data_received` and wakes its request once per response.
    `--client httpx` keeps the full client in the loop; each row reports what the client's process used.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.protocol: _Exchange | None = None

    async def get(self, path: str) -> int:
        """Send one GET and read the whole response; its status."""
        loop = asyncio.get_running_loop()
        if self.protocol is None or self.protocol.transport is None:
            _, self.protocol = await loop.create_connection(_Exchange, self.host, self.port)
        protocol = self.protocol
        assert protocol.transport is not None
        protocol.waiter = loop.create_future()
        protocol.transport.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("latin-1"))
        status, closing = await protocol.waiter
        if closing:
            await self.close()
        return status

    async def close(self) -> None:
        """Close the connection."""
        if self.protocol is not None and self.protocol.transport is not None:
            self.protocol.transport.close()
        self.protocol = None


def run_client(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a client coroutine on uvloop (the server's loop too; installed with uvicorn[standard]) when there."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


async def drive(
    base: str, paths: Callable[[int], str], concurrency: int, seconds: float, client: str = "httpx"
) -> tuple[int, int, list[float]]:
    """Send requests from `concurrency` loops for `seconds`: (requests, errors, latencies in s).

    Each loop has its own keep-alive connection: one httpx client shared by 32 loops spent more time in
    its connection pool than the server spent answering (healthz fell from 425 req/s at 8 to 132 at 32).
    """
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds
    parsed = httpx.URL(base)
    prefix = parsed.path.rstrip("/")

    async def raw_loop(offset: int) -> None:
        nonlocal errors, sent
        raw = RawConnection(parsed.host, parsed.port or 80)
        i = offset
        clock = time.perf_counter
        while (began := clock()) < deadline:
            try:
                ok = await raw.get(prefix + paths(i)) == 200
            except (OSError, ValueError, IndexError):
                ok = False
                await raw.close()
            latencies.append(clock() - began)
            sent += 1
            errors += 0 if ok else 1
            i += concurrency
        await raw.close()

    async def httpx_loop(offset: int) -> None:
        nonlocal errors, sent
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as session:
            i = offset
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    ok = (await session.get(paths(i))).status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - began)
                sent += 1
                errors += 0 if ok else 1
                i += concurrency

    loop = raw_loop if client == "raw" else httpx_loop
    await asyncio.gather(*(loop(n) for n in range(concurrency)))
    return sent, errors, latencies


def run_kind(
    base: str,
    kind: str,
    paths: Callable[[int], str],
    workers: int,
    seconds: float,
    client: str,
    cache: str = "off",
    counters: Callable[[], tuple[int, int]] | None = None,
    server_cpu: Callable[[], float] | None = None,
) -> list[Result]:
    """One request kind at each concurrency, after a short warm-up; with `counters` (the caches' hits and misses),
    each row's hit rate; with `server_cpu` (the server processes' CPU seconds so far), its CPU per request."""
    run_client(drive(base, paths, 4, 1.0, client))
    rows = []
    for concurrency in CONCURRENCY:
        before = counters() if counters is not None else (0, 0)
        server_before = server_cpu() if server_cpu is not None else 0.0
        began = time.perf_counter()
        cpu = time.process_time()
        sent, errors, latencies = run_client(drive(base, paths, concurrency, seconds, client))
        cpu = time.process_time() - cpu
        row = Result(kind, workers, client, concurrency, sent, errors, time.perf_counter() - began, latencies, cache)
        row.client_cpu = cpu
        if server_cpu is not None:
            row.server_cpu = server_cpu() - server_before
        if counters is not None:
            hits, misses = (after - earlier for after, earlier in zip(counters(), before, strict=True))
            row.hit_rate = hits / (hits + misses) if hits + misses else None
        rows.append(row)
        rate = f" hit rate {row.hit_rate:.0%}" if row.hit_rate is not None else ""
        print(
            f"  {kind:<15} workers={workers} cache={cache:<3} {client:<5} c={concurrency:<3} {row.rps:8.0f} req/s"
            f" p99 {row.p99:7.1f} ms{rate} client {row.client_share:.0%} of CPU (load {os.getloadavg()[0]:.1f})"
        )
    return rows


# -- the report --------------------------------------------------------------------------------------------


def print_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A plain aligned table."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    """Build or reuse the data, measure the engine, then each server configuration; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="synthetic cases besides the fixtures")
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "bench-api", help="data directory (cached)")
    parser.add_argument("--workers", default="1,2", help="server process counts to try, comma-separated")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each row")
    parser.add_argument("--probes", type=int, default=500, help="interleaved engine/HTTP pairs for the overhead")
    parser.add_argument("--client", default="raw,httpx", help="load clients to use: raw, httpx or both")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data directory even if cached")
    parser.add_argument("--kinds", default=",".join((*KINDS, MIX)), help="request kinds to run, comma-separated")
    parser.add_argument("--cache", default="off,on", help="request cache settings of the server for the mix")
    parser.add_argument("--cache-entries", type=int, default=2048, help="request cache entries per process when on")
    parser.add_argument("--zipf", type=float, default=1.0, help="exponent of the mix's Zipf distribution")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress shows up when piped

    corpus = Corpus()
    build(args.dir, args.size, corpus, args.rebuild)
    params = search_params(corpus)
    search_paths = [f"/search?{urlencode(pairs)}" for pairs in params]
    rng = random.Random(11)
    ids = [f"bench-{rng.randrange(args.size)}" for _ in range(500)] if args.size else []
    ids += [json.loads(line)["id"] for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng.shuffle(ids)
    prefixes = []
    for number in rng.sample(range(args.size), min(200, args.size)):
        title = next(iter(corpus.case(number)["titles"].values()))["full"]
        prefixes.append(title.split()[0][:3])
    prefixes += ["gro", "endo", "ogi", "yor", "mend", "desal"]
    kinds: dict[str, Callable[[int], str]] = {
        "faceted search": lambda i: search_paths[i % len(search_paths)],
        "case detail": lambda i: f"/cases/{ids[i % len(ids)]}",
        "suggest": lambda i: f"/suggest?{urlencode({'q': prefixes[i % len(prefixes)]})}",
    }
    chosen = args.kinds.split(",")
    kinds = {kind: paths for kind, paths in kinds.items() if kind in chosen}
    mix_paths = [f"/search?{urlencode(pairs)}" for pairs in mix_params(corpus)]
    ranks = zipf_sequence(len(mix_paths), 1_000_003, args.zipf)  # a prime: the loops never fall into step

    def mix(i: int) -> str:
        return mix_paths[ranks[i % len(ranks)]]

    baseline_requests = engine_requests(params)
    clients = args.client.split(",")
    results: list[Result] = []
    probes: dict[int, Probe] = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        for cache in args.cache.split(","):
            if cache == "on" and MIX not in chosen:
                continue
            # The server reads its settings from the environment it inherits.
            os.environ["CASELAW_SEARCH_CACHE_ENTRIES"] = str(args.cache_entries if cache == "on" else 0)
            process, base = start_server(args.dir, workers)
            try:
                server_cpu = partial(process_cpu, process.pid)
                if cache == "off":
                    probes[workers] = run_client(
                        overhead_probe(base, args.dir, search_paths, baseline_requests, args.probes)
                    )
                    for kind, paths in kinds.items():
                        for client in clients:
                            results.extend(
                                run_kind(base, kind, paths, workers, args.seconds, client, server_cpu=server_cpu)
                            )
                if MIX in chosen:
                    label = f"{args.cache_entries}" if cache == "on" else "off"
                    counters = partial(cache_counters, base, 8 * workers) if cache == "on" else None
                    for client in clients:
                        results.extend(
                            run_kind(base, MIX, mix, workers, args.seconds, client, label, counters, server_cpu)
                        )
            finally:
                stop_server(process)

    print(f"\nAPI load on loopback: {args.size:,} synthetic + fixture cases, {os.cpu_count()} cores shared by server")
    print("and client; `raw`: a minimal asyncio HTTP/1.1 client, `httpx`: httpx.AsyncClient, one connection per loop")
    print("cache: the server's request cache (entries per process, or off); hit rate from its `/metrics` counters")
    print("server CPU: ms of CPU per request, every server process and thread (the figure to compare while the machine")
    print("is shared); client CPU: the load generator's share of the CPU that client and server used together")
    print_table(
        ("request", "workers", "cache", "client", "concurrency", "req/s", "p50 ms", "p99 ms", "errors", "requests",
         "hit rate", "server CPU ms", "client CPU"),
        [
            (r.kind, str(r.workers), r.cache, r.client, str(r.concurrency), f"{r.rps:,.0f}", f"{r.p50:.2f}",
             f"{r.p99:.2f}", str(r.errors), str(r.requests), "-" if r.hit_rate is None else f"{r.hit_rate:.0%}",
             "-" if r.server_ms is None else f"{r.server_ms:.2f}", f"{r.client_share:.0%}")
            for r in results
        ],
    )  # fmt: skip
    print("\nengine baseline and API overhead, faceted search, one at a time, interleaved with the same HTTP request")
    print_table(
        ("workers", "engine p50 ms", "engine p99 ms", "engine CPU ms (mean)", "engine-only ceiling req/s",
         "HTTP p50 ms (raw)", "overhead p50 ms"),
        [
            (str(w), f"{p.engine_p50:.2f}", f"{p.engine_p99:.2f}", f"{p.engine_cpu_mean:.2f}", f"{p.ceiling_rps:,.0f}",
             f"{p.http_p50:.2f}", f"{p.overhead_p50:.2f}")
            for w, p in probes.items()
        ],
    )  # fmt: skip
    print(
        f"(engine-only ceiling: {os.cpu_count()} cores / the engine's mean CPU per faceted search, the most any server"
        " on this machine could answer with this engine and nothing else running, client and HTTP excluded)"
    )

    print("\ntargets")
    rows = []
    for workers, client, cache in sorted({(r.workers, r.client, r.cache) for r in results}):
        row = {
            (r.kind, r.concurrency): r for r in results if (r.workers, r.client, r.cache) == (workers, client, cache)
        }
        where = f"workers {workers}, {client}, cache {cache}"
        for kind, wanted in (("faceted search", TARGET_RPS), (MIX, TARGET_MIX_RPS)):
            top = row.get((kind, 32))
            if top is None:
                continue
            rows += [
                (f"{kind} c=32 req/s ({where})", f">= {wanted:.0f}", f"{top.rps:,.0f}",
                 "pass" if top.rps >= wanted else "FAIL"),
                (f"{kind} c=32 p99 ms ({where})", f"<= {TARGET_P99_MS:.0f}", f"{top.p99:.1f}",
                 "pass" if top.p99 <= TARGET_P99_MS else "FAIL"),
            ]  # fmt: skip
        rows.append(
            (f"errors, every row ({where})", "0", str(sum(r.errors for r in row.values())),
             "pass" if all(r.errors == 0 for r in row.values()) else "FAIL"),
        )  # fmt: skip
    for workers, probe in probes.items():
        rows.append(
            (f"API overhead at p50 (workers {workers})", f"<= {TARGET_OVERHEAD_MS:.0f} ms",
             f"{probe.overhead_p50:.2f} ms", "pass" if probe.overhead_p50 <= TARGET_OVERHEAD_MS else "FAIL")
        )  # fmt: skip
    print_table(("target", "wanted", "measured", "result"), rows)


if __name__ == "__main__":
    main()
