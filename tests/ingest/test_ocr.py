"""Pages without a text layer: OCR with Tesseract, per-page confidence, and `needs-ocr` when it is absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.ingest import ingest_paths
from caselaw.ingest.extract import extract_file
from caselaw.models import ReviewStatus
from caselaw.store import CaseStore
from tests.ingest.conftest import FIXTURES, load_golden

SCANNED = FIXTURES / "pdf" / "achpr-2001-serac-v-nigeria.en.pdf"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (make system-deps)")
def test_a_scanned_decision_is_read_by_ocr(tmp_path: Path) -> None:
    # 200 dpi: the fixture was rasterised at 200 dpi, so rendering it finer adds no detail, only time.
    result = extract_file(str(SCANNED), Settings(data_dir=tmp_path, ocr_dpi=200))
    golden = load_golden(SCANNED.with_suffix("").with_suffix(".en.golden.json"))
    assert result.case is not None, result.message
    document = result.case.documents[0]
    assert document.provenance.extraction == "ocr"
    assert document.provenance.ocr_confidence is not None and document.provenance.ocr_confidence > 80
    pages = document.provenance.ocr_pages
    assert [p.page for p in pages] == list(range(1, (document.provenance.page_count or 0) + 1))
    assert min(p.confidence for p in pages) > 50
    assert document.status is ReviewStatus.OK and document.language == "en"
    assert result.case.forum == golden["case"]["forum"]
    golden_words = set(golden["document"]["text"].split())
    read_words = set(document.text.split())
    assert len(golden_words & read_words) / len(golden_words) > 0.9
    # Tesseract drops some hanging paragraph numbers ("2." alone in the margin): measured 7 of 16 found.
    found, expected = [p.number for p in document.paragraphs], [p["number"] for p in golden["document"]["paragraphs"]]
    assert set(found) <= set(expected) and len(found) >= 0.4 * len(expected), found


def test_without_tesseract_the_file_is_stored_as_needs_ocr(store: CaseStore, tmp_path: Path) -> None:
    settings = Settings(data_dir=store.path.parent, tesseract_cmd=str(tmp_path / "missing" / "tesseract"))
    report = ingest_paths([SCANNED], store, settings, workers=1)
    (item,) = report.files
    assert item.status == "needs-ocr" and item.outcome.value == "ingested"
    case = store.get_case(item.case_id or "")
    assert case.status is ReviewStatus.NEEDS_OCR
    assert case.documents[0].status is ReviewStatus.NEEDS_OCR and case.documents[0].provenance.extraction == "ocr"
    assert report.needs_review == [item]
