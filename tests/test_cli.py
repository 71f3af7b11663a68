"""The command line, run as a real subprocess: help, config, schemas, export/import, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, long_path


@pytest.fixture
def tmp_path(tmp_path: Path) -> Path:
    """A deliberately long temporary path: output naming it must still come out unwrapped off a terminal."""
    return long_path(tmp_path)


def run(*args: str, data_dir: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m caselaw ARGS` off a terminal (as in a pipe or a log) and return the finished process."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    env.pop("CASELAW_DATA_DIR", None)
    prefix = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run(
        [sys.executable, "-m", "caselaw", *prefix, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("config", "schemas", "export", "import", "cases", "taxonomy"):
        assert command in result.stdout


def test_config_show_lists_every_setting_with_its_source(tmp_path: Path) -> None:
    result = run("config", "show", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["env"]: row for row in json.loads(result.stdout)}
    assert rows["CASELAW_DATA_DIR"]["value"] == str(tmp_path)
    assert rows["CASELAW_DATA_DIR"]["source"] == "set"
    assert rows["CASELAW_ENGINE"]["source"] == "default"
    assert all(row["description"] for row in rows.values())


def test_schemas_export_check_passes_on_the_checked_in_files() -> None:
    result = run("schemas", "export", "--check")
    assert result.returncode == 0, result.stderr


def test_schemas_export_writes_files(tmp_path: Path) -> None:
    result = run("schemas", "export", "--dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "case.schema.json",
        "document.schema.json",
        "search-request.schema.json",
        "search-response.schema.json",
        "selection-candidate.schema.json",
        "selection-criteria.schema.json",
        "taxonomy.schema.json",
    ]


def test_import_export_and_list_through_the_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    imported = run("import", str(FIXTURES / "corpus.jsonl"), data_dir=data)
    assert imported.returncode == 0, imported.stderr
    count = len((FIXTURES / "corpus.jsonl").read_text(encoding="utf-8").splitlines())
    assert f"imported {count} case(s)" in imported.stdout
    listed = run("cases", "list", "--lang", "fr", "--forum", "un-cescr", data_dir=data)
    assert "un-cescr-2015-idg-v-spain" in listed.stdout
    assert "Comité des droits économiques" in listed.stdout
    out_file = tmp_path / "export.jsonl"
    exported = run("export", "--format", "jsonl", "--output", str(out_file), data_dir=data)
    assert exported.returncode == 0, exported.stderr
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == count
    shown = run("cases", "show", "un-cescr-2015-idg-v-spain", data_dir=data)
    assert json.loads(shown.stdout)["forum"] == "un-cescr"


def test_expected_errors_print_one_line_and_no_traceback(tmp_path: Path) -> None:
    cases = [
        run("cases", "show", "no-such-case", data_dir=tmp_path),
        run("import", str(tmp_path / "missing.jsonl"), data_dir=tmp_path),
        run("import", "-", data_dir=tmp_path, stdin='{"id": "x"}\n'),
        run("export", "--format", "xml", data_dir=tmp_path),
        run("taxonomy", "list", "planets"),
    ]
    for result in cases:
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("error: ")
    assert "no case has id or alias 'no-such-case'" in cases[0].stderr
    assert "line 1" in cases[2].stderr


def test_taxonomy_list_in_arabic() -> None:
    result = run("taxonomy", "list", "rights", "--lang", "ar")
    assert result.returncode == 0, result.stderr
    assert "housing" in result.stdout
    assert any("\u0600" <= ch <= "\u06ff" for ch in result.stdout)
