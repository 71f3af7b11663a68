"""Cells of every CSV and XLSX export: text a spreadsheet would run as a formula stays text, and characters a
workbook cannot hold are dropped, so that no title, name or comment written by someone else runs or breaks."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol

# A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`); some
# also take their full-width forms, and a leading tab or line break hides the start from the eye.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Control characters other than tab and line breaks: an XLSX file cannot contain them (openpyxl refuses the whole
# workbook), and in a CSV they only confuse the programs that read it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


def clean(text: str) -> str:
    """`text` without the control characters a workbook cannot hold."""
    return _CONTROL.sub("", text)


def neutralised(text: str) -> str:
    """`text` as a spreadsheet shows it but never runs it: a formula-like start gets a leading apostrophe (the
    OWASP defence against CSV injection), which spreadsheets show as plain text."""
    text = clean(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: object) -> str:
    """One CSV cell: None empty, dates in ISO 8601, numbers as they are, any text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # a number is never a formula, and "-3" must stay a number
    if isinstance(value, date | datetime):
        return value.isoformat()
    return neutralised(str(value))


class CsvWriter:
    """`csv.writer` whose every cell goes through `csv_cell`: the one way caselaw writes CSV."""

    def __init__(self, stream: _Writer) -> None:
        self._writer = csv.writer(stream, lineterminator="\r\n")

    def writerow(self, values: Iterable[object]) -> None:
        """Write one row."""
        self._writer.writerow([csv_cell(value) for value in values])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write several rows."""
        for row in rows:
            self.writerow(row)


class _XlsxCell(Protocol):
    value: Any
    data_type: str


def set_xlsx_cell(cell: _XlsxCell, value: object) -> None:
    """Put `value` in an openpyxl cell: dates, times (as UTC without a zone: Excel has none) and numbers as such,
    anything else as cleaned text that is never a formula (openpyxl writes text starting with `=` as one)."""
    if isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)
    elif isinstance(value, date | int | float):
        cell.value = value
    elif value is None:
        cell.value = None
    else:
        cell.value = clean(str(value))
        cell.data_type = "s"
