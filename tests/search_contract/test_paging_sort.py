"""Pagination limits, pages, sort orders, and the hit's shape."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from caselaw.search import SearchEngine, SearchRequest
from caselaw.search.request import MAX_PAGE_SIZE, MAX_WINDOW


def test_page_size_and_depth_are_bounded() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        SearchRequest(size=MAX_PAGE_SIZE + 1)
    with pytest.raises(ValidationError, match="page × size"):
        SearchRequest(page=MAX_WINDOW // 20 + 1, size=20)
    with pytest.raises(ValidationError):
        SearchRequest(page=0)
    with pytest.raises(ValidationError, match="after date_to"):
        SearchRequest(date_from=date(2020, 1, 1), date_to=date(2019, 1, 1))
    with pytest.raises(ValidationError, match="four-digit"):
        SearchRequest(filters={"year": ["20x0"]})
    with pytest.raises(ValidationError):
        SearchRequest(filters={"court": ["x"]})


def test_pages_partition_the_results(mini: SearchEngine) -> None:
    total = mini.search(SearchRequest(size=0))
    assert total.total == 8 and total.hits == [] and total.facets
    seen: list[str] = []
    for page in (1, 2, 3):
        response = mini.search(SearchRequest(page=page, size=3, sort="date_asc"))
        assert response.total == 8 and response.page == page
        seen += [hit.id for hit in response.hits]
    assert len(seen) == len(set(seen)) == 8
    assert mini.search(SearchRequest(page=4, size=3)).hits == []


def test_date_sorts_put_undated_cases_last(mini: SearchEngine) -> None:
    newest = [hit.decision_date for hit in mini.search(SearchRequest(sort="date_desc")).hits]
    oldest = [hit.decision_date for hit in mini.search(SearchRequest(sort="date_asc")).hits]
    assert newest[-1] is None and oldest[-1] is None
    assert newest[:-1] == sorted(newest[:-1], reverse=True)  # type: ignore[type-var]
    assert oldest[:-1] == sorted(oldest[:-1])  # type: ignore[type-var]
    assert newest[0] == date(2021, 6, 3)


def test_relevance_without_words_means_newest_first(mini: SearchEngine) -> None:
    response = mini.search(SearchRequest())
    assert [hit.id for hit in response.hits] == [hit.id for hit in mini.search(SearchRequest(sort="date_desc")).hits]
    assert all(hit.score is None for hit in response.hits)


def test_relevance_scores_descend(mini: SearchEngine) -> None:
    hits = mini.search(SearchRequest(q="housing OR water OR school")).hits
    scores = [hit.score for hit in hits]
    assert all(score is not None for score in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]


def test_hit_fields_in_the_ui_language(mini: SearchEngine) -> None:
    (hit,) = mini.search(SearchRequest(q="FEANTSA", lang="fr")).hits
    assert hit.title == "FEANTSA c. France" and hit.title_language == "fr"
    assert hit.forum is not None and hit.forum.code == "ecsr" and hit.forum.label
    assert (hit.kind.code, hit.kind.label) == ("decision", "Décision")
    assert [s.code for s in hit.states] == ["FR"] and hit.states[0].label == "France"
    assert [r.label for r in hit.rights] == ["Logement", "Expulsions forcées"]
    assert hit.decision_date == date(2007, 12, 5)
    assert hit.languages == ["fr"]
    (fallback,) = mini.search(SearchRequest(q="ADPF", lang="ar")).hits
    assert (fallback.title, fallback.title_language) == ("ADPF 828", "pt")  # no ar, no en: original language
    assert mini.search(SearchRequest(q="took")).took_ms >= 0
