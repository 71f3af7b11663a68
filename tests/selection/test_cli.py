"""`caselaw selection deadlines|list|export` through typer's CliRunner on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from caselaw.cli import app
from caselaw.config import Settings
from caselaw.selection import Stage, open_selection_store
from tests.selection.conftest import eviction_draft


def _seed(settings: Settings) -> tuple[str, str]:
    with open_selection_store(settings) as store:
        soon = store.create(eviction_draft(deadline_in_days=3, name="Soon v. Spain"), actor="laura")
        later = store.create(eviction_draft(deadline_in_days=60, name="Later v. Spain"), actor="laura")
        store.transition(later.id, Stage.UNDER_DISCUSSION, actor="amina")
    return soon.id, later.id


def test_deadlines_lists_only_the_approaching_ones(settings: Settings) -> None:
    soon, _later = _seed(settings)
    runner = CliRunner()
    result = runner.invoke(
        app, ["--data-dir", str(settings.data_dir), "selection", "deadlines", "--within", "14", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["candidate"]["id"] for r in rows] == [soon]
    assert rows[0]["days_left"] == 3
    table = runner.invoke(
        app, ["--data-dir", str(settings.data_dir), "selection", "deadlines", "--within", "14"], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0 and "Soon v. Spain" in table.output and "Later" not in table.output
    none = runner.invoke(app, ["--data-dir", str(settings.data_dir), "selection", "deadlines", "--within", "1"])
    assert "no candidate deadline in the next 1 days" in none.output


def test_list_and_export(settings: Settings, tmp_path: Path) -> None:
    _soon, later = _seed(settings)
    runner = CliRunner()
    base = ["--data-dir", str(settings.data_dir), "selection"]
    listed = runner.invoke(app, [*base, "list", "--stage", "under_discussion", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [r["candidate"]["id"] for r in json.loads(listed.output)] == [later]
    target = tmp_path / "table.xlsx"
    exported = runner.invoke(app, [*base, "export", "--format", "xlsx", "-o", str(target), "--lang", "es"])
    assert exported.exit_code == 0, exported.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.cell(row=1, column=2).value == "Caso" and sheet.max_row == 3
    csv_out = runner.invoke(app, [*base, "export", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("Id,Case,")
