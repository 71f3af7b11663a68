"""Translations end in one case whatever order they arrive in: a State read in one language only is no
contradiction, and after a batch each case it touched is looked up again (a third document may bring what joins
two others)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from caselaw.ingest.pipeline import _regroup, _same_day_and_parties
from caselaw.ingest.report import FileReport, IngestReport, Outcome
from caselaw.models import Case, Document, Title
from caselaw.store import CaseStore

DAY = date(2019, 3, 4)


def _case(case_id: str, language: str, title: str, *, states: list[str], numbers: list[str], age: int = 0) -> Case:
    """A made-up Inter-American order in one language, created `age` minutes ago."""
    return Case(
        id=case_id,
        titles={language: Title(full=title)},
        forum="iacthr",
        decision_type="provisional-measures",
        respondent_states=states,
        dates={"decision": DAY},
        identifiers=[{"scheme": "docket", "value": value} for value in numbers],
        created_at=datetime.now(UTC) - timedelta(minutes=age),
        documents=[Document(sha256=case_id[-1] * 64, language=language, text=title)],
    )


def _report(*case_ids: str) -> IngestReport:
    return IngestReport(files=[FileReport(f"{i}.pdf", Outcome.INGESTED, case_id=i) for i in case_ids])


def test_a_translation_that_read_no_state_joins_in_either_order(store: CaseStore) -> None:
    spanish = _case("iacthr-2019-asunto-quispe-a", "es", "Asunto Quispe Mamani respecto de Bolivia", states=["BO"],
                    numbers=[])  # fmt: skip
    english = _case("iacthr-2019-order-of-the-b", "en", "Matter of Quispe Mamani", states=[], numbers=[])
    store.put_case(spanish)
    assert _same_day_and_parties(english, store) is not None
    store.delete_case(spanish.id)
    store.put_case(english)
    assert _same_day_and_parties(spanish, store) is not None


def test_different_states_or_no_shared_name_stay_apart(store: CaseStore) -> None:
    store.put_case(_case("iacthr-2019-asunto-quispe-a", "es", "Asunto Quispe Mamani", states=["BO"], numbers=[]))
    assert (
        _same_day_and_parties(_case("x-b", "en", "Matter of Quispe Mamani", states=["PE"], numbers=[]), store) is None
    )
    assert _same_day_and_parties(_case("x-c", "en", "Matter of Huanca Torres", states=[], numbers=[]), store) is None


def test_a_case_a_batch_touched_is_merged_with_the_case_it_now_matches(store: CaseStore) -> None:
    # Two ingests at once: the French order was stored as a case of its own before the Spanish one, carrying
    # both numbers, joined the English case; looked up again after the batch, the two cases are one.
    english = _case("iacthr-2019-matter-of-quispe-a", "en", "Matter of Quispe", states=["BO"], numbers=["1"], age=5)
    french = _case("iacthr-2019-affaire-quispe-b", "fr", "Affaire Quispe", states=["BO"], numbers=["2"], age=3)
    store.put_case(french)
    # The Spanish document brought number 2 to the English case.
    store.put_case(english.model_copy(update={"identifiers": [*english.identifiers, *french.identifiers]}))
    report = _report(english.id)
    report.files[0].outcome = Outcome.UPDATED
    _regroup(report, store)
    assert store.ids() == [english.id]
    merged = store.get_case(english.id)
    assert sorted(d.language for d in merged.documents) == ["en", "fr"]
    assert merged.aliases == [french.id] and store.resolve(french.id) == english.id


def test_the_older_case_stays_and_the_report_names_it(store: CaseStore) -> None:
    older = _case("iacthr-2019-matter-of-quispe-a", "en", "Matter of Quispe", states=["BO"], numbers=[], age=9)
    newer = _case("iacthr-2019-asunto-quispe-b", "es", "Asunto Quispe", states=[], numbers=[], age=1)
    store.put_case(older)
    store.put_case(newer)
    report = _report(newer.id)
    _regroup(report, store)
    assert store.ids() == [older.id]
    assert (report.files[0].case_id, report.files[0].outcome) == (older.id, Outcome.UPDATED)


def test_a_case_an_editor_worked_on_is_never_absorbed(store: CaseStore) -> None:
    first = _case("iacthr-2019-matter-of-quispe-a", "en", "Matter of Quispe", states=["BO"], numbers=[], age=9)
    edited = _case("iacthr-2019-asunto-quispe-b", "es", "Asunto Quispe", states=[], numbers=[], age=1)
    store.put_case(first)
    stored = store.put_case(edited)
    store.edit_case(stored.model_copy(update={"outcome": "violation"}), expected_revision=1, actor="ana")
    _regroup(_report(edited.id), store)
    assert sorted(store.ids()) == sorted([first.id, edited.id])
