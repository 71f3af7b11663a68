"""Semantic and hybrid search on the fixture corpus, with the real sentence model (no mock)."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import VectorsMissing
from caselaw.search import SearchEngine, SearchRequest
from caselaw.search.embedded import EmbeddedEngine
from caselaw.search.engine import Blend
from caselaw.search.semantic.embedding import EmbedReport, embed_store
from caselaw.search.semantic.encoder import shared_encoder
from caselaw.search.semantic.index import VectorIndex
from caselaw.store import open_store
from caselaw.store import passages as stored
from tests.conftest import CORPUS

EVICTION = "familia desalojada de su vivienda de alquiler"
BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"


def test_every_case_is_embedded_once_and_a_second_run_resumes_with_nothing_to_do(
    semantic_dir: tuple[Path, EmbedReport],
) -> None:
    directory, first = semantic_dir
    assert first.cases == 32 and first.passages >= 32 * 5 and first.rate > 0
    with open_store(Settings(data_dir=directory)) as store:
        again = embed_store(store, shared_encoder())
        assert (again.cases, again.passages, again.skipped) == (0, 0, 32)
        assert stored.count(store, shared_encoder().key) == (32, first.passages)


def test_hybrid_finds_the_eviction_views_for_a_spanish_description_of_the_facts(
    semantic_engine: SearchEngine,
) -> None:
    result = semantic_engine.search(SearchRequest(q=EVICTION, mode="hybrid"))
    first = result.hits[0]
    assert first.id == BEN_DJAZIA
    assert "semantic" in first.matched and first.passage
    assert result.total >= len(result.hits)


def test_a_french_query_finds_an_english_only_decision_by_meaning(semantic_engine: SearchEngine) -> None:
    query = "refus de soins obstétricaux d'urgence ayant entraîné la mort d'une femme enceinte"
    keyword = semantic_engine.search(SearchRequest(q=query, mode="keyword"))
    semantic = semantic_engine.search(SearchRequest(q=query, mode="semantic"))
    assert "un-cedaw-2011-alyne-da-silva-pimentel-v-brazil" not in [hit.id for hit in keyword.hits]
    assert semantic.hits[0].id == "un-cedaw-2011-alyne-da-silva-pimentel-v-brazil"
    assert semantic.hits[0].matched == ["semantic"] and semantic.hits[0].snippets == []


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_filters_facets_and_totals_apply_to_semantic_hits(semantic_engine: SearchEngine, mode: str) -> None:
    everything = semantic_engine.search(SearchRequest(q=EVICTION, mode=mode, size=100))
    africa = semantic_engine.search(SearchRequest(q=EVICTION, mode=mode, size=100, filters={"region": ["africa"]}))
    assert africa.hits and all(hit.region and hit.region.code == "africa" for hit in africa.hits)
    assert BEN_DJAZIA not in [hit.id for hit in africa.hits]
    # Totals count exactly the hits that pass (all on one page here), and facets count the same set.
    assert africa.total == len(africa.hits) < everything.total == len(everything.hits)
    regions = {
        value.value: value.count for facet in everything.facets if facet.key == "region" for value in facet.values
    }
    assert regions["africa"] == africa.total
    kinds = {value.value: value.count for facet in africa.facets if facet.key == "kind" for value in facet.values}
    assert kinds["decision"] == africa.total


@pytest.mark.parametrize("query", ["housing eviction", EVICTION])
def test_hybrid_under_a_date_range_fuses_only_what_the_words_found_as_keyword_hits(
    semantic_engine: SearchEngine, query: str
) -> None:
    # A candidate found by meaning alone is no keyword hit because the date range matched it (it once was: the
    # range's score lifted candidates above 0 and fusion counted them twice).
    dated = {"q": query, "size": 100, "date_from": "2015-01-01"}
    words = {hit.id for hit in semantic_engine.search(SearchRequest.model_validate(dated | {"mode": "keyword"})).hits}
    hybrid = semantic_engine.search(SearchRequest.model_validate(dated | {"mode": "hybrid"}))
    assert hybrid.hits and {hit.id for hit in hybrid.hits if "keyword" in hit.matched} == words
    assert all("semantic" in hit.matched for hit in hybrid.hits if hit.id not in words)
    assert all(hit.decision_date and hit.decision_date.isoformat() >= "2015-01-01" for hit in hybrid.hits)
    assert hybrid.total == len(hybrid.hits)


def test_paging_and_date_sort_in_semantic_mode(semantic_engine: SearchEngine) -> None:
    whole = semantic_engine.search(SearchRequest(q=EVICTION, mode="semantic", size=10))
    second = semantic_engine.search(SearchRequest(q=EVICTION, mode="semantic", size=5, page=2))
    assert [hit.id for hit in second.hits] == [hit.id for hit in whole.hits[5:10]]
    dated = semantic_engine.search(SearchRequest(q=EVICTION, mode="semantic", size=50, sort="date_desc"))
    days = [hit.decision_date for hit in dated.hits if hit.decision_date]
    assert days == sorted(days, reverse=True) and len(dated.hits) == dated.total


def test_a_query_longer_than_the_model_takes_is_cut_not_refused(semantic_engine: SearchEngine) -> None:
    long = ("a family evicted from their rented home without any alternative accommodation " * 20)[:1000]
    result = semantic_engine.search(SearchRequest(q=long, mode="semantic"))
    assert result.hits


def test_without_vectors_hybrid_is_keyword_search_and_semantic_says_what_to_do(tmp_path: Path) -> None:
    from caselaw.models import Case

    cases = [Case.model_validate_json(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    engine = EmbeddedEngine(tmp_path / "index", writer_memory_mb=32, writer_threads=1)
    engine.vectors = VectorIndex(tmp_path / "vectors")  # never built: no vectors stored
    engine.rebuild(cases)
    keyword = engine.search(SearchRequest(q="desalojo", mode="keyword"))
    hybrid = engine.search(SearchRequest(q="desalojo", mode="hybrid"))
    assert hybrid.model_dump(exclude={"took_ms"}) == keyword.model_dump(exclude={"took_ms"})
    with pytest.raises(VectorsMissing, match="caselaw embed"):
        engine.search(SearchRequest(q="desalojo", mode="semantic"))
    engine.close()


def test_the_vector_index_follows_the_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:2]
    with open_store(settings) as store:
        from caselaw.store.jsonl import import_jsonl

        import_jsonl(store, lines)
        index = VectorIndex(settings.data_dir / "vectors")
        assert index.size() == 0 and index.refresh(store)
        embed_store(store, shared_encoder())
        assert index.refresh(store) and index.case_count() == 2
        assert not index.refresh(store)  # nothing changed: no rebuild
        first = store.ids()[0]
        store.delete_case(first)  # its passages go with it
        assert index.refresh(store) and index.case_count() == 1
        generations = [p for p in (settings.data_dir / "vectors").iterdir() if p.is_dir()]
        assert len(generations) == 1  # older generations are collected after the switch


def test_related_cases_use_the_vectors_too(semantic_engine: SearchEngine) -> None:
    words = semantic_engine.related("un-cescr-2019-lopez-alban-v-spain", size=5)
    fused = semantic_engine.related_cases("un-cescr-2019-lopez-alban-v-spain", size=5)
    assert len(fused) == 5 and "un-cescr-2019-lopez-alban-v-spain" not in [hit.id for hit in fused]
    assert all(hit.kind.code == "decision" for hit in fused)
    # The other Spanish eviction Views are the nearest in meaning and stay first whatever the words say.
    assert BEN_DJAZIA in [hit.id for hit in fused[:2]]
    assert {hit.id for hit in words} & {hit.id for hit in fused}  # fused with the engine's list, not instead of it


@pytest.mark.parametrize("depth", [30, 0])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"filters": {"region": ["africa"]}},
        {"filters": {"language": ["es"], "right": ["housing"]}},
        {"date_from": "2015-01-01"},
        {"filters": {"kind": ["decision", "report"]}},
    ],
)
def test_the_embedded_blend_answers_as_the_engine_neutral_one(
    semantic_engine: SearchEngine, depth: int, options: dict[str, object]
) -> None:
    # The embedded engine names hits by address and adds the candidates' counts to the keywords' (`blend.py`);
    # the engine-neutral way runs `execute` on the union. Same sets, totals and counts.
    from caselaw.search.engine import make_plan
    from caselaw.search.semantic import modes

    for query in ("housing eviction", EVICTION):
        plan = make_plan(SearchRequest.model_validate({"q": query, "size": 10} | options))
        case_ids = [found.case_id for found in modes.nearest(semantic_engine.vectors, query)]  # type: ignore[arg-type]
        ours = semantic_engine.blend(plan, case_ids.copy, depth)
        theirs = modes.blend(semantic_engine, plan, case_ids, depth)

        def ids(blend: Blend, keys: list[Hashable]) -> list[str]:
            return [str(blend.records(keys, False)[key].payload["id"]) for key in keys]

        assert ids(ours, [key for key, _ in ours.semantic]) == [case_id for _, case_id in ours.semantic]
        assert [case_id for _, case_id in ours.semantic] == [case_id for _, case_id in theirs.semantic]
        assert set(ids(ours, [key for key, _ in ours.keyword])) == set(ids(theirs, [k for k, _ in theirs.keyword]))
        assert (ours.total, ours.counts, ours.names) == (theirs.total, theirs.counts, theirs.names)
