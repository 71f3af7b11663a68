"""Every kind of bad input gets a named error, its original is quarantined with the reason, the batch goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    ImageTooLarge,
    IngestError,
    IngestTimeout,
    NotAPdf,
    ResourceLimit,
    TooManyPages,
    TruncatedPdf,
    UnreadablePath,
)
from caselaw.ingest import Outcome, extract, ingest_paths, ocr
from caselaw.ingest.extract import extract_file
from caselaw.store import CaseStore, open_store
from tests.hostile import flate_bomb_pdf, image_bomb_pdf, looping_page_tree_pdf
from tests.ingest.conftest import FIXTURES, load_golden

GOOD = FIXTURES / "pdf" / "un-cescr-2015-idg-v-spain.en.pdf"
HARD = sorted((FIXTURES / "hard").glob("*.golden.json"))


@pytest.mark.parametrize("golden_path", HARD, ids=lambda p: p.name.removesuffix(".golden.json"))
def test_hard_fixture_fails_with_its_named_error(golden_path: Path, settings: Settings) -> None:
    golden = load_golden(golden_path)
    result = extract_file(str(FIXTURES / "hard" / golden["file"]), settings)
    assert result.error == golden["expect"], result.message


def test_encrypted_message_says_password_protected(settings: Settings) -> None:
    result = extract_file(str(FIXTURES / "hard" / "encrypted.pdf"), settings)
    assert result.message is not None and "password-protected" in result.message


def test_a_batch_goes_on_past_every_failure_and_quarantines_originals(store: CaseStore, settings: Settings) -> None:
    hard = [FIXTURES / "hard" / load_golden(p)["file"] for p in HARD]
    missing = settings.data_dir.parent / "no-such-file.pdf"
    report = ingest_paths([*hard, missing, GOOD], store, settings, workers=1)
    assert report.count(Outcome.INGESTED) == 1
    failures = {Path(f.path).name: f.error for f in report.failed}
    assert failures == {
        **{load_golden(p)["file"]: load_golden(p)["expect"] for p in HARD},
        "no-such-file.pdf": "UnreadablePath",
    }
    for item in report.failed:
        assert item.quarantined is not None
        folder = Path(item.quarantined) if Path(item.quarantined).is_dir() else Path(item.quarantined).parent
        reason = json.loads((folder / "reason.json").read_text(encoding="utf-8"))
        assert reason["error"] == item.error and reason["message"]
        if Path(item.path).exists():
            assert Path(item.path).is_file(), "the original is never deleted"
            assert (folder / Path(item.path).name).read_bytes() == Path(item.path).read_bytes()


def test_limits_are_settings(tmp_path: Path) -> None:
    too_small = Settings(data_dir=tmp_path, max_file_bytes=1000)
    assert extract_file(str(GOOD), too_small).error == FileTooLarge.__name__
    one_page = Settings(data_dir=tmp_path, max_pages=1)
    result = extract_file(str(GOOD), one_page)
    assert result.error == TooManyPages.__name__ and "more than the limit of 1" in (result.message or "")


def test_a_file_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    # A parser that hangs and one that is merely slow look the same from outside: the wall-clock limit.
    result = extract_file(str(GOOD), Settings(data_dir=tmp_path, file_timeout_seconds=0.001))
    assert result.error == IngestTimeout.__name__


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(GOOD.read_bytes())
    locked.chmod(0)
    assert extract_file(str(locked), Settings(data_dir=tmp_path)).error == UnreadablePath.__name__


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert extract_file(str(folder), Settings(data_dir=tmp_path)).error == UnreadablePath.__name__


def test_a_pdf_header_after_junk_is_still_a_pdf_but_garbage_is_corrupt(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n")
    assert extract_file(str(garbage), Settings(data_dir=tmp_path)).error == CorruptPdf.__name__


def test_ingest_errors_carry_their_status() -> None:
    assert FileTooLarge("x").status == 413 and TooManyPages("x").status == 413
    assert NotAPdf("x").status == 415 and IngestTimeout("x").status == 504
    for cls in (EmptyFile, EncryptedPdf, TruncatedPdf, CorruptPdf):
        assert issubclass(cls, IngestError) and cls("x").status == 422
    assert issubclass(TruncatedPdf, CorruptPdf)


def test_a_page_tree_that_loops_is_a_corrupt_pdf_not_a_crash(tmp_path: Path) -> None:
    # pdfium raises its own PdfiumError ("Failed to load page"): a library's exception is the file's named failure.
    looping = tmp_path / "looping.pdf"
    looping.write_bytes(looping_page_tree_pdf())
    result = extract_file(str(looping), Settings(data_dir=tmp_path / "data"))
    assert result.error == CorruptPdf.__name__, result.message
    assert result.message is not None and "looping.pdf" in result.message and result.sha256


def test_the_command_line_stores_the_good_files_of_a_batch_with_a_broken_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(looping_page_tree_pdf())
    good = [FIXTURES / "pdf" / name for name in (GOOD.name, "pk-lahore-high-court-2015-leghari.en.pdf")]
    data = tmp_path / "data"
    # Two workers: each file is read in a pool process, whose exceptions used to end the whole batch.
    command = ["--data-dir", str(data), "ingest", str(bad), *map(str, good), "--workers", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "caselaw", *command],
        cwd=FIXTURES.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, "a failed file makes the exit status 1"
    assert "Traceback" not in done.stderr, done.stderr
    settings = Settings(data_dir=data)
    with open_store(settings) as store:
        stored = {document.provenance.filename for case in store.iter_cases() for document in case.documents}
    assert stored == {path.name for path in good}
    reasons = [json.loads(p.read_text(encoding="utf-8")) for p in settings.quarantine_dir.glob("*/reason.json")]
    assert [r["error"] for r in reasons] == [CorruptPdf.__name__]


# Bombs: what one file may cost is capped, and the cap is named -----------------------------------------------------


def _blank_tesseract(tmp_path: Path) -> str:
    """A stand-in for Tesseract that lists English and reads nothing: pages get to the renderer whatever is
    installed, and no real OCR time is spent."""
    script = tmp_path / "tesseract.sh"
    script.write_text(
        "#!/bin/sh\ncase \"$1\" in --list-langs) printf 'List of available languages (1):\\neng\\n';; esac\nexit 0\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("page_points", [612, 14400], ids=["huge-image", "huge-page"])
def test_an_image_bomb_is_refused_at_once_as_image_too_large(tmp_path: Path, page_points: int) -> None:
    """A page with an image declared 60000 × 60000 pixels (a few hundred bytes), on a letter page or on a page of
    200 inches: rendered for OCR at 300 dpi, the second took minutes and 14 GiB, then blamed Tesseract."""
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(image_bomb_pdf(page_points=page_points))
    settings = Settings(data_dir=tmp_path / "data", tesseract_cmd=_blank_tesseract(tmp_path), file_timeout_seconds=60)
    result = extract_file(str(bomb), settings)
    assert result.error == ImageTooLarge.__name__, result.message
    assert result.code == "image-too-large" and issubclass(ImageTooLarge, ResourceLimit)
    assert "page 1" in (result.message or "") and "3,600 megapixels" in (result.message or ""), result.message
    assert result.seconds < 5


def test_a_large_page_is_rendered_at_a_lower_resolution_within_the_pixel_limit() -> None:
    limit = 50_000_000
    assert ocr.render_dpi(0, 612, 792, 300, limit) == 300  # letter at 300 dpi: 8.4 megapixels
    a3 = ocr.render_dpi(0, 842, 1191, 600, limit)  # A3 at 600 dpi would be 139 megapixels
    assert ocr.MIN_DPI <= a3 < 600 and (842 * a3 / 72) * (1191 * a3 / 72) <= limit * 1.001
    with pytest.raises(ImageTooLarge, match="200 × 200 inches"):
        ocr.render_dpi(0, 14400, 14400, 300, limit)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory watch reads /proc")
def test_a_decompression_bomb_stops_at_the_memory_limit_and_the_batch_goes_on(tmp_path: Path) -> None:
    """1 MB whose content stream inflates to 1 GiB of zeros (it took 2.5 GiB in a worker) and an image bomb, in a
    batch with a good file: the bombs fail, named, quarantined; the good file is stored."""
    flate, image = tmp_path / "flate-bomb.pdf", tmp_path / "image-bomb.pdf"
    flate.write_bytes(flate_bomb_pdf())
    image.write_bytes(image_bomb_pdf())
    settings = Settings(data_dir=tmp_path / "data", tesseract_cmd=_blank_tesseract(tmp_path), ingest_memory_mb=256)
    with open_store(settings) as store:
        report = ingest_paths([flate, image, GOOD], store, settings, workers=2)
    by_name = {Path(item.path).name: item for item in report.files}
    assert by_name[GOOD.name].outcome is Outcome.INGESTED, report.lines()
    bombed = by_name[flate.name]
    assert bombed.error == ResourceLimit.__name__, bombed.reason
    assert "256 MiB" in (bombed.reason or "") and "CASELAW_INGEST_MEMORY_MB" in (bombed.reason or "")
    assert by_name[image.name].error == ImageTooLarge.__name__, by_name[image.name].reason
    codes = {json.loads(p.read_text(encoding="utf-8"))["code"] for p in settings.quarantine_dir.glob("*/reason.json")}
    assert codes == {"resource-limit", "image-too-large"}
    assert all(Path(by_name[name].quarantined or "").is_file() for name in (flate.name, image.name))


def test_running_out_of_memory_in_process_is_a_resource_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(extract, "_describe", exhausted)
    result = extract_file(str(GOOD), Settings(data_dir=tmp_path))
    assert result.error == ResourceLimit.__name__ and GOOD.name in (result.message or "")
