"""The citation graph in the store: citations resolve when read (a case stored later is found), a case's language
versions count once, ambiguity stays unresolved, and the cases whose index entries change are queued."""

from __future__ import annotations

from datetime import date

import pytest

from caselaw.errors import CaseNotFound
from caselaw.models import Case, CaseDates, Citation, CitationKey, Document, Title
from caselaw.store import CaseStore, index_queue
from caselaw.store.citations import match_value, title_keys
from tests.conftest import make_case


def _cites(*keys: tuple[str, str], paragraph: str = "7", sha: str = "b" * 64, context: str | None = None) -> Citation:
    return Citation(
        kind="decision",
        text="communication No. 2/2014",
        keys=[CitationKey(scheme=s, value=v) for s, v in keys],
        paragraph=paragraph,
        document=sha,
        context=context,
    )


def _citing(case_id: str, *citations: Citation, forum: str = "un-cescr", shas: tuple[str, ...] = ("b" * 64,)) -> Case:
    base = make_case(case_id, sha=shas[0])
    documents = [Document(sha256=sha, language=lang, text="…") for sha, lang in zip(shas, ("es", "en"), strict=False)]
    return base.model_copy(
        update={
            "identifiers": [],
            "titles": {"en": Title(full="Ben Djazia and Bellili v. Spain")},
            "forum": forum,
            "citations": list(citations),
            "documents": documents,
        }
    )


def test_a_citation_resolves_when_the_cited_case_arrives_later(store: CaseStore) -> None:
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("communication", "2/2014"), context="as in No. 2/2014 …")))
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id is None
    assert [row.case_id for row in store.citations_of("un-cescr-2017-bdb")] == [None]
    index_queue.done(store, index_queue.last_change(store))

    store.put_case(make_case())  # I.D.G. v. Spain, communication 2/2014: the citing case is not written again
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id == "un-cescr-2015-idg-v-spain"
    assert store.get_case("un-cescr-2015-idg-v-spain").cited_by_count == 1
    total, citing = store.cited_by("un-cescr-2015-idg-v-spain")
    assert total == 1
    assert citing[0].case_id == "un-cescr-2017-bdb" and citing[0].paragraph == "7"
    assert citing[0].snippet == "as in No. 2/2014 …"
    # The citing case's index entry changes (`cites`): it is queued with the new case.
    assert set(index_queue.pending(store).case_ids) == {"un-cescr-2015-idg-v-spain", "un-cescr-2017-bdb"}


def test_a_case_is_cited_once_whatever_its_language_versions(store: CaseStore) -> None:
    store.put_case(make_case())
    # The citing case's Spanish and English versions both cite I.D.G., by number and by name.
    citing = _citing(
        "un-cescr-2017-bdb",
        _cites(("communication", "2/2014"), sha="b" * 64),
        _cites(("case-name", "i d g v spain"), ("party", "i d g"), sha="c" * 64, paragraph="8"),
        shas=("b" * 64, "c" * 64),
    )
    store.put_case(citing)
    assert store.get_case("un-cescr-2015-idg-v-spain").cited_by_count == 1
    rows = store.citations_of("un-cescr-2017-bdb")
    assert [(row.case_id, row.occurrences, row.title) for row in rows] == [
        ("un-cescr-2015-idg-v-spain", 2, "I.D.G. v. Spain")
    ]
    assert store.cited_by("un-cescr-2015-idg-v-spain")[0] == 1


def test_ambiguous_numbers_prefer_the_citing_forum_and_otherwise_stay_unresolved(store: CaseStore) -> None:
    store.put_case(make_case())  # CESCR communication 2/2014
    other = make_case("un-ccpr-2016-someone", sha="d" * 64).model_copy(update={"forum": "un-ccpr"})
    store.put_case(other)  # CCPR communication 2/2014
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("communication", "2/2014"))))
    store.put_case(_citing("un-cedaw-2019-x", _cites(("communication", "2/2014")), forum="un-cedaw", shas=("e" * 64,)))
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id == "un-cescr-2015-idg-v-spain"
    assert store.get_case("un-cedaw-2019-x").citations[0].case_id is None


def test_a_first_party_alone_does_not_resolve_a_citation_naming_both(store: CaseStore) -> None:
    store.put_case(make_case())
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("case-name", "i d g v portugal"), ("party", "i d g"))))
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id is None
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("party", "i d g"))))  # a short form: "I.D.G., supra"
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id == "un-cescr-2015-idg-v-spain"


def test_deleting_a_cited_case_unresolves_and_queues_the_citing_one(store: CaseStore) -> None:
    store.put_case(make_case())
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("communication", "2/2014"))))
    index_queue.done(store, index_queue.last_change(store))
    store.delete_case("un-cescr-2015-idg-v-spain")
    assert "un-cescr-2017-bdb" in index_queue.pending(store).case_ids
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id is None
    with pytest.raises(CaseNotFound):
        store.cited_by("un-cescr-2015-idg-v-spain")


def test_paging_cited_by_newest_first(store: CaseStore) -> None:
    store.put_case(make_case())
    for year, sha in (("2017", "b"), ("2019", "c"), ("2018", "d")):
        citing = _citing(f"un-cescr-{year}-x", _cites(("communication", "2/2014")), shas=(sha * 64,))
        store.put_case(citing.model_copy(update={"dates": CaseDates(decision=date(int(year), 1, 1))}))
    total, first = store.cited_by("un-cescr-2015-idg-v-spain", page=1, size=2)
    _, second = store.cited_by("un-cescr-2015-idg-v-spain", page=2, size=2)
    assert total == 3
    assert [c.case_id for c in first + second] == ["un-cescr-2019-x", "un-cescr-2018-x", "un-cescr-2017-x"]


def test_cases_stored_before_the_citation_tables_get_their_keys(store: CaseStore) -> None:
    store.put_case(make_case())
    store._conn.execute("DELETE FROM case_keys")  # as in a store migrated from before the citation tables
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("communication", "2/2014"))))
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id is None
    store._key_stored_cases()  # what opening such a store does, once
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id == "un-cescr-2015-idg-v-spain"


@pytest.mark.parametrize(
    ("title", "cited"),
    [
        ("Government of the Republic of South Africa and Others v. Grootboom and Others",
         "government of republic of south africa v grootboom"),
        ("Caso Acevedo Jaramillo y otros Vs. Perú", "acevedo jaramillo v peru"),
        ("CASE OF YORDANOVA AND OTHERS v. BULGARIA", "case of yordanova v bulgaria"),
        ("Minister of Health v. TAC (No 2)", "minister of health v tac (no 2)"),
        ("Affaire Airey c. Irlande", "airey v irlande"),
    ],
)  # fmt: skip
def test_titles_and_citations_compare_alike(title: str, cited: str) -> None:
    assert ("case-name", match_value("case-name", cited)) in title_keys(title)


def test_judgments_of_one_case_named_alike_are_told_apart_by_date_and_number(store: CaseStore) -> None:
    reparations = make_case("iacthr-1993-aloeboetoe", sha="d" * 64).model_copy(
        update={
            "identifiers": [],
            "titles": {"es": Title(full="Caso Aloeboetoe y otros Vs. Surinam")},
            "dates": CaseDates(decision=date(1993, 9, 10)),
        }
    )
    store.put_case(reparations)
    name = (("case-name", "aloeboetoe v surinam"), ("party", "aloeboetoe"))
    merits = _cites(*name, ("series-c", "11"), ("decision-date", "1991-12-04"))  # the 1991 merits judgment
    same = _cites(*name, ("decision-date", "1993-09-10"), paragraph="9")
    undated = _cites(*name, paragraph="10")
    store.put_case(_citing("un-cescr-2017-bdb", merits, same, undated))
    assert [c.case_id for c in store.get_case("un-cescr-2017-bdb").citations] == [
        None,
        "iacthr-1993-aloeboetoe",
        "iacthr-1993-aloeboetoe",
    ]
    # A date alone names no case: a citation printing only the day another case was decided stays unresolved.
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("decision-date", "1993-09-10"))))
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id is None


def test_only_a_change_the_graph_reads_queues_the_neighbours(store: CaseStore) -> None:
    store.put_case(make_case())
    store.put_case(_citing("un-cescr-2017-bdb", _cites(("communication", "2/2014"))))
    index_queue.done(store, index_queue.last_change(store))
    idg = store.get_case("un-cescr-2015-idg-v-spain")
    store.put_case(idg.model_copy(update={"summaries": {"en": "Another summary."}}))
    assert index_queue.pending(store).case_ids == ["un-cescr-2015-idg-v-spain"]
    index_queue.done(store, index_queue.last_change(store))
    store.put_case(idg.model_copy(update={"identifiers": []}))  # no longer named by the citation
    assert set(index_queue.pending(store).case_ids) == {"un-cescr-2015-idg-v-spain", "un-cescr-2017-bdb"}
    assert store.get_case("un-cescr-2017-bdb").citations[0].case_id is None
