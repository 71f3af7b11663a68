"""Facet rules: OR within a facet, AND across facets, disjunctive counts, selected values kept, labels."""

from __future__ import annotations

import pytest

from caselaw.models import Case
from caselaw.search import FACETS, SearchEngine, SearchRequest, SearchResponse
from caselaw.search.facets import DEFAULT_KIND, facet
from tests.search_contract.mini_corpus import mini_corpus


def counts(response: SearchResponse, key: str) -> dict[str, int]:
    """Counts of one facet in a response."""
    return {v.value: v.count for v in next(f for f in response.facets if f.key == key).values}


def matches(case: Case, filters: dict[str, list[str]]) -> bool:
    """Whether a case satisfies every facet filter (values of one facet OR together)."""
    return all(set(facet(key).values(case)) & set(values) for key, values in filters.items())


def effective(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """The filters a search applies: without a `kind` selection, decisions only."""
    return {"kind": [DEFAULT_KIND], **filters}


def expected_counts(filters: dict[str, list[str]], cases: list[Case] | None = None) -> dict[str, dict[str, int]]:
    """Disjunctive counts computed by brute force over the mini corpus (or `cases`), the default kind applied."""
    filters = effective(filters)
    result: dict[str, dict[str, int]] = {}
    for spec in (spec for spec in FACETS if spec.counted):
        others = {k: v for k, v in filters.items() if k != spec.key}
        found: dict[str, int] = {value: 0 for value in filters.get(spec.key, [])}
        for case in mini_corpus() if cases is None else cases:
            if matches(case, others):
                for value in spec.values(case):
                    found[value] = found.get(value, 0) + 1
        result[spec.key] = found
    return result


SELECTIONS: list[dict[str, list[str]]] = [
    {},
    {"right": ["housing"]},
    {"right": ["housing", "education"]},
    {"right": ["housing"], "forum": ["un-cescr", "ecsr"]},
    {"right": ["forced-evictions"], "region": ["africa", "mena"], "year": ["2000"]},
    {"state": ["ES"], "language": ["en"]},
    {"right": ["food"]},
    {"affected_group": ["children"], "decision_type": ["judgment"], "outcome": ["upheld"], "issue": []},
]


@pytest.mark.parametrize("filters", SELECTIONS, ids=[str(s) for s in SELECTIONS])
def test_disjunctive_counts_match_brute_force(mini: SearchEngine, filters: dict[str, list[str]]) -> None:
    response = mini.search(SearchRequest(filters=filters, size=100))
    active = {k: v for k, v in filters.items() if v}
    assert response.total == sum(matches(case, effective(active)) for case in mini_corpus())
    assert {hit.id for hit in response.hits} == {case.id for case in mini_corpus() if matches(case, effective(active))}
    for key, expected in expected_counts(active).items():
        assert counts(response, key) == expected, key


def test_values_of_one_facet_or_and_different_facets_and(mini: SearchEngine) -> None:
    housing = mini.search(SearchRequest(filters={"right": ["housing"]})).total
    education = mini.search(SearchRequest(filters={"right": ["education"]})).total
    both = mini.search(SearchRequest(filters={"right": ["housing", "education"]})).total
    assert both == housing + education - 1  # es-education has both rights
    narrowed = mini.search(SearchRequest(filters={"right": ["housing"], "forum": ["ecsr"]}))
    assert [hit.id for hit in narrowed.hits] == ["fr-expulsion"]


def test_a_selected_facet_counts_ignore_its_own_selection(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(filters={"right": ["education"]}))
    assert response.total == 2
    assert counts(response, "right")["housing"] == 6  # widening is visible
    assert counts(response, "forum") == {"un-crc": 1, "co-constitutional-court": 1}


def test_selected_values_stay_listed_at_count_zero(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest(q="school", filters={"right": ["food"], "forum": ["un-crpd"]}))
    assert response.total == 0
    rights = next(f for f in response.facets if f.key == "right")
    food = next(v for v in rights.values if v.value == "food")
    assert (food.count, food.selected, food.label) == (0, True, "Food")
    forums = next(f for f in response.facets if f.key == "forum")
    assert [(v.value, v.selected) for v in forums.values if v.count == 0] == [("un-crpd", True)]


def test_every_facet_is_listed_in_registry_order(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest())
    assert [f.key for f in response.facets] == [spec.key for spec in FACETS if spec.counted]
    keys = [spec.key for spec in FACETS]
    assert len(set(keys)) == len(keys)
    for spec in FACETS:  # a key is a query parameter, an index field and a `key:value` of the advanced syntax
        assert spec.key.isidentifier() and spec.key.islower() and spec.description, spec.key


def test_facets_can_be_skipped_or_chosen(mini: SearchEngine) -> None:
    assert mini.search(SearchRequest(facets=False)).facets == []
    chosen = mini.search(SearchRequest(facet_keys=["year", "right"], filters={"right": ["education"]}))
    assert [f.key for f in chosen.facets] == ["right", "year"]
    assert counts(chosen, "right")["housing"] == 6
    assert counts(chosen, "year") == {"2019": 1, "2004": 1}


def test_labels_follow_the_ui_language_with_english_fallback(mini: SearchEngine) -> None:
    def label(response: SearchResponse, key: str, value: str) -> str:
        return next(v.label for f in response.facets if f.key == key for v in f.values if v.value == value)

    spanish = mini.search(SearchRequest(lang="es"))
    assert label(spanish, "right", "housing") == "Vivienda"
    assert label(spanish, "state", "ES") == "España"
    assert label(spanish, "language", "en") == "Inglés"
    arabic = mini.search(SearchRequest(lang="ar"))
    assert label(arabic, "right", "housing") == "السكن"
    german = mini.search(SearchRequest(lang="de"))  # no taxonomy labels in German
    assert label(german, "right", "housing") == "Housing"


def test_values_are_ordered_by_count_and_years_by_year(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest())
    rights = next(f for f in response.facets if f.key == "right").values
    assert [v.count for v in rights] == sorted((v.count for v in rights), reverse=True)
    years = [v.value for v in next(f for f in response.facets if f.key == "year").values]
    assert years == sorted(years, reverse=True)


def test_state_and_year_values_are_normalised(mini: SearchEngine) -> None:
    assert mini.search(SearchRequest(filters={"state": ["es"]})).total == 2
    assert mini.search(SearchRequest(filters={"forum": [" UN-CESCR "]})).total == 2


def test_date_range_filters_on_decision_date(mini: SearchEngine) -> None:
    from datetime import date

    response = mini.search(SearchRequest(date_from=date(2004, 1, 22), date_to=date(2015, 6, 17), size=50))
    assert {hit.id for hit in response.hits} == {"es-education", "fr-expulsion", "ar-eviction", "es-housing"}
    assert counts(response, "year") == {"2004": 1, "2007": 1, "2010": 1, "2015": 1}


@pytest.mark.parametrize("value", ['a"b\\c', "\\", '"', "x) OR (*", "*", "right:housing"])
def test_filter_values_are_exact_codes_never_query_syntax(mini: SearchEngine, value: str) -> None:
    response = mini.search(SearchRequest(filters={"forum": [value], "right": ["housing"]}))
    assert response.total == 0 and response.hits == []
    assert counts(response, "right") == {"housing": 0}
    assert counts(response, "forum")[facet("forum").normalise(value)] == 0
    assert counts(response, "forum")["un-cescr"] == 1  # the forum facet still ignores its own selection
