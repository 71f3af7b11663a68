"""The concepts cache of rebuilds (`caselaw.search.conversions`): a second rebuild finds concepts only in changed
cases, and whatever is cached or not, the index holds exactly what a rebuild without the cache builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from caselaw.models import Case
from caselaw.search import SearchRequest, conversions, parallel
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.embedded.documents import concept_finder, concept_version, rebuild_document
from caselaw.search.indexable import concept_sources, find_concepts, indexable
from tests.search_contract.mini_corpus import mini_corpus, variant

QUERIES = ("eviction", "desalojo", "expulsion", "housing", "education", "إخلاء", "water")


def _corpus() -> list[Case]:
    return mini_corpus() + [variant(f"en-eviction-copy-{n}") for n in range(3)]


def _answers(engine: EmbeddedEngine) -> list[tuple[int, list[str], list[str]]]:
    """What searches answer: totals, hit ids in order, the concepts each expanded to (the cache's output)."""
    answers = []
    for q in QUERIES:
        found = engine.search(SearchRequest(q=q, mode="keyword", size=50, facet_keys=["right", "issue"]))
        facets = [f"{facet.key}={value.value}:{value.count}" for facet in found.facets for value in facet.values]
        answers.append((found.total, [hit.id for hit in found.hits], facets))
    return answers


class Counting:
    """Records the hits and misses of every cache a rebuild opens."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.caches: list[conversions.ConceptCache] = []
        opened = conversions.open_cache

        def spy(path: Path, version: str) -> conversions.ConceptCache | None:
            cache = opened(path, version)
            if cache is not None:
                self.caches.append(cache)
            return cache

        monkeypatch.setattr("caselaw.search.embedded.engine.open_cache", spy)

    def last(self) -> tuple[int, int]:
        return self.caches[-1].hits, self.caches[-1].misses


def test_cached_concepts_build_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(monkeypatch)
    corpus = _corpus()
    engine = EmbeddedEngine(tmp_path / "index", writer_memory_mb=32, writer_threads=1)
    assert engine.rebuild(corpus) == len(corpus)
    assert counting.last() == (0, len(corpus))
    assert (tmp_path / "index" / conversions.FILE_NAME).exists()
    cold = _answers(engine)
    assert engine.rebuild(corpus) == len(corpus)
    assert counting.last() == (len(corpus), 0)
    assert _answers(engine) == cold
    # Without any cache (a read-only index directory, say) the index is the same too.
    monkeypatch.setattr("caselaw.search.embedded.engine.open_cache", lambda path, version: None)
    engine.rebuild(corpus)
    assert _answers(engine) == cold
    engine.close()


def test_a_changed_text_is_found_again_and_deleted_cases_leave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(monkeypatch)
    corpus = _corpus()
    engine = EmbeddedEngine(tmp_path / "index", writer_memory_mb=32, writer_threads=1)
    engine.rebuild(corpus)
    # One case now speaks of water instead of eviction; the last one is gone from the store.
    changed = corpus[0].model_copy(
        update={"summaries": {"en": "The applicants lost their access to drinking water and sanitation."}}
    )
    rebuilt = [changed, *corpus[1:-1]]
    engine.rebuild(rebuilt)
    assert counting.last() == (len(rebuilt) - 1, 1)
    fresh = EmbeddedEngine(tmp_path / "fresh", writer_memory_mb=32, writer_threads=1)
    fresh.rebuild(rebuilt)
    assert _answers(engine) == _answers(fresh)
    cache = conversions.open_cache(tmp_path / "index" / conversions.FILE_NAME, concept_version())
    assert cache is not None
    assert cache.get(corpus[-1].id, cache.digest(corpus[-1])) is None  # dropped with its case
    assert cache.get(changed.id, cache.digest(changed)) == find_concepts(concept_sources(changed), concept_finder())
    cache.close()
    engine.close()
    fresh.close()


def test_another_finder_version_finds_everything_again(tmp_path: Path) -> None:
    corpus = _corpus()
    path = tmp_path / conversions.FILE_NAME
    cache = conversions.open_cache(path, "one")
    assert cache is not None
    list(conversions.cached_conversion(corpus, rebuild_document, cache, workers=1))
    assert (cache.hits, cache.misses) == (0, len(corpus))
    cache.close()
    again = conversions.open_cache(path, "two")
    assert again is not None
    list(conversions.cached_conversion(corpus, rebuild_document, again, workers=1))
    assert (again.hits, again.misses) == (0, len(corpus))
    again.close()


def test_a_damaged_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / conversions.FILE_NAME
    path.write_bytes(b"not a database, whatever it was" * 100)
    cache = conversions.open_cache(path, concept_version())
    assert cache is not None
    list(conversions.cached_conversion(_corpus(), rebuild_document, cache, workers=1))
    cache.close()
    again = conversions.open_cache(path, concept_version())
    assert again is not None
    case = _corpus()[0]
    assert again.get(case.id, again.digest(case)) == indexable(case, concept_finder()).concepts
    again.close()


def test_cached_conversion_through_workers_keeps_the_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "INLINE", 3)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    corpus = _corpus()
    cache = conversions.open_cache(tmp_path / conversions.FILE_NAME, concept_version())
    assert cache is not None
    first = list(conversions.cached_conversion(corpus, rebuild_document, cache, workers=2))
    second = list(conversions.cached_conversion(corpus, rebuild_document, cache, workers=2))
    assert (cache.hits, cache.misses) == (len(corpus), len(corpus))
    assert [doc.to_dict() for doc, _, _ in first] == [doc.to_dict() for doc, _, _ in second]
    assert [doc.get_first("id") for doc, _, _ in second] == [case.id for case in corpus]
    cache.close()


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch"])
def test_a_cluster_rebuild_with_the_cache_builds_the_same_index(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caselaw.config import Settings
    from caselaw.search.cluster.base import ClusterEngine
    from caselaw.search.cluster.elastic import ElasticsearchEngine
    from caselaw.search.cluster.opensearch import OpenSearchEngine
    from tests.search_contract import clusters

    clusters.require(name)

    def engine_in(data_dir: Path | None, prefix: str) -> ClusterEngine:
        settings = clusters.settings_for(name, prefix)
        if data_dir is not None:
            settings = Settings(**{**settings.model_dump(), "data_dir": data_dir})
        return OpenSearchEngine(settings) if name == "opensearch" else ElasticsearchEngine(settings)

    def answers(engine: ClusterEngine) -> list[tuple[int, list[str], list[str]]]:
        found = [engine.search(SearchRequest(q=q, mode="keyword", size=50, facet_keys=["right"])) for q in QUERIES]
        return [
            (f.total, [h.id for h in f.hits], [f"{v.value}:{v.count}" for facet in f.facets for v in facet.values])
            for f in found
        ]

    (tmp_path / "data").mkdir()
    cached = engine_in(tmp_path / "data", f"{clusters.RUN_PREFIX}-cc{name[:2]}")
    plain = engine_in(None, f"{clusters.RUN_PREFIX}-cp{name[:2]}")
    try:
        assert plain.concepts_path is None and cached.concepts_path is not None
        corpus = _corpus()
        plain.rebuild(corpus)
        cached.rebuild(corpus)  # cold: writes the cache
        assert cached.concepts_path.exists()
        cache = conversions.open_cache(cached.concepts_path, "any")
        assert cache is not None and cache._conn.execute("SELECT COUNT(*) FROM concepts").fetchone()[0] == len(corpus)
        cache.close()
        opened: list[conversions.ConceptCache] = []

        def spy(path: Path, version: str) -> conversions.ConceptCache | None:
            found = conversions.open_cache(path, version)
            assert found is not None
            opened.append(found)
            return found

        monkeypatch.setattr("caselaw.search.cluster.indexer.open_cache", spy)
        cached.rebuild(corpus)  # warm: every case's concepts read back
        assert (opened[0].hits, opened[0].misses) == (len(corpus), 0)
        assert answers(cached) == answers(plain)
    finally:
        for engine in (cached, plain):
            for index in engine.request("GET", f"/{engine.alias.removesuffix('-cases')}-*") or {}:
                engine.request("DELETE", f"/{index}", missing_ok=True)
            engine.close()
