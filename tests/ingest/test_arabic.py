"""Arabic comes out in logical order: both failure modes of PDF readers are caught and repaired.

pdfplumber returns each line's characters in visual order (reversed); pypdfium2 returns logical order but,
on a PDF shaped with the lam-alef ligature, gives the ligature's two letters as alef + lam ("االقتصادية")
and cuts the line into glyph runs. Both are shown to happen, and the pipeline's output to be right.
"""

from __future__ import annotations

from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from caselaw.ingest.arabic import fix_rtl_line, repair_ligatures
from caselaw.ingest.extract import Extracted
from caselaw.ingest.pdf_text import open_pdf, page_lines
from tests.ingest.conftest import FIXTURES

SENTENCE = "الحقوق الاقتصادية والاجتماعية وقرار الإخلاء"
ARABIC_FIXTURES = sorted(p.name for p in (FIXTURES / "pdf").glob("*.ar.pdf"))


def shaped_pdf(text: str) -> bytes:
    """A one-line Arabic PDF shaped by HarfBuzz with its default features: the lam-alef ligature is on."""
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("sans", "", str(FIXTURES / "fonts" / "DejaVuSans.ttf"))
    pdf.set_font("sans", "", 12)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ar")
    pdf.set_xy(20, 20)
    pdf.cell(170, 10, text, align="R")
    return bytes(pdf.output())


def test_pypdfium2_splits_the_ligature_and_the_pipeline_repairs_it() -> None:
    data = shaped_pdf(SENTENCE)
    document = pdfium.PdfDocument(data)
    raw = document[0].get_textpage().get_text_range()
    document.close()
    assert "اال" in raw and SENTENCE not in raw  # the failure mode is real
    with open_pdf(data, max_pages=5) as opened:
        assert [line.text for line in page_lines(opened, 0).lines] == [SENTENCE]


@pytest.mark.parametrize("name", ARABIC_FIXTURES)
def test_pdfplumber_visual_order_fails_the_golden_text(
    name: str, extracted: dict[str, tuple[dict[str, Any], Extracted]]
) -> None:
    golden, result = extracted[name]
    words = [w for w in str(golden["document"]["text"]).split() if len(w) > 4 and "\u0600" <= w[0] <= "\u06ff"]
    with pdfplumber.open(FIXTURES / "pdf" / name) as pdf:
        visual = pdf.pages[0].extract_text()
    assert sum(w in visual for w in words[:40]) < 5, "pdfplumber's reversed lines would pass: the check is too weak"
    assert result.case is not None
    ours = result.case.documents[0].text
    assert all(w in ours for w in words[:40])


def test_ligature_words_of_the_fixtures_come_out_whole(
    extracted: dict[str, tuple[dict[str, Any], Extracted]],
) -> None:
    for name in ARABIC_FIXTURES:
        golden, result = extracted[name]
        assert result.case is not None
        text = result.case.documents[0].text
        for word in ("الاقتصادية", "الإخلاء", "الاجتماعية"):
            if word in str(golden["document"]["text"]):
                assert word in text, (name, word)
        assert "اال" not in text and "اإل" not in text


def test_repairs_are_local() -> None:
    # Only pairs drawn by one glyph are swapped; the article "ال" in ordinary words is left alone.
    assert repair_ligatures("االقتصادية", lambda i: i == 1) == "الاقتصادية"
    assert repair_ligatures("الحق", lambda i: False) == "الحق"
    assert fix_rtl_line("المادة 11)1(") == "المادة 11(1)"
    assert fix_rtl_line("البلاغ رقم :5/2015 بن") == "البلاغ رقم 5/2015: بن"
    assert fix_rtl_line(".1 كان") == "1. كان"
