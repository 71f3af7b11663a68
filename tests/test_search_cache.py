"""The request cache: a repeated request is answered from it, a commit empties it, its bounds hold, and its
counters reach `/metrics`."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from caselaw.api.metrics import Metrics
from caselaw.search import SearchRequest
from caselaw.search.cache import RequestCache, request_key
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.response import SearchResponse
from tests.search_contract.mini_corpus import mini_corpus, variant


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[EmbeddedEngine]:
    """An embedded engine over the mini corpus, with a request cache."""
    built = EmbeddedEngine(tmp_path / "index", writer_memory_mb=32, writer_threads=1)
    built.rebuild(mini_corpus())
    built.cache = RequestCache(max_entries=100, max_bytes=10 * 1024 * 1024)
    yield built
    built.close()


def _request(**fields: object) -> SearchRequest:
    return SearchRequest.model_validate({"mode": "keyword", **fields})


def test_the_same_request_is_a_hit_in_any_filter_order(engine: EmbeddedEngine) -> None:
    assert engine.cache is not None
    first = engine.search(_request(q="housing", filters={"right": ["housing", "forced-evictions"]}))
    again = engine.search(_request(q=" housing ", filters={"right": ["forced-evictions", "housing"]}))
    assert again is first
    assert (engine.cache.stats.hits, engine.cache.stats.misses) == (1, 1)
    engine.search(_request(q="housing", page=2, size=1))
    assert engine.cache.stats.misses == 2


def test_a_commit_empties_the_cache(engine: EmbeddedEngine) -> None:
    assert engine.cache is not None
    before = engine.search(_request(q="Grootboom"))
    engine.upsert([variant("en-eviction-copy", titles={"en": {"full": "Grootboom again"}})])
    after = engine.search(_request(q="Grootboom"))
    assert after is not before
    assert (engine.cache.stats.hits, engine.cache.stats.misses, engine.cache.stats.invalidations) == (0, 2, 1)
    assert after.total == before.total + 1
    engine.rebuild(mini_corpus())  # a new generation
    assert engine.search(_request(q="Grootboom")) is not after
    assert engine.cache.stats.misses == 3


def test_the_bounds_hold(engine: EmbeddedEngine) -> None:
    engine.cache = RequestCache(max_entries=3, max_bytes=10 * 1024 * 1024)
    for page in range(1, 6):
        engine.search(_request(size=1, page=page))
    assert (engine.cache.entries, engine.cache.stats.evictions) == (3, 2)
    one = engine.cache.bytes // 3
    engine.cache = RequestCache(max_entries=100, max_bytes=one * 2 + one // 2)
    for page in range(1, 6):
        engine.search(_request(size=1, page=page))
    assert engine.cache.entries == 2
    assert engine.cache.bytes <= engine.cache.max_bytes


def test_an_engine_without_a_generation_is_never_cached() -> None:
    cache = RequestCache(max_entries=10, max_bytes=1 << 20)
    made: list[SearchResponse] = []

    def compute() -> SearchResponse:
        made.append(SearchResponse(total=0, page=1, size=20, hits=[], facets=[], expansions_applied=[], took_ms=0.0))
        return made[-1]

    cache.fetch(None, _request(), compute)
    cache.fetch(None, _request(), compute)
    assert len(made) == 2 and cache.entries == 0


def test_the_key_ignores_what_cannot_change_an_answer() -> None:
    assert request_key(_request(q="a  b", facet_keys=["region", "right"])) == request_key(
        _request(q="a b", facet_keys=["right", "region"])
    )
    assert request_key(_request(q="a b")) != request_key(_request(q="a b", lang="fr"))


def test_counters_reach_the_metrics(engine: EmbeddedEngine) -> None:
    metrics = Metrics()
    assert b"caselaw_search_cache_hits" not in metrics.exposition()
    metrics.cache.watch(engine.cache)
    engine.search(_request(q="housing"))
    engine.search(_request(q="housing"))
    text = metrics.exposition().decode()
    assert "caselaw_search_cache_hits_total 1.0" in text
    assert "caselaw_search_cache_misses_total 1.0" in text
    assert "caselaw_search_cache_entries 1.0" in text


# Another writer's commits. tantivy's reader follows them only when its file watcher next polls `meta.json` (every
# 500 ms): a read in between answered from the previous commit, with or without the cache (`/readyz` once counted
# 20 cases of 32 right after a `caselaw ingest` in another process ended). Each read now brings the reader up to
# the last commit first.

_OTHER_PROCESS_WRITES = """
import sys
from pathlib import Path
from caselaw.search.embedded import EmbeddedEngine
from tests.search_contract.mini_corpus import variant
writer = EmbeddedEngine(Path(sys.argv[1]), writer_memory_mb=32, writer_threads=1)
for line in sys.stdin:
    writer.upsert([variant(line.strip(), titles={"en": {"full": "Grootboom again"}})])
    print("committed", flush=True)
"""


@contextlib.contextmanager
def _other_process(root: Path) -> Iterator[Callable[[str], None]]:
    """A process upserting one more "Grootboom" case per call, as `caselaw ingest` beside the API does; each call
    returns once the commit is made, the process still running (its exit must not give the watcher time)."""
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-c", _OTHER_PROCESS_WRITES, str(root)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env) as process:
        assert process.stdin is not None and process.stdout is not None
        stdin, stdout = process.stdin, process.stdout

        def commit(case_id: str) -> None:
            stdin.write(case_id + "\n")
            stdin.flush()
            assert stdout.readline().strip() == "committed"

        yield commit
        stdin.close()
        assert process.wait(timeout=60) == 0


def test_a_commit_in_another_process_is_seen_by_the_next_identical_search(engine: EmbeddedEngine) -> None:
    assert engine.cache is not None
    request = _request(q="Grootboom", facets=True)
    before = engine.search(request)
    count = engine.count()
    assert engine.search(request) is before  # a hit
    with _other_process(engine.root) as commit:
        for n in range(3):
            commit(f"en-eviction-elsewhere-{n}")
            assert engine.count() == count + 1 + n
            after = engine.search(request)
            assert after.total == before.total + 1 + n
            assert engine.run_search(request).total == after.total  # the uncached path agrees
    assert engine.cache.stats.invalidations == 3


def test_another_engine_on_the_same_index_is_seen_at_once(engine: EmbeddedEngine) -> None:
    """Deterministic where a process's start-up may outlast the watcher's poll: the writer's commit is followed at
    once by every kind of read of the other engine."""
    assert engine.cache is not None
    writer = EmbeddedEngine(engine.root, writer_memory_mb=32, writer_threads=1)
    request = _request(q="Grootboom")
    for n in range(5):
        total, count = engine.search(request).total, engine.count()
        again = engine.search(request)
        assert again.total == total  # a hit, the same answer
        writer.upsert([variant(f"en-eviction-twin-{n}", titles={"en": {"full": "Grootboom again"}})])
        assert engine.count() == count + 1
        assert engine.search(request).total == total + 1
        assert engine.run_search(request).total == total + 1
        assert engine.get(f"en-eviction-twin-{n}").id == f"en-eviction-twin-{n}"
        writer.delete(f"en-eviction-twin-{n}")
        assert engine.count() == count
        assert engine.search(request).total == total
    writer.close()


def test_a_rebuild_in_another_engine_is_seen_at_once(engine: EmbeddedEngine) -> None:
    writer = EmbeddedEngine(engine.root, writer_memory_mb=32, writer_threads=1)
    request = _request(q="Grootboom")
    total, count = engine.search(request).total, engine.count()
    writer.rebuild([*mini_corpus(), variant("en-eviction-rebuilt", titles={"en": {"full": "Grootboom again"}})])
    assert (engine.count(), engine.search(request).total) == (count + 1, total + 1)
    writer.rebuild(mini_corpus())
    assert (engine.count(), engine.search(request).total) == (count, total)
    writer.close()
