"""Get by id, related cases and autocomplete."""

from __future__ import annotations

import pytest

from caselaw.errors import CaseNotFound
from caselaw.search import SearchEngine

BEN_DJAZIA = "un-cescr-2017-ben-djazia-bellili-v-spain"


def test_get_by_id(mini: SearchEngine) -> None:
    hit = mini.get("es-housing", "es")
    assert hit.forum is not None
    assert (hit.id, hit.title, hit.forum.code) == ("es-housing", "I.D.G. c. España", "un-cescr")
    with pytest.raises(CaseNotFound) as caught:
        mini.get("no-such-case")
    assert caught.value.status == 404


def test_related_cases_share_text_and_tags(corpus: SearchEngine) -> None:
    related = [hit.id for hit in corpus.related(BEN_DJAZIA, size=5)]
    assert BEN_DJAZIA not in related
    assert "un-cescr-2019-lopez-alban-v-spain" in related[:3]
    assert len(related) == 5
    with pytest.raises(CaseNotFound):
        corpus.related("no-such-case")


def test_suggest_completes_case_names_and_popular_names(corpus: SearchEngine) -> None:
    assert [s.id for s in corpus.suggest("Groot")][:1] == ["za-constitutional-court-2000-grootboom"]
    (endorois,) = corpus.suggest("endor", size=1)
    assert endorois.id == "achpr-2009-endorois" and "Endorois" in endorois.text
    assert corpus.suggest("ben dj")[0].id == BEN_DJAZIA
    assert corpus.suggest("") == [] and corpus.suggest("%%") == []
    assert len(corpus.suggest("v", size=3)) <= 3


def test_suggest_titles_follow_the_ui_language(mini: SearchEngine) -> None:
    (suggestion,) = mini.suggest("I.D", language="es")
    assert suggestion.title == "I.D.G. c. España"
