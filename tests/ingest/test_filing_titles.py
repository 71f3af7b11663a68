"""Titles of US court filings and registers: pleading-paper captions, transcripts, declarations, rule notices."""

from __future__ import annotations

from caselaw.ingest.corpus_eval import normalise_title, title_matches
from caselaw.ingest.extract import _stamp_only
from caselaw.ingest.lines import Line, PageLines
from caselaw.ingest.title_noise import is_noise
from caselaw.ingest.titles import name_case


def test_pleading_paper_margin_numbers_run_on_across_blocks_and_us_short_names_are_surnames() -> None:
    blocks = [
        "2 3 4 5 6 7 8 9 10 JS-6",
        "UNITED STATES DISTRICT COURT EASTERN DISTRICT OF NEVADA",
        "MARTA L. QUINTERO,",
        "Case No. 3:21-cv-00456-XYZ (PQR)",
        "Plaintiff,",
        "v.",
        "ORDER",
        "11 H.K. BRANNIGAN, Sheriff,",
        "12 13 14 15 16 Defendant.",
        "The motion to dismiss is granted for the reasons the magistrate judge gave, and the case is closed today.",
    ]
    name = name_case(blocks, None, [], "en", [], None, states=["US"])
    assert (name.full, name.short) == ("Marta L. Quintero v. H.K. Brannigan, Sheriff", "Quintero v. Brannigan")


def test_a_bracket_column_with_the_judge_and_a_seat_line_are_not_the_caption() -> None:
    blocks = [
        "IN THE COURT OF WORKERS' CLAIMS",
        "AT KNOXVILLE",
        "Pedro Alvarado-Ruiz,",
        "Employee,",
        ") Docket No. 2020-03-0111",
        ")",
        ") Judge Alma R. Fenwick",
        ")",
        "v.",
        "Ridgeline Freight Services,",
        "Employer.",
        "ORDER GRANTING MEDICAL BENEFITS",
    ]
    name = name_case(blocks, None, [], "en", [], None, kind="decision", states=["US"])
    assert (name.full, name.short) == (
        "Pedro Alvarado-Ruiz v. Ridgeline Freight Services",
        "Alvarado-Ruiz v. Ridgeline Freight Services",
    )
    assert is_noise("AT KNOXVILLE") and is_noise("At Jackson.") and not is_noise("Atlas Roofing v. Cole")


def test_us_short_names_keep_companies_and_offices_whole() -> None:
    blocks = ["NORA BLY AND OTTO BLY, Petitioners v. COMMISSIONER OF INTERNAL REVENUE, Respondent", "Docket No. 99-20."]
    assert name_case(blocks, None, [], "en", [], None, states=["US"]).short == "Bly v. Commissioner of Internal Revenue"
    company = ["Lena Ortiz v. Build and Frame, LLC", "Appeal from the Court of Claims"]
    assert name_case(company, None, [], "en", [], None, states=["US"]).short == "Ortiz v. Build and Frame, LLC"


def test_a_transcript_caption_ruled_off_by_colons() -> None:
    blocks = [
        "IN THE SUPREME COURT OF THE UNITED STATES",
        "- - - - - - - - - - x",
        "LAURA M. PIKE, : SECRETARY, :",
        "Petitioner :",
        "v. : No. 11-222 OSCAR DELACROIX. :",
        "- - - - - - - - - - x",
        "Washington, D.C.",
        "The above-entitled matter came on for oral argument before the Court at 10:04 a.m.",
    ]
    name = name_case(blocks, None, [], "en", [], "supreme-court", kind="other", states=["US"])
    assert (name.full, name.short) == (
        "Laura M. Pike, Secretary v. Oscar Delacroix — oral argument transcript",
        "Pike v. Delacroix",
    )
    # A decision under the same caption is named by the caption alone.
    assert name_case(blocks[:-1], None, [], "en", [], None, kind="decision").full == (
        "Laura M. Pike, Secretary v. Oscar Delacroix"
    )


def test_a_form_filed_under_a_case_title_field_with_et_al_after_semicolons() -> None:
    blocks = ["UNITED STATES DISTRICT COURT", "CASE TITLE: ROWE; ET AL. v. HARLAN; ET AL.", "JURY NOTE NO. 03 __"]
    name = name_case(blocks, None, [], "en", [], None, kind="other", states=["US"])
    assert (name.full, name.short) == ("Rowe, et al. v. Harlan, et al. — Jury Note No. 03", "Rowe v. Harlan")


def test_a_federal_register_document_is_named_by_its_heading_above_the_agency_label() -> None:
    blocks = [
        "51234",
        "Rules and Regulations",
        "DEPARTMENT OF AGRICULTURE",
        "Food Safety Service",
        "9 CFR Part 317",
        "[Docket No. FSS-2021-0003]",
        "RIN 0583-AD11",
        "Labeling of Cured Meats; Sodium Disclosure",
        "AGENCY: Food Safety Service, USDA.",
        "ACTION: Final rule.",
        "SUMMARY: The service changes the labels of cured meats so that buyers see the sodium they contain.",
    ]
    headers = ["Federal Register / Vol. 86, No. 12 / Tuesday, May 4, 2021 / Rules and Regulations 51235"]
    name = name_case(blocks, "Rules and Regulations", headers, "en", [], None, kind="legislation")
    assert name.full == "Labeling of Cured Meats; Sodium Disclosure (final rule), 86 FR 51234"
    assert is_noise("Proposed Rules") and is_noise("Rules and Regulations")


def test_a_declaration_is_named_as_its_declarant_writes_the_name_with_its_exhibit_and_case() -> None:
    blocks = [
        "DECLARATION OF J0NATHAN REEVES",  # a scan's capitals, read with a zero
        "PURSUANT TO 28 U.S.C. § 1746",
        "I, Jonathan Reeves, declare that the following is true to the best of my knowledge:",
        "1 I have lived in Pine Bluff since 2015 and I work as a bus driver.",
    ]
    headers = [
        "Case 2:22-cv-00789-LMN Document 7-3 Filed 01/02/22 Page 1 of 4",
        "Exh. C - 1",
        "Case 2:22-cv-00789-LMN Document 7-3 Filed 01/02/22 Page 2 of 4",
        "Exh. C - 2",
    ]
    name = name_case(blocks, None, headers, "en", [], None, kind="submission", states=["US"])
    assert name.full == "Declaration of Jonathan Reeves (Exhibit C), Case 2:22-cv-00789-LMN"


def test_a_page_whose_only_text_is_the_e_filing_stamp_is_read_by_ocr() -> None:
    stamp = Line(
        "Case 2:19-cv-01111-AB-CD Document 12 Filed 03/04/20 Page 1 of 1 Page ID #:55", 30, 580, 10, 20, 9, False
    )
    page = PageLines(0, 612, 792, [stamp])
    assert _stamp_only(page)
    page.lines.append(Line("ORDER ON THE MOTION TO COMPEL", 200, 400, 100, 110, 12, False))
    assert not _stamp_only(page)


def test_the_evaluation_ignores_articles_inside_a_title_but_not_a_party_called_a() -> None:
    assert normalise_title("Réponse à la demande d'accès") == normalise_title("Réponse demande d'accès")
    assert title_matches("Respuesta Derecho de Petición", "Respuesta a derecho de petición (Relatoría, Sala Penal)")
    assert normalise_title("A v. Spain") == "a v spain" and title_matches("A v. Spain", "A v. Spain")
    assert not title_matches("Respuesta", "Respuesta a derecho de petición")
