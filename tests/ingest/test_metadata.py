"""Metadata read from text in five languages: dates, identifiers, articles, outcomes, forum, States, language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF

from caselaw.config import Settings
from caselaw.ingest import metadata
from caselaw.ingest.extract import extract_file
from caselaw.ingest.language import detect_sections
from caselaw.models import Case


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


# ---- Forums: the taxonomy's bodies by name, national courts as printed ------------------------------------


def test_inter_american_bodies_are_named_in_four_languages() -> None:
    for caption, code in {
        "CORTE INTERAMERICANA DE DERECHOS HUMANOS\nCASO PÉREZ Y OTROS VS. PERÚ": "iacthr",
        "Inter-American Court of Human Rights\nCase of Pérez et al. v. Peru": "iacthr",
        "CORTE INTERAMERICANA DE DIREITOS HUMANOS\nCASO PÉREZ E OUTROS VS. PERU": "iacthr",
        "RESOLUCIÓN DE LA\nCORTE INTERAMERICANA DE DERECHOS HUMANOS\nDE 3 DE MAYO DE 2011\nCASO RUIZ VS. PERÚ": (
            "iacthr"
        ),
        "INFORME No. 12/05\nADMISIBILIDAD\nPETICIÓN 100.01\nPERÚ\n\n1. Una petición fue presentada a la Comisión "
        "Interamericana de Derechos Humanos contra el fallo del Tribunal Constitucional del Perú.": "iachr",
        "RELATÓRIO No. 12/05\nPETIÇÃO 100.01\n\n1. A Comissão Interamericana de Direitos Humanos recebeu": "iachr",
    }.items():
        meta = metadata.extract(caption, None, [])
        assert meta.forum == code, caption
        assert meta.respondent_states == ["PE"] or "RELATÓRIO" in caption, caption


def test_a_national_court_the_taxonomy_does_not_list_gets_an_open_code() -> None:
    cases = {
        # printed caption -> (code, printed name, country, level)
        "IN THE HIGH COURT OF KARNATAKA AT BENGALURU\nWRIT PETITION No. 812 OF 2023": (
            "in-karnataka-high-court",
            "High Court of Karnataka at Bengaluru",
            "IN",
            "high-court",
        ),
        "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\nJANE ROE,\nPlaintiff,": (
            "us-district-court-southern-district-of-new-york",
            "United States District Court Southern District of New York",
            "US",
            "lower-court",
        ),
        "UNITED STATES COURT OF APPEALS\nFOR THE\nNINTH CIRCUIT\n\nJOHN DOE, Appellant": (
            "us-court-of-appeals-for-ninth-circuit",
            "United States Court of Appeals for the Ninth Circuit",
            "US",
            "high-court",
        ),
        "Cour de cassation\nChambre sociale\nECLI:FR:CCASS:2019:SO01234\nAudience publique du 4 avril 2019": (
            "fr-cour-de-cassation",
            "Cour de cassation, Chambre sociale",
            "FR",
            "supreme-court",
        ),
        "TRIBUNAL SUPERIOR DE JUSTICIA DE MADRID\nSALA DE LO SOCIAL\nSentencia núm. 45/2020": (
            "es-tribunal-superior-de-justicia-de-madrid",
            "Tribunal Superior de Justicia de Madrid, Sala de lo Social",
            "ES",
            "high-court",
        ),
        "REPUBLIC OF KENYA\nIN THE ENVIRONMENT AND LAND COURT AT MOMBASA\nE.L.C. CASE NO. 5 OF 2019": (
            "ke-environment-and-land-court-at-mombasa",
            "Environment and Land Court at Mombasa",
            "KE",
            None,
        ),
        "OREGON\nWORKERS' COMPENSATION\nAPPEALS BOARD\nIn the matter of the claim of Ana Ruiz": (
            "us-oregon-workers-compensation-appeals-board",
            "Oregon Workers' Compensation Appeals Board",
            "US",
            "administrative-court",
        ),
        "المحكمة الدستورية العليا\nجمهورية مصر العربية\nبالجلسة العلنية المنعقدة يوم السبت": (
            None,  # an Arabic name has no ASCII slug: the code is a digest, checked below
            "المحكمة الدستورية العليا",
            "EG",
            "constitutional-court",
        ),
    }
    for caption, (code, name, country, level) in cases.items():
        meta = metadata.extract(caption, None, [])
        assert (meta.forum_name, meta.forum_country, meta.forum_level) == (name, country, level), caption
        assert meta.forum is not None and meta.forum.startswith(country.lower() + "-"), caption
        assert code is None or meta.forum == code, caption
        assert meta.respondent_states == [country], caption
        Case(id="x", titles={"en": {"full": "x"}}, forum=meta.forum, forum_name=name, forum_country=country)


def test_a_listed_national_court_wins_over_an_open_code() -> None:
    assert metadata.extract("THE SUPREME COURT OF APPEAL OF SOUTH AFRICA\nJUDGMENT", None, []).forum == (
        "za-supreme-court-of-appeal"
    )
    kenyan = "[2019] KEHC 12 (KLR)\nREPUBLIC OF KENYA\nIN THE HIGH COURT AT KISUMU\nCIVIL APPEAL 3 OF 2018"
    meta = metadata.extract(kenyan, None, [])
    assert (meta.forum, meta.forum_name) == ("ke-high-court", "High Court at Kisumu")
    colombian = "REPÚBLICA DE COLOMBIA\nCORTE CONSTITUCIONAL\nSentencia T-100/19"
    assert metadata.extract(colombian, None, []).forum == "co-constitutional-court"
    # A body the caption names first wins over a national court the caption then mentions, and back.
    national = "IN THE HIGH COURT OF KARNATAKA\n\n1. The Committee on Economic, Social and Cultural Rights said"
    assert metadata.extract(national, None, []).forum == "in-karnataka-high-court"


def test_without_a_country_the_printed_name_waits_for_review() -> None:
    meta = metadata.extract("SUPREMO TRIBUNAL DE JUSTIÇA\nAcordam os juízes", None, [])
    assert (meta.forum, meta.forum_name, meta.forum_level) == (None, "Supremo Tribunal de Justiça", "supreme-court")


def test_open_forum_codes_are_stable_short_and_ascii() -> None:
    assert metadata.open_forum_code("IN", "Supreme Court of India") == "in-supreme-court"
    assert metadata.open_forum_code("ZA", "The Supreme Court of Appeal of South Africa") == "za-supreme-court-of-appeal"
    assert metadata.open_forum_code("MX", "Suprema Corte de Justicia de la Nación") == (
        "mx-suprema-corte-de-justicia-de-nacion"
    )
    long_name = "Tribunal Superior del Distrito Judicial de Santa Marta, Sala Civil Familia Laboral"
    code = metadata.open_forum_code("CO", long_name)
    assert len(code) <= 50 and code.startswith("co-tribunal-superior-distrito-judicial") and code.isascii()
    arabic = metadata.open_forum_code("EG", "محكمة النقض المصرية")
    # An Arabic name is transliterated, the country's name (here its adjective) left out.
    assert arabic == metadata.open_forum_code("EG", "محكمة النقض") == "eg-mhkma-nqd" and arabic.isascii()


def test_one_high_court_has_one_code_whichever_form_its_caption_takes() -> None:
    for name in ("High Court of Judicature at Patna", "High Court at Patna", "Patna High Court"):
        assert metadata.open_forum_code("IN", name) == "in-patna-high-court", name
    # A place after "of" names the court; a seat after it does not; a country's name is left out.
    assert metadata.open_forum_code("IN", "High Court of Kerala at Ernakulam") == "in-kerala-high-court"
    assert metadata.open_forum_code("UG", "High Court of Uganda at Gulu") == "ug-high-court"
    # "of Justice" is no place: the name stays as printed.
    assert metadata.open_forum_code("GB", "High Court of Justice") == "gb-high-court-of-justice"


def test_a_high_court_of_judicature_caption_is_read_as_printed() -> None:
    caption = (
        "IN THE HIGH COURT OF JUDICATURE AT PATNA\n(Civil Writ Jurisdiction)\nCWJC No. 77 of 2021\n"
        "See www.patnahighcourt.gov.in"
    )
    meta = metadata.extract(caption, None, [])
    assert (meta.forum, meta.forum_name, meta.forum_country) == (
        "in-patna-high-court",
        "High Court of Judicature at Patna",
        "IN",
    )


def test_a_court_that_prints_no_name_is_known_by_its_docket_form() -> None:
    # A reporter page whose running head is cut off: the bracketed case number carries the court and division.
    caption = "[No. 40112-5-II. Division Two. March 3, 2020.]\n\nIn the Matter of the Marriage of Ann Roe and Bo Roe."
    meta = metadata.extract(caption, None, [])
    assert meta.forum_name == "Court of Appeals of Washington, Division Two"
    assert (meta.forum_country, meta.respondent_states, meta.forum_level) == ("US", ["US"], "high-court")
    assert meta.forum is not None and meta.forum.startswith("us-")
    # The same digits without the Roman division are somebody else's number.
    assert metadata.extract("No. 40112-5 of the register", None, []).forum is None


def test_state_court_reporters_tie_a_text_to_the_united_states() -> None:
    for citation in ("199 Wn. App. 629", "175 Wn.2d 1", "410 P.3d 12", "98 N.E.2d 4", "12 Cal.App.4th 100"):
        text = f"SUPERIOR COURT\nJane Roe v. John Doe\nSee {citation}."
        assert metadata.extract(text, None, []).respondent_states == ["US"], citation


# ---- States --------------------------------------------------------------------------------------------------


def test_states_from_cover_blocks_captions_and_long_names() -> None:
    for text, code in {
        "State party: Malawi": "MW",
        "État partie : République du Mali": "ML",
        "Estado parte: Estado Plurinacional de Bolivia": "BO",
        "Estado Parte: República do Malauí": "MW",
        "الدولة الطرف: المغرب": "MA",
        "Caso Gómez y otros vs. Perú\nSentencia de 2 de mayo de 2010": "PE",
        "Case of Gómez et al. v. Ecuador\nJudgment of May 2, 2010": "EC",
        "Affaire Gómez et autres c. Chili\nArrêt du 2 mai 2010": "CL",
        "Medidas provisionales respecto de la República de Colombia": "CO",
        "Provisional measures regarding Colombia": "CO",
        "Provisional Measures\nwith regard to the Republic of Colombia\nMatter of Gómez et al.": "CO",
        "Republic of Malawi\nCommunication No. 3/2019": "MW",
    }.items():
        assert metadata.extract(text, None, []).respondent_states == [code], text


def test_a_un_country_document_is_about_the_state_in_its_symbol() -> None:
    text = "Nations Unies\nCRPD/C/ALB/CO/1\nComité des droits des personnes handicapées\nObservations finales"
    assert metadata.extract(text, None, []).respondent_states == ["AL"]
    assert metadata.extract("CRPD/C/ECU/CO/2-3\nConvention", None, []).respondent_states == ["EC"]


def test_a_national_courts_state_is_its_own_not_a_partys() -> None:
    caption = "UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\nAcme Fund LTD v. The Argentine Republic"
    assert metadata.extract(caption, None, []).respondent_states == ["US"]
    # No court named, but the parties are a State's own provinces.
    indian = "14.08.2025\nW.P.A. 1234 of 2025\nRam Das & Ors.\nVs.\nThe State of West Bengal & Ors."
    meta = metadata.extract(indian, None, [])
    assert (meta.forum, meta.respondent_states) == (None, ["IN"])


# ---- Dates ---------------------------------------------------------------------------------------------------


def test_treaty_body_cover_dates_in_five_languages() -> None:
    for text in (
        "Date of communication: 3 March 2016 (initial submission)\nDate of adoption of Views: 9 October 2019",
        "Fecha de la comunicación: 3 de marzo de 2016\nFecha de aprobación del dictamen: 9 de octubre de 2019",
        "Date de la communication : 3 mars 2016\nDate d'adoption des constatations : 9 octobre 2019",
        "Data da comunicação: 3 de março de 2016\nData de adoção do parecer: 9 de outubro de 2019",
        "تاريخ تقديم البلاغ: 3 آذار/مارس 2016\nتاريخ اعتماد الآراء: 9 تشرين الأول/أكتوبر 2019",
        "تاريخ تقديم البلاغ: ٣ آذار/مارس ٢٠١٦\nتاريخ اعتماد الآراء: ٩ تشرين الأول/أكتوبر ٢٠١٩",
    ):
        meta = metadata.extract(text, None, [])
        assert (meta.communication_date, meta.decision_date) == (date(2016, 3, 3), date(2019, 10, 9)), text


def test_court_titles_with_their_dates() -> None:
    for text, day in {
        "Caso Ruiz vs. Chile\nSentencia de 1 de julio de 2009\n(Fondo)": date(2009, 7, 1),
        "Case of Ruiz v. Chile\nJudgment of July 1, 2009\n(Merits)": date(2009, 7, 1),
        "Caso Ruiz vs. Chile\nSENTENÇA DE 1º DE JULHO DE 2009": date(2009, 7, 1),
        "Affaire Ruiz c. Chili\nArrêt du 1er juillet 2009": date(2009, 7, 1),
        "Resolución de la Corte de 16 de abril de 1997\n(Interpretación de la Sentencia)": date(1997, 4, 16),
        "Coram: A, B and C JJA\nHeard: 7 March 2023\nDelivered: 5 March 2024": date(2024, 3, 5),
        "RESERVED ON : 06.03.2025\nPRONOUNCED ON : 29.04.2025": date(2025, 4, 29),
        "FILED\nSep 13, 2019\n01:20 PM(CT)\nAPPEALS BOARD": date(2019, 9, 13),
        "UNITED STATES TAX COURT\nDocket No. 123-19.\nFiled February 20, 2020.": date(2020, 2, 20),
        "IT IS SO ORDERED.\nDATED: June 7, 2019": date(2019, 6, 7),
        "Decision date: 2021-03-04": date(2021, 3, 4),
        "Digitally signed\nDate: 2025.02.28 17:59:19 IST": date(2025, 2, 28),
        "held on the 15th day of July, two thousand twenty-five.": date(2025, 7, 15),
        "القرار رقم 55\nالتاريخ: 1447/03/24هـ الموافق 2025/09/16م": date(2025, 9, 16),
    }.items():
        assert metadata.extract(text, None, []).decision_date == day, text


def test_dates_that_are_not_the_decisions() -> None:
    meta = metadata.extract("Heard: 7 March 2023\nDelivered: 5 March 2024", None, [])
    assert (meta.hearing_date, meta.decision_date) == (date(2023, 3, 7), date(2024, 3, 5))
    published = metadata.extract("Judgment of 2 May 2019\n( Uploaded on: 20/05/2019 10:00 )", None, [])
    assert published.publication_date == date(2019, 5, 20)
    # An earlier judgment cited in the reasons is not this one's date.
    cited = (
        "CONCURRING OPINION OF JUDGE X\n\n1. I voted for the Judgment.\n\n2. Its historic Judgment (of March 14, 2001)"
    )
    assert metadata.extract(cited, None, []).decision_date is None
    petition = "REPORT No. 5/02\n\n1. By a petition lodged with the Commission on November 12, 1998, the members"
    assert metadata.extract(petition, None, []).communication_date == date(1998, 11, 12)


def test_numeric_dates_follow_the_country() -> None:
    american = "UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nDate 07/09/2021"
    assert metadata.extract(american, None, []).decision_date == date(2021, 7, 9)
    french = "Cour de cassation\nECLI:FR:CCASS:2021:C100123\n07/09/2021"
    assert metadata.extract(french, None, []).decision_date == date(2021, 9, 7)


def test_a_signature_at_the_end_dates_a_decision_with_none_above() -> None:
    body = "\n\n".join(f"{n}. The Commission considered the matter at length." for n in range(1, 120))
    for ending, day in {
        "Dated this 5th day of October, 2021": date(2021, 10, 5),
        "Fait à Paris, le 3 mars 2020.": date(2020, 3, 3),
        "Hecho en San José, Costa Rica, el 12 de mayo de 2015.": date(2015, 5, 12),
        # The place alone in a block above the date, under the judges' names.
        "……J. (A. KUMAR)\n\nNEW DELHI\n\nMARCH 3, 2024": date(2024, 3, 3),
    }.items():
        assert metadata.extract(body + "\n\n" + ending, None, []).decision_date == day, ending


# ---- Decision types ------------------------------------------------------------------------------------------


def test_decision_types_as_the_documents_call_themselves() -> None:
    for caption, kind in {
        "INFORME No. 47/02\nADMISIBILIDAD\nPETICIÓN 12.357": "admissibility-decision",
        "REPORT No. 47/02\nADMISSIBILITY\nPETITION 12.357": "admissibility-decision",
        "REPORT No. 90/14\nCASE 11.111\nMERITS\n\n1. The Commission offered to facilitate a friendly settlement.": (
            "merits-report"
        ),
        "RESOLUCIÓN DE LA\nCORTE INTERAMERICANA DE DERECHOS HUMANOS\nCASO RUIZ VS. CHILE\nSUPERVISIÓN DE "
        "CUMPLIMIENTO DE SENTENCIA": "follow-up",
        "Corte Interamericana de Derechos Humanos\nCaso Ruiz Vs. Chile\n(Interpretación de la Sentencia de Fondo)": (
            "interpretation-judgment"
        ),
        "CONCURRING OPINION OF JUDGE X\n1. I voted with the majority for the Judgment of the Court.": (
            "separate-opinion"
        ),
        "VOTE CONCORDANT DU JUGE X\n1. J'ai voté en faveur de l'arrêt.": "separate-opinion",
        "UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\nORDER\nDocket No. 25-100": "order",
        "Decision to discontinue the consideration of communication No. 12/2017": "discontinuance",
        "Inter-American Commission on Human Rights\n\nREPORT No. 75/02\n\nCASE 11.140\n\nDecember 27, 2002": (
            "merits-report"
        ),
    }.items():
        assert metadata.extract(caption, None, []).decision_type == kind, caption


def test_an_inadmissible_communication_is_not_provisional_measures() -> None:
    text = (
        "Committee on Economic, Social and Cultural Rights\nDecision adopted by the Committee under the Optional "
        "Protocol, concerning communication No. 40/2018\nDocument references: transmitted to the State party, "
        "request for interim measures granted\n\n"
        + "\n\n".join(f"{n}. The author asked for interim measures again." for n in range(1, 40))
        + "\n\n9. The Committee therefore decides that the communication is inadmissible under article 3 (1)."
    )
    assert metadata.extract(text, None, []).decision_type == "inadmissibility-decision"


# ---- Identifiers ---------------------------------------------------------------------------------------------


def _ids(text: str) -> set[tuple[str, str]]:
    return set(metadata.extract(text, None, []).identifiers)


def test_the_same_identifier_in_five_languages_has_one_value() -> None:
    for text in ("Communication No. 2/2014", "Comunicación núm. 2/2014", "Communication nº 2/2014",
                 "Comunicação n.º 2/2014", "البلاغ رقم 2/2014"):  # fmt: skip
        assert ("communication", "2/2014") in _ids(text), text
    for text in ("Report No. 47/02", "Informe Nº 47/02", "Rapport n° 47/02", "Relatório N° 47/02"):
        assert ("report", "47/02") in _ids(text), text
    for text in ("Petition 12.357", "PETICIÓN 12.357", "Pétition n° 12.357", "Petição 12.357"):
        assert ("petition", "12.357") in _ids(text), text
    assert ("petition", "13/2021") in _ids("PETIÇÃO N.° 013/2021") & _ids("Petition No. 13/2021")
    for text in ("Serie C No. 198", "Series C No. 198", "Série C No. 198"):
        assert ("series-c", "198") in _ids(text), text
    assert ("case-number", "12.228") in _ids("CASO 12.228") & _ids("Case 12.228")
    assert ("application", "25446/06") in _ids("Application no. 25446/06") & _ids("Requête n° 25446/06")
    # A Series C number cited for another judgment, in brackets, is not this one's.
    assert not any(s == "series-c" for s, _ in _ids("(Caso X, Sentencia de 4 de mayo de 1991. Serie C No. 11)"))


def test_court_identifiers_in_their_own_forms() -> None:
    found = _ids(
        "[2013] ZACC 15\n[2021] KEHC 89 (KLR)\n2025 INSC 291\nECLI:FR:CCASS:2024:C300517\n"
        "Case No. 2:18-cv-10166-JAK (AFM)\nDocket No. 2019-06-0263\nDocket Nos. 101-13, 202-14\n"
        "No. 07-1315\nW.P.No. 150 of 2020\n(ARISING OUT OF SLP (CRL.) NO.354 OF 2019)\nCIVIL SUIT 381 OF 2015\n"
        "Pourvoi n° B 22-19.915\nArrêt n° 517 FS-B\nT.C. Memo. 2020-26\nAcción de Inconstitucionalidad 130/2019"
    )
    assert {
        ("neutral-citation", "[2013] ZACC 15"),
        ("neutral-citation", "[2021] KEHC 89 (KLR)"),
        ("neutral-citation", "2025 INSC 291"),
        ("ecli", "ECLI:FR:CCASS:2024:C300517"),
        ("docket", "2:18-cv-10166-JAK (AFM)"),
        ("docket", "2019-06-0263"),
        ("docket", "101-13"),
        ("docket", "202-14"),
        ("docket", "07-1315"),
        ("docket", "W.P. No. 150 of 2020"),
        ("docket", "SLP (Crl.) No. 354 of 2019"),
        ("docket", "Civil Suit No. 381 of 2015"),
        ("docket", "22-19.915"),
        ("case-number", "517 FS-B"),
        ("neutral-citation", "T.C. Memo. 2020-26"),
        ("docket", "Acción de inconstitucionalidad 130/2019"),
    } <= found
    # Sections and Acts are cited with a year too; they are not proceedings.
    assert not any("Act" in value for _, value in _ids("under Act 9 of 2015 and Section 3 of 2010"))
