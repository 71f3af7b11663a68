"""Cross-lingual expansion through taxonomy keywords, reported in the response, and switchable off."""

from __future__ import annotations

from caselaw.search import SearchEngine, SearchRequest, SearchResponse


def test_a_keyword_finds_the_concept_in_every_language(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="desalojo", size=50))
    found = {hit.id for hit in response.hits}
    assert {"en-eviction", "fr-expulsion", "pt-despejo", "ar-eviction"} <= found
    (expansion,) = [e for e in response.expansions_applied if e.concept == "right:forced-evictions"]
    assert expansion.term == "desalojo"
    assert expansion.label == "Forced evictions"
    assert "eviction" in expansion.keywords["en"] and "expulsion" in expansion.keywords["fr"]
    assert "despejo" in expansion.keywords["pt"] and "إخلاء" in expansion.keywords["ar"]
    assert "es" not in expansion.keywords  # the query's own language is matched by the typed word itself


def test_expansion_can_be_switched_off(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="desalojo", expand=False))
    assert response.expansions_applied == []
    assert {hit.id for hit in response.hits} <= {"es-housing", "es-education"}


def test_arabic_and_multi_word_keywords_expand(mini: SearchEngine) -> None:
    arabic = mini.search(SearchRequest(q="إخلاء", size=50, lang="ar"))
    assert {"en-eviction", "fr-expulsion"} <= {hit.id for hit in arabic.hits}
    assert arabic.expansions_applied[0].label == "الإخلاء القسري"
    phrase = mini.search(SearchRequest(q="forced eviction", size=50))
    assert any(e.term == "forced eviction" for e in phrase.expansions_applied)
    assert "fr-expulsion" in {hit.id for hit in phrase.hits}


def test_an_expanded_match_scores_below_a_typed_one(mini: SearchEngine) -> None:
    def score(q: str, case_id: str) -> float:
        hits = mini.search(SearchRequest(q=q, size=50)).hits
        found = next(hit.score for hit in hits if hit.id == case_id)
        assert found is not None
        return found

    # en-eviction says "eviction": typed, it scores higher than when reached through the French keyword.
    assert score("eviction", "en-eviction") > score("expulsion", "en-eviction")
    # Expansion adds matches without inflating the typed word's own score.
    plain = mini.search(SearchRequest(q="expulsion", expand=False)).hits
    assert [hit.id for hit in plain] == ["fr-expulsion"]
    assert score("expulsion", "fr-expulsion") >= (plain[0].score or 0) * 0.999


def test_other_words_still_constrain_an_expanded_query(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="desalojo sports", size=50))
    assert {hit.id for hit in response.hits} == {"en-eviction"}


def test_exclusions_are_not_expanded(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="-desalojo", size=50))
    assert response.expansions_applied == []
    assert "en-eviction" in {hit.id for hit in response.hits}


def test_facet_counts_include_expanded_matches(mini: SearchEngine) -> None:
    # Counts describe the hits, expanded ones included: a facet every case has one value of sums to the total.
    response = mini.search(SearchRequest(q="desalojo", size=50))
    decision_types = next(f for f in response.facets if f.key == "decision_type")
    assert sum(value.count for value in decision_types.values) == response.total
    languages = {value.value for value in next(f for f in response.facets if f.key == "language").values}
    assert {"en", "fr", "pt", "ar"} <= languages


def test_disjunctive_counts_of_an_expanded_query(mini: SearchEngine) -> None:
    # A selected facet is counted as if it were not selected, under the same expanded query and other filters.
    def counts(response: SearchResponse, key: str) -> dict[str, int]:
        return {v.value: v.count for v in next(f for f in response.facets if f.key == key).values if v.count}

    unfiltered = mini.search(SearchRequest(q="desalojo", size=50))
    regions = counts(unfiltered, "region")
    assert len(regions) > 1
    chosen = sorted(regions)[0]
    filtered = mini.search(SearchRequest(q="desalojo", size=50, filters={"region": [chosen]}))
    assert filtered.total == regions[chosen] == len(filtered.hits)
    assert counts(filtered, "region") == regions
    decision_types = counts(filtered, "decision_type")
    assert sum(decision_types.values()) == filtered.total
