"""The fixture corpus read once per session by the ingest pipeline, for the golden tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caselaw.config import Settings
from caselaw.ingest.extract import Extracted, extract_file

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def golden_files() -> list[Path]:
    """Golden JSON of every generated decision with a text layer (the scanned one is tested with OCR)."""
    return [
        path
        for path in sorted((FIXTURES / "pdf").glob("*.golden.json"))
        if json.loads(path.read_text(encoding="utf-8"))["document"]["provenance"]["extraction"] == "text-layer"
    ]


def load_golden(path: Path) -> dict[str, Any]:
    """A golden file's JSON."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], Extracted]]:
    """Every text-layer fixture through the worker's extraction: file name -> (golden, result)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("golden"))
    results = {}
    for golden_path in golden_files():
        golden = load_golden(golden_path)
        results[golden["file"]] = (golden, extract_file(str(FIXTURES / "pdf" / golden["file"]), settings))
    return results
