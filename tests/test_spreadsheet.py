"""The one writer of CSV and XLSX cells: no text runs as a formula, no character breaks a workbook."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from caselaw.spreadsheet import CsvWriter, csv_cell, neutralised, set_xlsx_cell

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_is_shown_as_text(text: str) -> None:
    assert neutralised(text).startswith("'")


@pytest.mark.parametrize("text", ["Grootboom", "I.D.G. v. Spain", "الحق في السكن", "", "a=b", "1-2"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralised(text) == text


def test_numbers_and_dates_are_not_text() -> None:
    assert csv_cell(-3) == "-3" and csv_cell(2.5) == "2.5" and csv_cell(None) == ""
    assert csv_cell(date(2015, 6, 17)) == "2015-06-17"


def test_csv_rows_read_back_neutralised_and_without_control_characters() -> None:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(["title", "days"])
    writer.writerows([[text, -1] for text in HOSTILE] + [["a\x00b\x1bc", 0]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert all(row[0].startswith("'") and row[1] == "-1" for row in rows[1:-1])
    assert rows[-1] == ["abc", "0"]


def test_xlsx_cells_keep_formulas_as_text_and_drop_what_a_workbook_cannot_hold() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    values: list[object] = ['=HYPERLINK("http://evil")', "name\x00with a NUL", 3, datetime(2026, 1, 2, tzinfo=UTC)]
    for column, value in enumerate(values, start=1):
        set_xlsx_cell(sheet.cell(row=1, column=column), value)
    output = io.BytesIO()
    workbook.save(output)  # openpyxl refuses a workbook holding a NUL: this would raise
    read = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
    assert read is not None
    assert read.cell(row=1, column=1).data_type == "s"
    assert [c.value for c in read[1]] == [values[0], "namewith a NUL", 3, datetime(2026, 1, 2)]
