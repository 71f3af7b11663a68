"""The batch: dedupe by hash and by identifier, editor tags kept, parallel, resumable after a kill, the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from caselaw.cli import app
from caselaw.config import Settings
from caselaw.ingest import Outcome, ingest_paths
from caselaw.models import Tag, TagSource
from caselaw.store import CaseStore, open_store
from tests.ingest.conftest import FIXTURES

PDF = FIXTURES / "pdf"
EN, ES = PDF / "un-cescr-2015-idg-v-spain.en.pdf", PDF / "un-cescr-2015-idg-v-spain.es.pdf"
AR = PDF / "un-cescr-2017-ben-djazia-bellili-v-spain.ar.pdf"


def test_same_file_twice_is_a_no_op(store: CaseStore, settings: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "renamed.pdf"
    copy.write_bytes(EN.read_bytes())
    report = ingest_paths([EN, copy], store, settings, workers=1)
    assert [f.outcome for f in report.files] == [Outcome.INGESTED, Outcome.DUPLICATE]
    again = ingest_paths([EN], store, settings, workers=1)
    assert again.count(Outcome.DUPLICATE) == 1 and store.count() == 1


def test_another_language_joins_the_same_case(store: CaseStore, settings: Settings) -> None:
    report = ingest_paths([ES, EN], store, settings, workers=1)
    assert [f.outcome for f in report.files] == [Outcome.INGESTED, Outcome.UPDATED]
    (case_id,) = store.ids()
    case = store.get_case(case_id)
    assert [d.language for d in case.documents] == ["es", "en"]
    assert {"es", "en"} <= set(case.titles)


def test_editor_tags_win_on_reingest(store: CaseStore, settings: Settings) -> None:
    ingest_paths([ES], store, settings, workers=1)
    (case_id,) = store.ids()
    case = store.get_case(case_id)
    assert any(t.code == "housing" for t in case.rights)
    corrected = Tag(code="housing", source=TagSource.EDITOR, confidence=1.0, editor="ana")
    extra = Tag(code="social-security", source=TagSource.EDITOR, confidence=1.0, editor="ana")
    rights = [corrected, extra, *[t for t in case.rights if t.code != "housing"]]
    store.put_case(case.model_copy(update={"rights": rights}))
    ingest_paths([EN], store, settings, workers=1)
    merged = store.get_case(case_id)
    by_code = {t.code: t for t in merged.rights}
    assert by_code["housing"].source is TagSource.EDITOR and by_code["housing"].editor == "ana"
    assert by_code["social-security"].source is TagSource.EDITOR


def test_parallel_gives_the_same_cases_as_sequential(tmp_path: Path) -> None:
    files = [EN, ES, AR, PDF / "za-constitutional-court-2000-grootboom.en.pdf"]
    results = []
    for workers in (1, 2):
        settings = Settings(data_dir=tmp_path / f"w{workers}")
        with open_store(settings) as store:
            report = ingest_paths(files, store, settings, workers=workers)
            assert not report.failed
            # The same documents grouped into the same cases (a case's id comes from whichever document of it
            # was stored first, which in parallel depends on which worker finished first).
            results.append({frozenset(d.sha256 for d in c.documents) for c in store.iter_cases()})
    assert results[0] == results[1]


def test_near_duplicate_texts_are_reported(store: CaseStore, settings: Settings, tmp_path: Path) -> None:
    # The same decision saved twice by different tools: other bytes, the same text.
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(EN))
    resaved = tmp_path / "resaved.pdf"
    with resaved.open("wb") as handle:
        source.save(handle, version=17)
    source.close()
    assert resaved.read_bytes() != EN.read_bytes()
    report = ingest_paths([EN, resaved], store, settings, workers=1)
    assert report.files[1].near_duplicate_of is not None


def test_a_killed_batch_finishes_on_rerun_without_duplicates(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # Without Tesseract the scanned fixture is stored as needs-ocr at once: the test is about the kill, not OCR.
    no_tesseract = str(tmp_path / "no-tesseract")
    env = {**os.environ, "CASELAW_DATA_DIR": str(data), "CASELAW_TESSERACT_CMD": no_tesseract}
    command = [sys.executable, "-m", "caselaw", "ingest", str(PDF), "--workers", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    assert process.stdout is not None
    # Kill it once a few files are stored: the whole process group, workers included, as a crash would.
    for _ in range(8):
        if not process.stdout.readline():
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert "ingested 0, updated 0" in again.stdout
    settings = Settings(data_dir=data)
    with open_store(settings) as store:
        hashes = [d.sha256 for c in store.iter_cases() for d in c.documents]
    assert len(hashes) == len(set(hashes)) == len(list(PDF.glob("*.pdf")))


def test_cli_prints_the_summary_and_exits_1_when_something_failed(tmp_path: Path) -> None:
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(
        app, ["ingest", str(EN), str(FIXTURES / "hard" / "empty.pdf"), "--data-dir", str(tmp_path), "--workers", "1"]
    )
    assert time.perf_counter() - start < 60
    assert result.exit_code == 1, result.output
    assert "summary: ingested 1" in result.output
    assert "failed: " in result.output and "EmptyFile" in result.output
    ok = runner.invoke(app, ["ingest", str(ES), "--data-dir", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert "updated 1" in ok.output


def test_paths_folders_and_globs_expand_to_pdf_files() -> None:
    from caselaw.ingest import expand

    assert expand([str(PDF / "un-cescr-2015-idg-v-spain.*.pdf")]) == [EN, ES]
    everything = expand([FIXTURES])
    assert EN in everything and FIXTURES / "hard" / "not-a-pdf.pdf" in everything
    assert all(path.suffix == ".pdf" for path in everything)
    named = FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.golden.json"
    assert expand([named]) == [named], "a file named explicitly is taken whatever its extension, and sniffed"


def test_a_summary_that_prints_no_number_joins_its_judgment(store: CaseStore, settings: Settings) -> None:
    # The English summary and the Spanish judgment share no identifier: same forum, day, State and party names.
    files = [PDF / "iacthr-2020-lhaka-honhat-v-argentina.en.pdf", PDF / "iacthr-2020-lhaka-honhat-v-argentina.es.pdf"]
    report = ingest_paths(files, store, settings, workers=1)
    assert [f.outcome for f in report.files] == [Outcome.INGESTED, Outcome.UPDATED]
    assert store.ids() == ["iacthr-2020-lhaka-honhat-v-argentina"]


def test_an_arabic_document_waits_for_its_translation_to_name_the_case(store: CaseStore, settings: Settings) -> None:
    english = PDF / "un-cescr-2017-ben-djazia-bellili-v-spain.en.pdf"
    report = ingest_paths([AR, english], store, settings, workers=1)
    assert [f.outcome for f in report.files] == [Outcome.INGESTED, Outcome.UPDATED]
    (case_id,) = store.ids()
    assert case_id == "un-cescr-2017-ben-djazia-bellili-v-spain"
    assert store.get_case(case_id).titles["ar"].short == "بن جازية وبليلي ضد إسبانيا"


def test_an_export_restored_without_originals_gets_them_back_from_a_reingest(tmp_path: Path) -> None:
    """JSONL carries no PDF bytes: ingesting the same files after an import stores the missing originals."""
    from caselaw.store.jsonl import export_jsonl, import_jsonl

    pdf = FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.pdf"
    source = Settings(data_dir=tmp_path / "source")
    with open_store(source) as store:
        ingest_paths([pdf], store, source, workers=1)
        exported = tmp_path / "cases.jsonl"
        with exported.open("w", encoding="utf-8") as out:
            export_jsonl(store, out)
    restored = Settings(data_dir=tmp_path / "restored")
    with open_store(restored) as store, exported.open(encoding="utf-8") as lines:
        import_jsonl(store, lines)
        sha256 = store.get_case(store.ids()[0]).documents[0].sha256
        assert not store.blobs.exists(sha256)
        report = ingest_paths([pdf], store, restored, workers=1)
        assert [f.outcome for f in report.files] == [Outcome.DUPLICATE]
        assert store.blobs.exists(sha256) and store.blobs.path(sha256).read_bytes() == pdf.read_bytes()
