"""Conversion in worker processes: documents come back in the cases' order, errors reach the caller, and a cluster
rebuild through the workers and concurrent bulk requests indexes what a serial one does."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from caselaw.errors import CaselawError
from caselaw.models import Case
from caselaw.search import SearchRequest, parallel
from caselaw.search.cluster import indexer
from caselaw.search.cluster.base import ClusterEngine
from caselaw.search.cluster.elastic import ElasticsearchEngine
from caselaw.search.cluster.opensearch import OpenSearchEngine
from caselaw.search.embedded import EmbeddedEngine
from tests.search_contract import clusters
from tests.search_contract.mini_corpus import mini_corpus, variant


def case_id_of(case: Case) -> str:
    """A conversion a worker can run (module-level: pickled by reference)."""
    return case.id


def refuse_the_fifth(case: Case) -> str:
    """A conversion failing on one case."""
    if case.id.endswith("-5"):
        raise ValueError(f"cannot convert {case.id}")
    return case.id


def _cases(count: int) -> list[Case]:
    return [variant(f"en-copy-{n}") for n in range(count)]


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers after 3 cases, 2 cases a task: a handful of cases goes through the pool."""
    monkeypatch.setattr(parallel, "INLINE", 3)
    monkeypatch.setattr(parallel, "CHUNK", 2)


@pytest.mark.usefixtures("small_pool")
def test_documents_come_back_in_order_from_the_workers() -> None:
    cases = _cases(23)
    assert list(parallel.converted(iter(cases), case_id_of, workers=2)) == [case.id for case in cases]
    assert list(parallel.converted(cases, case_id_of, workers=1)) == [case.id for case in cases]
    assert list(parallel.converted([], case_id_of, workers=2)) == []


@pytest.mark.usefixtures("small_pool")
def test_a_failed_conversion_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="en-copy-5"):
        list(parallel.converted(_cases(12), refuse_the_fifth, workers=2))


@pytest.mark.usefixtures("small_pool")
@pytest.mark.parametrize("name", ["opensearch", "elasticsearch"])
def test_a_cluster_rebuild_through_workers_and_concurrent_requests(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    clusters.require(name)
    monkeypatch.setattr(indexer, "BATCH_DOCS", 2)  # several bulk requests in flight
    monkeypatch.setattr(indexer, "CONVERT_WORKERS", 2)
    prefix = f"{clusters.RUN_PREFIX}-px{secrets.token_hex(3)}"
    settings = clusters.settings_for(name, prefix)
    engine: ClusterEngine = OpenSearchEngine(settings) if name == "opensearch" else ElasticsearchEngine(settings)
    try:
        corpus = mini_corpus() + [
            variant(f"en-eviction-copy-{n}", titles={"en": {"full": f"Grootboom again {n}"}}) for n in range(9)
        ]
        assert engine.rebuild(corpus) == len(corpus)
        assert engine.count() == len(corpus)
        found = engine.search(SearchRequest(q="Grootboom", mode="keyword", size=20))
        assert {hit.id for hit in found.hits} >= {f"en-eviction-copy-{n}" for n in range(9)}
        assert indexer.pending_indices(engine) == []
    finally:
        try:
            for index in engine.request("GET", f"/{prefix}-*") or {}:
                engine.request("DELETE", f"/{index}", missing_ok=True)
        except CaselawError:
            pass
        engine.close()


@pytest.mark.usefixtures("small_pool")
def test_an_embedded_rebuild_through_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where cores are left beside the writer's threads, workers convert: the index is the same."""
    engine = EmbeddedEngine(tmp_path / "index", writer_memory_mb=32, writer_threads=1)
    monkeypatch.setattr(engine, "converting_workers", lambda: 2)
    corpus = mini_corpus() + [
        variant(f"en-eviction-copy-{n}", titles={"en": {"full": f"Grootboom again {n}"}}) for n in range(9)
    ]
    assert engine.rebuild(corpus) == engine.count() == len(corpus)
    found = engine.search(SearchRequest(q="Grootboom", mode="keyword", size=20, facet_keys=["forum"]))
    assert {hit.id for hit in found.hits} >= {f"en-eviction-copy-{n}" for n in range(9)}
    assert sum(value.count for facet in found.facets for value in facet.values) == found.total
    engine.close()


def test_batches_are_bounded_by_bytes_and_sent_as_serialised(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = [indexer.prepare(case) for case in mini_corpus()]
    largest = max(len(document) for _, document in prepared)
    monkeypatch.setattr(indexer, "BATCH_BYTES", largest * 2)
    found = list(indexer.batches(prepared))
    assert [item for batch in found for item in batch] == prepared
    # A batch closes once it reaches the bound: everything but its last document stays below it.
    assert all(sum(len(document) for _, document in batch[:-1]) < largest * 2 for batch in found)
    body = indexer.ndjson(indexer.operations(found[0], "some-index", "create"))
    lines = body.split(b"\n")
    assert lines[-1] == b"" and len(lines) == 2 * len(found[0]) + 1
    assert json.loads(lines[0]) == {"create": {"_index": "some-index", "_id": found[0][0][0]}}
    assert lines[1] == found[0][0][1] and json.loads(lines[1])["id"] == found[0][0][0]
