"""The citation graph in search: `cites` (a case id) and `cites_gc` (a general comment code) filter, the general
comments relied on are counted as a facet, and `cited_desc` sorts the most cited first, on every engine; the
values come from the store, which resolves citations when it reads a case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from caselaw.config import Settings
from caselaw.models import Case, Citation, CitationKey
from caselaw.search import SearchEngine, SearchRequest, reindex
from caselaw.store import open_store
from tests.search_contract.mini_corpus import variant

GROOTBOOM = "za-2000-grootboom"


def _decision(neutral: str, paragraph: str = "4") -> Citation:
    return Citation(
        kind="decision",
        text=neutral,
        keys=[CitationKey(scheme="neutral-citation", value=neutral)],
        paragraph=paragraph,
    )


def _comment(code: str) -> Citation:
    number = code.rsplit("-", 1)[-1]
    return Citation(
        kind="general-comment",
        text=f"general comment No. {number}",
        keys=[CitationKey(scheme="general-comment", value=code)],
        code=code,
    )


def _text(sha: str) -> list[dict[str, str]]:
    return [{"sha256": sha * 64, "language": "en", "text": "The State must plan for those in need."}]


def _graph() -> list[Case]:
    """Grootboom, cited by three cases; TAC, cited by one; two Views relying on CESCR general comments."""
    grootboom = variant(
        GROOTBOOM,
        documents=_text("b"),
        titles={"en": {"full": "Government of the Republic of South Africa v Grootboom"}},
        forum="za-constitutional-court",
        identifiers=[{"scheme": "neutral-citation", "value": "[2000] ZACC 19"}],
        dates={"decision": date(2000, 10, 4)},
        respondent_states=["ZA"],
        region="africa",
        decision_type="judgment",
        articles=[],
        citations=[_comment("cescr-gc-3")],
    )
    tac = variant(
        "za-2002-tac",
        documents=_text("c"),
        titles={"en": {"full": "Minister of Health v Treatment Action Campaign"}},
        forum="za-constitutional-court",
        identifiers=[{"scheme": "neutral-citation", "value": "[2002] ZACC 15"}],
        dates={"decision": date(2002, 7, 5)},
        respondent_states=["ZA"],
        region="africa",
        decision_type="judgment",
        articles=[],
        citations=[_decision("[2000] ZACC 19")],
    )
    mazibuko = variant(
        "za-2009-mazibuko",
        documents=_text("d"),
        titles={"en": {"full": "Mazibuko v City of Johannesburg"}},
        forum="za-constitutional-court",
        identifiers=[],
        dates={"decision": date(2009, 10, 8)},
        respondent_states=["ZA"],
        region="africa",
        decision_type="judgment",
        articles=[],
        citations=[_decision("[2000] ZACC 19"), _decision("[2002] ZACC 15", "9")],
    )
    bdb = variant(
        "un-cescr-2017-bdb",
        documents=_text("e"),
        identifiers=[{"scheme": "communication", "value": "5/2015"}],
        dates={"decision": date(2017, 6, 20)},
        citations=[_comment("cescr-gc-4"), _comment("cescr-gc-7"), _decision("[2000] ZACC 19")],
    )
    idg = variant("un-cescr-2015-idg", documents=_text("f"), citations=[_comment("cescr-gc-7")])
    return [grootboom, tac, mazibuko, bdb, idg]


def _through_the_store(tmp_path: Path, engine: SearchEngine) -> SearchEngine:
    """Index the graph as production does: stored (citations resolved when read), then rebuilt from the store."""
    with open_store(Settings(data_dir=tmp_path / "graph")) as store:
        for case in _graph():
            store.put_case(case)
        reindex(engine, store)
    return engine


def _ids(engine: SearchEngine, **request: object) -> list[str]:
    return [hit.id for hit in engine.search(SearchRequest.model_validate({"size": 20, **request})).hits]


def test_cites_finds_the_cases_relying_on_a_decision(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    engine = _through_the_store(tmp_path, make_engine([]))
    assert sorted(_ids(engine, filters={"cites": [GROOTBOOM]})) == [
        "un-cescr-2017-bdb",
        "za-2002-tac",
        "za-2009-mazibuko",
    ]
    assert _ids(engine, filters={"cites": ["za-2002-tac"]}) == ["za-2009-mazibuko"]
    assert sorted(_ids(engine, q=f"cites:{GROOTBOOM}", advanced=True)) == sorted(
        _ids(engine, filters={"cites": [GROOTBOOM]})
    )
    assert _ids(engine, filters={"cites": ["un-cescr-1999-nobody"]}) == []


def test_cites_gc_filters_and_counts_the_general_comments_relied_on(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    engine = _through_the_store(tmp_path, make_engine([]))
    assert sorted(_ids(engine, filters={"cites_gc": ["cescr-gc-7"]})) == ["un-cescr-2015-idg", "un-cescr-2017-bdb"]
    response = engine.search(SearchRequest(lang="es"))
    facet = next(f for f in response.facets if f.key == "cites_gc")
    assert {v.value: v.count for v in facet.values} == {"cescr-gc-3": 1, "cescr-gc-4": 1, "cescr-gc-7": 2}
    assert next(v.label for v in facet.values if v.value == "cescr-gc-7").startswith("Comité DESC")
    # `cites` is a filter whose values are cases: not counted unless a request names it.
    assert "cites" not in [f.key for f in response.facets]
    chosen = engine.search(SearchRequest(facet_keys=["cites"]))
    assert {v.value: v.count for v in chosen.facets[0].values} == {GROOTBOOM: 3, "za-2002-tac": 1}


def test_most_cited_first(make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path) -> None:
    engine = _through_the_store(tmp_path, make_engine([]))
    # Equal counts: newest decision first.
    order = [GROOTBOOM, "za-2002-tac", "un-cescr-2017-bdb", "un-cescr-2015-idg", "za-2009-mazibuko"]
    assert _ids(engine, sort="cited_desc") == order
    assert _ids(engine, sort="cited_desc", size=2, page=2) == order[2:4]
    assert _ids(engine, sort="cited_desc", filters={"forum": ["za-constitutional-court"]}) == [
        GROOTBOOM,
        "za-2002-tac",
        "za-2009-mazibuko",
    ]


def test_a_case_stored_later_is_found_by_cites_after_the_index_update(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    from caselaw.search.sync import index_stored

    engine = make_engine([])
    graph = {case.id: case for case in _graph()}
    with open_store(Settings(data_dir=tmp_path / "later")) as store:
        store.put_case(graph["za-2002-tac"])
        reindex(engine, store)
        assert _ids(engine, filters={"cites": [GROOTBOOM]}) == []
        stored = store.put_case(graph[GROOTBOOM])  # only the cited case is written
        update = index_stored(engine, store, [stored.id])
        assert update.indexed and update.updated == 2  # the citing case was queued with it
    assert _ids(engine, filters={"cites": [GROOTBOOM]}) == ["za-2002-tac"]
    assert _ids(engine, sort="cited_desc")[0] == GROOTBOOM


def test_a_general_comment_named_in_any_language_finds_the_cases_relying_on_it(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    engine = _through_the_store(tmp_path, make_engine([]))
    for query in (
        "General Comment No. 7 (1997)",
        "Observación general N° 7 (1997)",
        "Observation générale n° 7 (1997)",
    ):
        response = engine.search(SearchRequest(q=query, size=20))
        assert {"un-cescr-2015-idg", "un-cescr-2017-bdb"} <= {hit.id for hit in response.hits}, query
        assert [e.concept for e in response.expansions_applied] == ["cites_gc:cescr-gc-7"], query


def test_a_bare_general_comment_number_means_that_comment_of_any_committee(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    """A bare "general comment No. 7" (no year, no committee) finds the cases relying on CESCR's No. 7, in any language,
    and names every committee's comment of that number among the expansions (it is ambiguous)."""
    engine = _through_the_store(tmp_path, make_engine([]))
    for query in ("general comment No. 7", "observación general N° 7", "observation générale n° 7"):
        response = engine.search(SearchRequest(q=query, size=20))
        assert {"un-cescr-2015-idg", "un-cescr-2017-bdb"} <= {hit.id for hit in response.hits}, query
        concepts = {e.concept for e in response.expansions_applied}
        assert "cites_gc:cescr-gc-7" in concepts and len(concepts) > 1, (query, concepts)
        assert all(concept.startswith("cites_gc:") and concept.endswith("-7") for concept in concepts), concepts
