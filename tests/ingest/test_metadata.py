"""Metadata read from text in five languages: dates, identifiers, articles, outcomes, forum, States, language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF

from caselaw.config import Settings
from caselaw.ingest import metadata
from caselaw.ingest.extract import extract_file
from caselaw.ingest.language import detect_sections


def test_dates_in_five_languages_and_which_is_which() -> None:
    meta = metadata.extract(
        "Date of communication: 5 February 2014\nDate of adoption of Views: 17 June 2015\n", None, []
    )
    assert (meta.communication_date, meta.decision_date) == (date(2014, 2, 5), date(2015, 6, 17))
    spanish = metadata.extract(
        "Fecha de la comunicación: 10 de marzo de 2016\nDictamen aprobado el 11 de octubre de 2019", None, []
    )
    assert (spanish.communication_date, spanish.decision_date) == (date(2016, 3, 10), date(2019, 10, 11))
    assert metadata.extract("Adoptée le 5 décembre 2007", None, []).decision_date == date(2007, 12, 5)
    assert metadata.extract("Lisboa, 5 de abril de 2013.", None, []).decision_date == date(2013, 4, 5)
    assert metadata.extract("تاريخ اعتماد الآراء: 20 حزيران/يونيه 2017", None, []).decision_date == date(2017, 6, 20)
    colombian = "Bogotá, D.C., veintidós (22) de enero de dos mil cuatro (2004)"
    assert metadata.extract(colombian, None, []).decision_date == date(2004, 1, 22)


def test_identifiers() -> None:
    text = (
        "E/C.12/61/D/5/2015\nCommunication No. 5/2015\nCommunication 276/2003 – Endorois\n"
        "Sentencia T-025/04\nApplication no. 25446/06\nRéclamation n° 39/2006\nCase CCT 39/09\nالبلاغ رقم 2/2014"
    )
    found = set(metadata.extract(text, None, []).identifiers)
    assert {
        ("un-symbol", "E/C.12/61/D/5/2015"),
        ("communication", "5/2015"),
        ("communication", "276/2003"),
        ("case-number", "T-025/04"),
        ("application", "25446/06"),
        ("complaint", "39/2006"),
        ("case-number", "CCT 39/09"),
        ("communication", "2/2014"),
    } <= found


def test_articles_are_normalised_to_the_named_instrument() -> None:
    text = (
        "The Committee on Economic, Social and Cultural Rights finds a violation of article 11 (1), read in "
        "conjunction with article 2 (1), of the Covenant, and examined article 3 (2) (b) of the Optional Protocol."
    )
    articles = metadata.articles(text, "un-cescr")
    assert "ICESCR:11(1)" in articles and "ICESCR:2(1)" in articles
    assert "OP-ICESCR:3(2)(b)" in articles
    assert metadata.articles("violación del artículo 21 de la Carta Africana", "achpr") == ["ACHPR:21"]


def test_negated_findings_are_not_violations() -> None:
    text = "x " * 400 + "El Comité considera que los hechos no constituyen una violación del artículo 11 del Pacto."
    assert metadata.extract(text, None, []).outcome == "no-violation"
    found = "x " * 400 + "The facts constitute a violation of article 11 (1) of the Covenant."
    meta = metadata.extract("Committee on Economic, Social and Cultural Rights\n" + found, None, [])
    assert meta.outcome == "violation" and ("ICESCR:11(1)", "violation") in meta.article_outcomes


def test_forum_names_in_every_language() -> None:
    names = {
        "Comité de Derechos Económicos, Sociales y Culturales": "un-cescr",
        "Comité des droits économiques, sociaux et culturels": "un-cescr",
        "Comitê dos Direitos Econômicos, Sociais e Culturais": "un-cescr",
        "اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية": "un-cescr",
        "African Commission on Human and Peoples' Rights": "achpr",
    }
    for name, code in names.items():
        assert metadata.extract(name + "\nState party: Spain", None, []).forum == code, name


def test_respondent_state_in_several_languages() -> None:
    assert metadata.extract("État partie : France", None, []).respondent_states == ["FR"]
    assert metadata.extract("I.D.G. c. España", None, []).respondent_states == ["ES"]
    assert metadata.extract("الدولة الطرف: إسبانيا", None, []).respondent_states == ["ES"]


def test_a_spanish_decision_with_an_english_summary_has_both_languages(tmp_path: Path) -> None:
    spanish = (
        "El Comité considera que el desalojo de la familia sin una vivienda alternativa adecuada vulneró el "
        "derecho a la vivienda de los autores, y recuerda que el Estado parte debe adoptar todas las medidas "
        "razonables, hasta el máximo de los recursos de que disponga, para garantizar un alojamiento alternativo. "
    )
    english = (
        "Summary. The Committee found that evicting the family without adequate alternative housing violated "
        "the authors' right to housing, and recalled that the State party must take all reasonable measures, to "
        "the maximum of its available resources, to provide alternative accommodation to those evicted. "
    )
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, "Comité de Derechos Económicos, Sociales y Culturales\n\n")
    for number in range(1, 9):
        pdf.multi_cell(0, 5, f"{number}. {spanish}\n\n")
    for number in range(9, 12):
        pdf.multi_cell(0, 5, f"{number}. {english}\n\n")
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    result = extract_file(str(path), Settings(data_dir=tmp_path / "data"))
    assert result.case is not None, result.message
    assert result.case.documents[0].languages == ["es", "en"]
    assert detect_sections(["x"]) == []
