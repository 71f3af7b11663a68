"""Follow-up documents at ingest: read as such in five languages, filed with the decision they name (an event on
its timeline, the document its source) whichever arrives first, kept on their own when they name no stored
decision; a merge of two cases moves their follow-up events instead of deleting them.

The PDFs are written here, in our own words: a State's follow-up report and the authors' comments on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fpdf import FPDF

from caselaw.config import Settings
from caselaw.ingest import Outcome, ingest_paths
from caselaw.ingest.extract import extract_file
from caselaw.ingest.follow_up_attach import reading_of
from caselaw.ingest.follow_up_reading import event_date, read_follow_up
from caselaw.ingest.pipeline import _regroup
from caselaw.ingest.report import FileReport, IngestReport
from caselaw.models import Case, Document, FollowUpEvent, Title
from caselaw.store import CaseStore, follow_up
from tests.ingest.conftest import FIXTURES

BEN_DJAZIA = FIXTURES / "pdf" / "un-cescr-2017-ben-djazia-bellili-v-spain.en.pdf"
BEN_DJAZIA_ES = FIXTURES / "pdf" / "un-cescr-2017-ben-djazia-bellili-v-spain.es.pdf"
FONT = FIXTURES / "fonts" / "DejaVuSans.ttf"

_REPORT_BODY = (
    "The State party explains that the regional housing agency offered the family a flat at a social rent, that "
    "a bill on the eviction of households in a vulnerable situation is before parliament, and that the Views were "
    "translated and published on the ministry's website so that judges hearing eviction cases can read them."
)
_COMMENTS_BODY = (
    "Los autores señalan que la vivienda ofrecida no se adjudicó hasta dos años después del desalojo, que el "
    "proyecto de ley no prevé una evaluación de proporcionalidad antes de cada lanzamiento y que la familia "
    "siguió viviendo en un albergue temporal durante ese tiempo, separada en varias habitaciones."
)


def _pdf(path: Path, headings: list[str], body: str) -> Path:
    pdf = FPDF()
    pdf.add_font("sans", "", str(FONT))
    pdf.set_font("sans", size=10)
    pdf.add_page()
    for line in headings:
        pdf.multi_cell(0, 5, line + "\n\n")
    for number in range(1, 5):
        pdf.multi_cell(0, 5, f"{number}. {body}\n\n")
    pdf.output(str(path))
    return path


def _state_report(folder: Path, symbol: str = "E/C.12/61/D/5/2015", number: str = "5/2015") -> Path:
    return _pdf(
        folder / f"follow-up-{number.replace('/', '-')}.pdf",
        [
            "Committee on Economic, Social and Cultural Rights",
            f"Follow-up report of the State party on the Views adopted on communication No. {number}",
            symbol,
            "Date of the report: 14 March 2019",
            "State party: Spain",
        ],
        _REPORT_BODY,
    )


# ---- reading: what a follow-up document is, in five languages, by its headings only ---------------------------


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        ("Follow-up report of the State party\nCommunication No. 5/2015", "state-report"),
        ("Informe de seguimiento presentado por el Estado parte\nComunicación núm. 5/2015", "state-report"),
        ("Informations reçues de l'État partie au titre du suivi des constatations", "state-report"),
        ("Relatório de acompanhamento do Estado parte sobre o parecer", "state-report"),
        ("تقرير متابعة مقدم من الدولة الطرف بشأن الآراء", "state-report"),
        ("Comentarios de los autores sobre la información de seguimiento del Estado parte", "author-comments"),
        ("Commentaires des auteurs sur les observations de suivi de l'État partie", "author-comments"),
        ("Resolution on the implementation of the decision of the Commission", "supervisory-resolution"),
        ("Résolution CM/ResDH(2021)9\nExécution de l'arrêt de la Cour européenne", "supervisory-resolution"),
        ("Follow-up progress report on individual communications\nAssessment: C", "assessment-unsatisfactory"),
        ("Rapport intérimaire de suivi\nÉvaluation : B1", "assessment-partial"),
        (
            "Informe sobre los progresos en el seguimiento\nEl Comité decide cerrar el seguimiento con una "
            "constatación de cumplimiento satisfactorio",
            "closed-satisfactory",
        ),
        ("Follow-up progress report\nThe Committee decides to keep the follow-up open", "dialogue-ongoing"),
    ],
)
def test_a_follow_up_heading_names_the_event_type(headings: str, expected: str) -> None:
    found = read_follow_up(None, headings + "\n" + _REPORT_BODY)
    assert found is not None and found.type == expected


@pytest.mark.parametrize(
    "text",
    [
        # A decision: its closing paragraph asks for follow-up information, its headings never say follow-up.
        "Views adopted by the Committee under article 9 of the Optional Protocol\nCommunication No. 5/2015\n"
        + "\n".join(f"{n}. {_REPORT_BODY}" for n in range(1, 8))
        + "\n20. The State party should submit, within 180 days, follow-up information on the measures taken.",
        # A court supervising compliance with its own judgment: a decision of its own.
        "Corte Interamericana de Derechos Humanos\nResolución de 28 de enero de 2015\nCaso Quispe vs. Perú\n"
        "Supervisión de cumplimiento de sentencia",
        "Inter-American Court of Human Rights\nMonitoring compliance with judgment\nCase of Quispe v. Peru",
    ],
)
def test_decisions_are_not_follow_up_documents(text: str) -> None:
    assert read_follow_up(None, text) is None


def test_the_event_date_is_the_documents_own_after_the_decision() -> None:
    decided = date(2017, 6, 20)
    assert event_date(date(2019, 3, 14), "", decided) == date(2019, 3, 14)
    # The date read is the decision's, recalled in the title: the later date the first page prints is the report's.
    text = "Follow-up to the Views adopted on 20 June 2017\nSubmitted on 2 May 2018"
    assert event_date(decided, text, decided) == date(2018, 5, 2)
    assert event_date(decided, "Follow-up to the Views adopted on 20 June 2017", decided) is None


# ---- ingest: filed with its decision, or kept on its own ----------------------------------------------------


def test_a_follow_up_report_joins_the_decision_it_names(store: CaseStore, settings: Settings, tmp_path: Path) -> None:
    report_pdf = _state_report(tmp_path)
    report = ingest_paths([report_pdf, BEN_DJAZIA], store, settings, workers=1)
    assert store.count() == 1
    (case_id,) = store.ids()
    outcomes = {Path(f.path).name: (f.outcome, f.case_id) for f in report.files}
    assert outcomes[report_pdf.name] == (Outcome.UPDATED, case_id)
    case = store.get_case(case_id)
    assert case.id == "un-cescr-2017-ben-djazia-bellili-v-spain" and case.kind == "decision"
    filed = case.documents[-1]
    assert filed.kind == "follow-up" and store.blobs.exists(filed.sha256)
    (event,) = case.follow_up.events
    assert (event.type, event.date, event.source and event.source.sha256) == ("state-report", date(2019, 3, 14),
                                                                             filed.sha256)  # fmt: skip
    assert event.note is not None and "Follow-up report" in event.note
    assert case.follow_up.derived == "no-measure-known"
    # The decision's own record is untouched: its titles, identifiers and date stay the decision's.
    assert case.dates.decision == date(2017, 6, 20) and set(case.titles) == {"en"}
    again = ingest_paths([report_pdf], store, settings, workers=1)
    assert again.files[0].outcome is Outcome.DUPLICATE and len(store.get_case(case_id).follow_up.events) == 1


def test_a_follow_up_of_no_stored_decision_is_kept_for_review(
    store: CaseStore, settings: Settings, tmp_path: Path
) -> None:
    unknown = _state_report(tmp_path, symbol="E/C.12/70/D/99/2019", number="99/2019")
    report = ingest_paths([BEN_DJAZIA, unknown], store, settings, workers=1)
    assert store.count() == 2 and not report.failed
    item = next(f for f in report.files if Path(f.path) == unknown)
    assert item.outcome is Outcome.INGESTED and item.case_id is not None
    record = store.get_case(item.case_id)
    assert (record.kind, record.decision_type, record.status.value) == ("report", None, "needs-review")
    assert record.review_reasons[0] == "kind" and record.kind_evidence[0].pattern == "follow-up document"
    assert not record.rights and store.blobs.exists(record.documents[0].sha256)
    assert "99/2019" in {i.value for i in record.identifiers}
    assert not store.get_case("un-cescr-2017-ben-djazia-bellili-v-spain").follow_up.events


def test_a_follow_up_ingested_before_its_decision_joins_it_later(
    store: CaseStore, settings: Settings, tmp_path: Path
) -> None:
    report_pdf = _state_report(tmp_path)
    first = ingest_paths([report_pdf], store, settings, workers=1)
    waiting = first.files[0].case_id
    assert waiting is not None and store.get_case(waiting).kind == "report"
    # The decision, in two languages, is not taken for a translation of the waiting report: it gets it.
    second = ingest_paths([BEN_DJAZIA_ES, BEN_DJAZIA], store, settings, workers=1)
    assert store.ids() == ["un-cescr-2017-ben-djazia-bellili-v-spain"]
    case = store.get_case(store.ids()[0])
    assert sorted(d.kind for d in case.documents) == ["follow-up", "original", "original"]
    assert [e.type for e in case.follow_up.events] == ["state-report"]
    assert store.resolve(waiting) == case.id and {f.case_id for f in second.files} == {case.id}


def test_the_authors_comments_in_spanish_join_as_comments(store: CaseStore, settings: Settings, tmp_path: Path) -> None:
    comments = _pdf(
        tmp_path / "comentarios.pdf",
        [
            "Comité de Derechos Económicos, Sociales y Culturales",
            "Comentarios de los autores sobre el informe de seguimiento del Estado parte",
            "Comunicación núm. 5/2015",
            "Fecha: 3 de octubre de 2019",
        ],
        _COMMENTS_BODY,
    )
    ingest_paths([BEN_DJAZIA, comments], store, settings, workers=1)
    (case_id,) = store.ids()
    case = store.get_case(case_id)
    (event,) = case.follow_up.events
    assert (event.type, event.date, event.note_language) == ("author-comments", date(2019, 10, 3), "es")
    assert case.languages == ["en"]  # Spanish comments on it do not make the decision available in Spanish


# ---- a merge moves the follow-up ---------------------------------------------------------------------------


def _order(case_id: str, language: str, title: str, *, age: int) -> Case:
    return Case(
        id=case_id,
        titles={language: Title(full=title)},
        forum="iacthr",
        decision_type="judgment",
        respondent_states=["BO"],
        dates={"decision": date(2019, 3, 4)},
        identifiers=[{"scheme": "docket", "value": "7"}],
        created_at=datetime.now(UTC) - timedelta(minutes=age),
        documents=[Document(sha256=case_id[-1] * 64, language=language, text=title)],
    )


def test_merging_two_cases_moves_the_absorbed_cases_follow_up(store: CaseStore) -> None:
    older = _order("iacthr-2019-case-of-quispe-a", "en", "Case of Quispe v. Bolivia", age=9)
    newer = _order("iacthr-2019-caso-quispe-b", "es", "Caso Quispe vs. Bolivia", age=1)
    store.put_case(older)
    store.put_case(newer)
    kept = follow_up.add_event(store, older.id, FollowUpEvent(date=date(2020, 1, 5), type="measure"), actor="ana")
    follow_up.add_event(store, newer.id, FollowUpEvent(date=date(2021, 2, 1), type="state-report"), actor="ana")
    follow_up.set_override(store, newer.id, "partial", reason="the editor read the report", actor="ana")
    _regroup(IngestReport(files=[FileReport("b.pdf", Outcome.INGESTED, case_id=newer.id)]), store)
    assert store.ids() == [older.id]
    merged = store.get_case(older.id).follow_up
    assert [e.type for e in merged.events] == ["measure", "state-report"]
    assert merged.events[0].id == kept.events[0].id
    assert merged.override is not None and merged.level == "partial"
    actions = [entry.action for entry in follow_up.history(store, older.id)]
    assert actions == ["add", "add", "override", "merge"]


def test_moving_keeps_the_surviving_cases_override(store: CaseStore) -> None:
    a = _order("iacthr-2019-case-of-quispe-a", "en", "Case of Quispe v. Bolivia", age=9)
    b = _order("iacthr-2019-caso-quispe-b", "es", "Caso Quispe vs. Bolivia", age=1)
    store.put_case(a)
    store.put_case(b)
    follow_up.set_override(store, a.id, "full", reason="closed by the court", actor="ana")
    follow_up.set_override(store, b.id, "partial", reason="older reading", actor="ana")
    assert follow_up.move(store, b.id, a.id, actor="ingest") == 0
    assert store.get_case(a.id).follow_up.level == "full"
    last = follow_up.history(store, a.id)[-1]
    assert last.action == "merge" and last.changes["override"]["old"]["level"] == "partial"


def test_a_courts_follow_up_order_with_an_operative_part_stays_a_decision(settings: Settings, tmp_path: Path) -> None:
    order = _pdf(
        tmp_path / "auto.pdf",
        [
            "Corte Constitucional de Colombia",
            "Sala Especial de Seguimiento a la Sentencia T-025 de 2004",
            "Auto 219 de 2011",
            "Bogotá, 13 de octubre de 2011",
        ],
        "La Sala examina los informes presentados por el Gobierno sobre la atención a la población desplazada y "
        "constata que las medidas adoptadas no han superado el estado de cosas inconstitucional declarado. "
        "RESUELVE: Primero. ORDENAR al Gobierno que presente un nuevo informe dentro de los tres meses siguientes.",
    )
    result = extract_file(str(order), settings)
    assert result.case is not None
    document = result.case.documents[0]
    assert read_follow_up(document.title, document.text) is not None  # its headings do say follow-up
    assert reading_of(result.case) is None and result.case.kind == "decision"
