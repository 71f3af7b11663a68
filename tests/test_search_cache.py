"""The request cache: a repeated request is answered from it, a commit empties it, its bounds hold, and its
counters reach `/metrics`."""

from __future__ import annotations

from collections.abc import Iterator
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
