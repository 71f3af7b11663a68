"""The `implementation` facet on every engine: the level the store derives from a case's follow-up events (or an
editor's override) filters and is counted, labelled in the asked language, and follows a change once re-indexed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from caselaw.config import Settings
from caselaw.models import Case, FollowUpEvent
from caselaw.search import SearchEngine, SearchRequest, reindex
from caselaw.search.sync import index_stored
from caselaw.store import follow_up, open_store
from tests.search_contract.mini_corpus import variant


def _doc(sha: str) -> list[dict[str, str]]:
    return [{"sha256": sha * 64, "language": "en", "text": "The State must provide alternative housing."}]


def _ids(engine: SearchEngine, **request: object) -> list[str]:
    return sorted(hit.id for hit in engine.search(SearchRequest.model_validate({"size": 20, **request})).hits)


def test_implementation_filters_and_counts_on_every_engine(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    engine = make_engine([])
    cases = [variant(f"un-cescr-2017-case-{n}", documents=_doc(sha)) for n, sha in enumerate("abcd")]
    with open_store(Settings(data_dir=tmp_path / "store")) as store:
        for case in cases:
            store.put_case(case)
        events = {
            cases[0].id: [("2018-01-01", "assessment-unsatisfactory")],
            cases[1].id: [("2018-01-01", "state-report"), ("2019-01-01", "measure")],
            cases[2].id: [("2018-01-01", "state-report")],
        }
        for case_id, found in events.items():
            for day, kind in found:
                event = FollowUpEvent(date=date.fromisoformat(day), type=kind)
                follow_up.add_event(store, case_id, event, actor="test")
        reindex(engine, store)
        assert _ids(engine, filters={"implementation": ["not-implemented"]}) == [cases[0].id]
        assert _ids(engine, filters={"implementation": ["partial", "no-measure-known"]}) == [cases[1].id, cases[2].id]
        response = engine.search(SearchRequest(lang="fr"))
        facet = next(f for f in response.facets if f.key == "implementation")
        assert {v.value: v.count for v in facet.values} == {
            "not-implemented": 1,
            "partial": 1,
            "no-measure-known": 1,
            "unknown": 1,
        }
        assert next(v.label for v in facet.values if v.value == "not-implemented") == "Non exécuté"
        assert _ids(engine, q="implementation:unknown", advanced=True) == [cases[3].id]

        # An event added later reaches the index through the store's queue, like any write.
        follow_up.add_event(
            store, cases[3].id, FollowUpEvent(date=date(2020, 1, 1), type="closed-satisfactory"), actor="test"
        )
        follow_up.set_override(store, cases[0].id, "partial", reason="Compensation paid", actor="test")
        index_stored(engine, store, [])
        assert _ids(engine, filters={"implementation": ["full"]}) == [cases[3].id]
        assert _ids(engine, filters={"implementation": ["partial"]}) == [cases[0].id, cases[1].id]


def test_no_follow_up_first_sorts_the_longest_without_follow_up_first_on_every_engine(
    make_engine: Callable[[list[Case]], SearchEngine], tmp_path: Path
) -> None:
    engine = make_engine([])
    decided = {"old-silent": "2010-05-01", "new-silent": "2015-02-01", "followed-early": "2005-01-01",
               "followed-late": "2016-01-01", "undated-silent": None}  # fmt: skip
    cases = [
        variant(f"un-cescr-x-{name}", documents=_doc(sha), dates={"decision": day})
        for (name, day), sha in zip(decided.items(), "abcde", strict=True)
    ]
    with open_store(Settings(data_dir=tmp_path / "store")) as store:
        for case in cases:
            store.put_case(case)
        # Followed early: its last news is from 2012. Followed late: an event in 2017, the last in 2020.
        for case_id, day in (
            ("un-cescr-x-followed-early", "2012-06-01"),
            ("un-cescr-x-followed-late", "2017-03-01"),
            ("un-cescr-x-followed-late", "2020-09-01"),
        ):
            event = FollowUpEvent(date=date.fromisoformat(day), type="state-report")
            follow_up.add_event(store, case_id, event, actor="test")
        reindex(engine, store)
        expected = [f"un-cescr-x-{name}" for name in
                    ("old-silent", "new-silent", "followed-early", "followed-late", "undated-silent")]  # fmt: skip

        def order(**request: object) -> list[str]:
            found = engine.search(SearchRequest.model_validate({"sort": "no_follow_up_first", **request}))
            return [hit.id for hit in found.hits]

        assert order() == expected
        assert order(size=2, page=2) == expected[2:4]
        assert order(q="housing") == expected  # a query keeps the order: the sort is not relevance
        # The first event of a silent case moves it behind those still waiting, once re-indexed.
        follow_up.add_event(
            store, "un-cescr-x-old-silent", FollowUpEvent(date=date(2021, 1, 1), type="measure"), actor="test"
        )
        index_stored(engine, store, [])
        assert order()[:2] == ["un-cescr-x-new-silent", "un-cescr-x-followed-early"]
        assert order()[3] == "un-cescr-x-old-silent"
