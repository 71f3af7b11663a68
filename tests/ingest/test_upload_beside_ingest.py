"""API uploads while a `caselaw ingest` runs on the same data directory lose nothing: the same documents and blobs as
the two done one after the other, every upload answered 201 and indexed, the CLI run failing nothing, and every
stored case in the index."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caselaw.api import create_app
from caselaw.config import Settings
from caselaw.store import open_store
from caselaw.store.keys import KeyStore
from tests.conftest import FIXTURES

PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
ENGLISH = [p for p in PDFS if p.name.endswith(".en.pdf") and "scan" not in p.name]
OTHERS = [p for p in PDFS if not p.name.endswith(".en.pdf") and "scan" not in p.name]

pytestmark = pytest.mark.slow


def _cli(data_dir: Path, files: list[Path]) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from caselaw.cli import main; main()", "--data-dir", str(data_dir)]
    env = {**os.environ, "CASELAW_OCR_LANGUAGES": '["eng"]'}
    return subprocess.Popen(
        [*command, "ingest", "--workers", "1", *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _documents(settings: Settings) -> tuple[set[str], set[str]]:
    """The stored documents' hashes and the blobs on disk."""
    with open_store(settings) as store:
        documents = {d.sha256 for case in store.iter_cases() for d in case.documents}
    blobs = {path.name for path in (settings.data_dir / "blobs").rglob("*") if path.is_file()}
    return documents, blobs


def _upload_all(settings: Settings, files: list[Path], during: subprocess.Popen[str] | None) -> list[int]:
    """Upload `files` from 4 threads through the API (while `during` runs); the status of each answer."""
    with open_store(settings) as store:
        key = KeyStore(store).create("Uploading editor", "editor")[1]
    statuses: list[int] = []
    indexed: list[bool | None] = []
    with TestClient(create_app(settings)) as client:

        def upload(share: list[Path]) -> None:
            for path in share:
                reply = client.post(
                    "/api/v1/documents",
                    files={"file": (path.name, path.read_bytes(), "application/pdf")},
                    headers={"Authorization": f"Bearer {key}"},
                )
                statuses.append(reply.status_code)
                indexed.append(reply.json().get("indexed"))

        threads = [threading.Thread(target=upload, args=(files[n::4],)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if during is not None:
            output, _ = during.communicate(timeout=600)
            assert "Traceback" not in output, output
            assert any(line.startswith("summary:") and "failed 0" in line for line in output.splitlines()), output
        ready = client.get("/api/v1/readyz")
        assert ready.status_code == 200, ready.text
        numbers = ready.json()
        assert numbers["cases"] == numbers["indexed"] and numbers["pending"] == 0, numbers
    assert all(flag is True for flag in indexed), indexed
    return statuses


def test_uploads_beside_a_cli_ingest_store_what_one_after_the_other_stores(tmp_path: Path) -> None:
    limits = {"rate_limit_per_minute": 0, "rate_limit_key_per_minute": 0}
    reference = Settings(data_dir=tmp_path / "sequential", **limits)  # type: ignore[arg-type]
    first = _cli(reference.data_dir, ENGLISH)
    output, _ = first.communicate(timeout=600)
    assert "failed 0" in output, output
    assert set(_upload_all(reference, OTHERS, None)) <= {200, 201}
    expected_documents, expected_blobs = _documents(reference)
    assert len(expected_documents) == len(ENGLISH) + len(OTHERS)

    together = Settings(data_dir=tmp_path / "together", **limits)  # type: ignore[arg-type]
    together.data_dir.mkdir(parents=True)
    running = _cli(together.data_dir, ENGLISH)
    statuses = _upload_all(together, OTHERS, running)
    assert len(statuses) == len(OTHERS) and set(statuses) <= {200, 201}, statuses
    documents, blobs = _documents(together)
    assert documents == expected_documents, "a document was lost or added"
    assert blobs == expected_blobs == documents, "every file is stored once, every blob belongs to a document"
