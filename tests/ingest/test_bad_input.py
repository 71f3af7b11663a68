"""Every kind of bad input gets a named error, its original is quarantined with the reason, the batch goes on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from caselaw.config import Settings
from caselaw.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    IngestError,
    IngestTimeout,
    NotAPdf,
    TooManyPages,
    TruncatedPdf,
    UnreadablePath,
)
from caselaw.ingest import Outcome, ingest_paths
from caselaw.ingest.extract import extract_file
from caselaw.store import CaseStore
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
