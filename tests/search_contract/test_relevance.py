"""Relevance sanity on the fixture corpus (indexed from a store loaded with fixtures/corpus.jsonl)."""

from __future__ import annotations

from caselaw.search import SearchEngine, SearchRequest

BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"
GROOTBOOM = "za-constitutional-court-2000-grootboom"
IDG = "un-cescr-2015-idg-v-spain"
T_025 = "co-constitutional-court-2004-t-025"


def ranking(engine: SearchEngine, q: str, **options: object) -> list[str]:
    """Ids of every hit, best first."""
    return [hit.id for hit in engine.search(SearchRequest.model_validate({"q": q, "size": 100, **options})).hits]


def test_the_whole_corpus_is_indexed(corpus: SearchEngine) -> None:
    assert corpus.count() == 32
    assert corpus.search(SearchRequest(size=0)).total == 32


def test_housing_eviction_ranks_eviction_cases_above_education_cases(corpus: SearchEngine) -> None:
    ranked = ranking(corpus, "housing eviction")
    education = [case for case in ranking(corpus, "", filters={"right": ["education"]}) if case in ranked]
    for case in (BEN_DJAZIA, GROOTBOOM):
        assert case in ranked[:10]
        assert all(ranked.index(case) < ranked.index(other) for other in education)
    assert ranked.index(BEN_DJAZIA) < ranked.index(T_025) if T_025 in ranked else True


def test_desalojo_finds_eviction_cases_in_several_languages(corpus: SearchEngine) -> None:
    response = corpus.search(SearchRequest(q="desalojo", size=20))
    found = {hit.id for hit in response.hits}
    assert {BEN_DJAZIA, GROOTBOOM, "ecsr-2007-feantsa-v-france", "br-supreme-federal-court-2021-adpf-828"} <= found
    languages = {lang for hit in response.hits for lang in hit.languages}
    assert {"en", "es", "fr", "pt"} <= languages
    assert [e.concept for e in response.expansions_applied] == ["right:forced-evictions"]
    rights = {v.value: v.count for f in response.facets if f.key == "right" for v in f.values}
    assert rights["forced-evictions"] >= 8


def test_an_arabic_query_finds_english_and_arabic_text(corpus: SearchEngine) -> None:
    ranked = ranking(corpus, "إخلاء")
    assert ranked[0] == BEN_DJAZIA  # the only case with an Arabic summary about eviction
    assert GROOTBOOM in ranked


def test_a_case_name_finds_the_case_first(corpus: SearchEngine) -> None:
    assert ranking(corpus, "Grootboom")[0] == GROOTBOOM
    assert ranking(corpus, "T-025")[0] == T_025
    assert ranking(corpus, "Ben Djazia")[0] == BEN_DJAZIA


def test_foreclosure_finds_idg(corpus: SearchEngine) -> None:
    assert IDG in ranking(corpus, "ejecución hipotecaria")[:3]
