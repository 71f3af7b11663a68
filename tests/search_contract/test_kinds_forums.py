"""Record kinds and open forums: decisions by default, the `kind` facet, courts the taxonomy does not list, and
records without a forum or a decision type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from caselaw.models import Case
from caselaw.search import SearchEngine, SearchRequest, SearchResponse
from tests.search_contract.conftest import ENGINE_FACTORIES
from tests.search_contract.mini_corpus import mini_corpus, variant
from tests.search_contract.test_facets import counts, effective, expected_counts, matches

COUNCIL = "co-consejo-de-estado"
"""An open national forum: Colombia's Council of State, which the taxonomy does not list."""


def _tags(*codes: str) -> list[dict[str, Any]]:
    return [{"code": code, "source": "editor", "confidence": 1.0} for code in codes]


def _doc(language: str, text: str, sha: str) -> list[dict[str, Any]]:
    return [{"sha256": sha * 64, "language": language, "text": text}]


def _record(case_id: str, **changes: Any) -> Case:
    base: dict[str, Any] = {"articles": [], "identifiers": [], "outcome": None, "region": None, "summaries": {}}
    return variant(case_id, **{**base, **changes})


def extra_records() -> list[Case]:
    """A report, a law, three decisions of an open forum (two printed names) and a decision naming no forum."""
    return [
        _record(
            "en-report",
            kind="report",
            titles={"en": {"full": "Housing in Spain: concluding observations on the sixth periodic report"}},
            forum="un-cescr",
            decision_type=None,
            respondent_states=["ES"],
            dates={"decision": date(2018, 3, 29)},
            rights=_tags("housing"),
            documents=_doc("en", "The Committee is concerned about mortgage foreclosures and tenancy evictions.", "2"),
        ),
        _record(
            "es-legislation",
            kind="legislation",
            titles={"es": {"full": "Ley por el derecho a la vivienda"}},
            forum=None,
            decision_type=None,
            respondent_states=["ES"],
            dates={"decision": date(2023, 5, 24)},
            rights=_tags("housing"),
            documents=_doc("es", "La ley regula los desahucios y el parque público de vivienda.", "3"),
        ),
        _record(
            "co-council-1",
            titles={"es": {"full": "Acción de grupo por el acueducto veredal"}},
            forum=COUNCIL,
            forum_name="Consejo de Estado",
            forum_country="CO",
            decision_type="judgment",
            respondent_states=["CO"],
            dates={"decision": date(2016, 8, 11)},
            rights=_tags("water-sanitation"),
            documents=_doc("es", "La Sala ordena restablecer el suministro de agua potable a la vereda.", "4"),
        ),
        _record(
            "co-council-2",
            titles={"es": {"full": "Reparación directa por la inundación del barrio"}},
            forum=COUNCIL,
            forum_name="Consejo de Estado",
            forum_country="CO",
            decision_type="judgment",
            respondent_states=[],
            dates={"decision": date(2012, 4, 19)},
            rights=_tags("housing"),
            documents=_doc("es", "Las familias perdieron sus viviendas por la inundación del barrio.", "5"),
        ),
        _record(
            "co-council-3",
            titles={"en": {"full": "Council of State ruling on the riverside settlement"}},
            forum=COUNCIL,
            forum_name="Council of State of Colombia",
            forum_country="CO",
            decision_type="judgment",
            respondent_states=["CO"],
            dates={"decision": date(2019, 9, 2)},
            rights=_tags("housing"),
            documents=_doc("en", "The settlement by the river was cleared without relocation.", "6"),
        ),
        _record(
            "no-forum",
            titles={"en": {"full": "Tenants of the lagoon quarter"}},
            forum=None,
            decision_type=None,
            respondent_states=[],
            dates={},
            rights=_tags("water-sanitation"),
            documents=_doc("en", "The lagoon quarter had no piped water for a decade.", "7"),
        ),
    ]


def records() -> list[Case]:
    """The mini corpus and the records above."""
    return [*mini_corpus(), *extra_records()]


@pytest.fixture(scope="module")
def mixed(engine_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    """An engine over `records()`, built once per engine (tests only read it)."""
    engine = ENGINE_FACTORIES[engine_name](tmp_path_factory.mktemp(f"kinds-{engine_name}"))
    engine.rebuild(records())
    yield engine
    engine.close()


def ids(response: SearchResponse) -> set[str]:
    """Ids of the hits of a response."""
    return {hit.id for hit in response.hits}


def value(response: SearchResponse, key: str, code: str) -> Any:
    """The facet value `code` of facet `key`."""
    return next(v for f in response.facets if f.key == key for v in f.values if v.value == code)


DECISIONS = {case.id for case in records() if case.kind == "decision"}


def test_a_search_without_kinds_returns_decisions_only(mixed: SearchEngine) -> None:
    everything = mixed.search(SearchRequest(size=100))
    assert ids(everything) == DECISIONS and everything.total == len(DECISIONS)
    # The report's own words find nothing until reports are asked for.
    assert mixed.search(SearchRequest(q="concluding observations")).total == 0
    assert mixed.search(SearchRequest(q="desahucios", expand=False)).total == 0
    assert mixed.count() == len(records())


def test_the_kind_facet_counts_every_kind_and_shows_the_default_selected(mixed: SearchEngine) -> None:
    response = mixed.search(SearchRequest(size=0))
    assert counts(response, "kind") == {"decision": len(DECISIONS), "report": 1, "legislation": 1}
    assert [(v.value, v.selected) for v in next(f for f in response.facets if f.key == "kind").values] == [
        ("decision", True),
        ("legislation", False),
        ("report", False),
    ]
    housing = mixed.search(SearchRequest(filters={"right": ["housing"]}, size=0))
    assert counts(housing, "kind") == {"decision": 8, "report": 1, "legislation": 1}
    # Other facets count decisions only.
    assert counts(housing, "right")["housing"] == 8


@pytest.mark.parametrize("language,label", [("en", "Report"), ("es", "Informe"), ("fr", "Rapport"), ("ar", "تقرير")])
def test_kind_labels_follow_the_ui_language(mixed: SearchEngine, language: str, label: str) -> None:
    response = mixed.search(SearchRequest(size=0, lang=language))
    assert value(response, "kind", "report").label == label
    (hit,) = mixed.search(SearchRequest(filters={"kind": ["report"]}, lang=language)).hits
    assert (hit.kind.code, hit.kind.label) == ("report", label)


def test_selecting_kinds_brings_other_records_in(mixed: SearchEngine) -> None:
    both = mixed.search(SearchRequest(filters={"kind": ["decision", "report"]}, size=100))
    assert ids(both) == DECISIONS | {"en-report"}
    only = mixed.search(SearchRequest(filters={"kind": ["report"]}))
    assert ids(only) == {"en-report"}
    assert only.hits[0].forum is not None and only.hits[0].forum.code == "un-cescr"
    assert mixed.search(SearchRequest(q="concluding observations", filters={"kind": ["report"]})).total == 1
    law = mixed.search(SearchRequest(filters={"kind": ["legislation"]}))
    assert ids(law) == {"es-legislation"} and law.hits[0].forum is None


def test_an_advanced_query_naming_kinds_lifts_the_default(mixed: SearchEngine) -> None:
    assert ids(mixed.search(SearchRequest(q="kind:report", advanced=True))) == {"en-report"}
    assert "en-report" in ids(mixed.search(SearchRequest(q="-kind:legislation", advanced=True, size=100)))


SELECTIONS: list[dict[str, list[str]]] = [
    {},
    {"kind": ["report"]},
    {"kind": ["decision", "legislation"], "right": ["housing"]},
    {"kind": ["report", "legislation"], "state": ["ES"]},
    {"forum": [COUNCIL]},
    {"forum": [COUNCIL, "un-cescr"], "kind": ["decision", "report"]},
    {"forum_type": ["national"], "right": ["water-sanitation"]},
    {"region": ["latin-america-caribbean"]},
]


@pytest.mark.parametrize("filters", SELECTIONS, ids=[str(s) for s in SELECTIONS])
def test_disjunctive_counts_with_kinds_and_open_forums_match_brute_force(
    mixed: SearchEngine, filters: dict[str, list[str]]
) -> None:
    response = mixed.search(SearchRequest(filters=filters, size=100))
    assert ids(response) == {case.id for case in records() if matches(case, effective(filters))}
    for key, expected in expected_counts(filters, records()).items():
        assert counts(response, key) == expected, key


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt", "ar"])
def test_an_open_forum_is_filtered_by_code_and_labelled_by_its_printed_name(mixed: SearchEngine, language: str) -> None:
    response = mixed.search(SearchRequest(filters={"forum": [COUNCIL]}, lang=language, size=10))
    assert ids(response) == {"co-council-1", "co-council-2", "co-council-3"}
    # The name most of its cases print, whatever the UI language (the taxonomy has no label for it).
    facet_value = value(response, "forum", COUNCIL)
    assert (facet_value.label, facet_value.count, facet_value.selected) == ("Consejo de Estado", 3, True)
    printed = {hit.id: hit.forum.label for hit in response.hits if hit.forum is not None}
    assert printed == {
        "co-council-1": "Consejo de Estado",
        "co-council-2": "Consejo de Estado",
        "co-council-3": "Council of State of Colombia",
    }
    assert counts(response, "forum_type") == {"national": 3}
    # Its region comes from its country when the record has none.
    assert counts(response, "region") == {"latin-america-caribbean": 3}


def test_an_open_forum_selected_at_count_zero_keeps_its_name(mixed: SearchEngine) -> None:
    response = mixed.search(SearchRequest(q="Grootboom", filters={"forum": [COUNCIL]}))
    assert response.total == 0
    facet_value = value(response, "forum", COUNCIL)
    assert (facet_value.label, facet_value.count, facet_value.selected) == ("Consejo de Estado", 0, True)
    unnamed = mixed.search(SearchRequest(filters={"forum": ["co-tribunal-administrativo"]}))
    assert unnamed.total == 0 and value(unnamed, "forum", "co-tribunal-administrativo").label == (
        "co-tribunal-administrativo"
    )


def test_unfiltered_counts_label_open_and_listed_forums(mixed: SearchEngine) -> None:
    response = mixed.search(SearchRequest(size=0, lang="fr"))
    assert value(response, "forum", COUNCIL).label == "Consejo de Estado"
    assert value(response, "forum", "un-cescr").label == "Comité des droits économiques, sociaux et culturels"


def test_a_record_without_forum_or_decision_type_is_searchable(mixed: SearchEngine) -> None:
    response = mixed.search(SearchRequest(q="lagoon"))
    (hit,) = response.hits
    assert (hit.id, hit.forum, hit.kind.code) == ("no-forum", None, "decision")
    assert counts(response, "forum") == {} and counts(response, "forum_type") == {}
    assert counts(response, "decision_type") == {}
    assert counts(response, "right") == {"water-sanitation": 1}
    got = mixed.get("no-forum")
    assert got.forum is None and got.title == "Tenants of the lagoon quarter"


def test_get_returns_records_of_every_kind(mixed: SearchEngine) -> None:
    assert mixed.get("en-report").kind.code == "report"
    assert mixed.get("es-legislation", "es").kind.label == "Legislación"


def test_related_cases_are_decisions(mixed: SearchEngine) -> None:
    related = mixed.related("es-housing", size=20)
    assert related and {hit.kind.code for hit in related} == {"decision"}
    assert not {"en-report", "es-legislation"} & {hit.id for hit in related}
    # A report's page still gets related decisions.
    assert {hit.kind.code for hit in mixed.related("en-report", size=20)} == {"decision"}


def test_suggest_offers_decisions_before_other_records(make_engine: Callable[[list[Case]], SearchEngine]) -> None:
    housing = [
        _record("housing-report", kind="report", titles={"en": {"full": "Housing report of the Committee"}},
                decision_type=None, documents=_doc("en", "Report.", "8")),
        _record("housing-decision", titles={"en": {"full": "Housing rights of tenants v. City"}},
                documents=_doc("en", "Decision.", "9")),
    ]  # fmt: skip
    engine = make_engine(housing)
    assert [s.id for s in engine.suggest("housing")] == ["housing-decision", "housing-report"]
    assert [s.id for s in engine.suggest("housing", size=1)] == ["housing-decision"]
    assert [s.id for s in engine.suggest("housing rep")] == ["housing-report"]


def test_updates_keep_open_forum_names(make_engine: Callable[[list[Case]], SearchEngine]) -> None:
    council = next(case for case in extra_records() if case.id == "co-council-1")
    engine = make_engine([council, *mini_corpus()[:2]])

    def label() -> str:
        # Selected, so the value is listed even when no case is left under it.
        return str(value(engine.search(SearchRequest(size=0, filters={"forum": [COUNCIL]})), "forum", COUNCIL).label)

    assert label() == "Consejo de Estado"
    renamed = council.model_copy(update={"forum_name": "Consejo de Estado de Colombia"})
    engine.upsert([renamed])
    assert label() == "Consejo de Estado de Colombia"
    got = engine.get("co-council-1", "ar").forum
    assert got is not None and (got.code, got.label) == (COUNCIL, "Consejo de Estado de Colombia")
    second = variant("co-council-4", **{**renamed.model_dump(exclude={"languages"}), "id": "co-council-4"})
    engine.upsert([second])
    assert engine.search(SearchRequest(filters={"forum": [COUNCIL]})).total == 2
    engine.delete("co-council-1")
    engine.delete("co-council-4")
    assert engine.search(SearchRequest(filters={"forum": [COUNCIL]})).total == 0
    assert label() == COUNCIL  # no indexed case names it any more
