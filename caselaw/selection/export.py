"""The selection table exported as CSV, XLSX or JSON, with a header row of labels in a chosen language."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from caselaw.search.facets import label as facet_label
from caselaw.selection.catalogue import check_language, get_labels, get_priorities, get_workflow
from caselaw.selection.listing import COLUMNS, Cell, cell
from caselaw.selection.models import CandidateRow, ColumnKey, Stage
from caselaw.spreadsheet import CsvWriter, set_xlsx_cell

ExportFormat = Literal["csv", "xlsx", "json"]
MEDIA_TYPES: dict[ExportFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
LIST_SEPARATOR = "; "
"""Lists (rights, co-signers, languages) are joined into one cell with this."""


def headers(language: str = "en", columns: Sequence[ColumnKey] = COLUMNS) -> list[str]:
    """Column labels in `language`."""
    check_language(language)
    labels = get_labels()
    return [labels.text("columns", column, language) for column in columns]


# Columns holding codes: spreadsheets are read by people, so they get the labels in the export's language
# (JSON keeps the codes, for programs). Codes shared with the search facets are labelled by the facet registry.
_FACET_COLUMNS = {
    "forum": "forum", "state": "state", "region": "region", "rights": "right", "issues": "issue",
    "affected_groups": "affected_group", "charter_conditions": "charter_condition", "languages": "language",
}  # fmt: skip
_LABEL_GROUPS = {"proceedings": "proceedings", "deadline_kind": "deadline_kinds", "consent": "consent", "kind": "kinds"}


def _label(column: str, code: str, language: str) -> str:
    """The label of one code of a coded column, or the code itself when it has none."""
    if column in _FACET_COLUMNS:
        return facet_label(_FACET_COLUMNS[column], code, language)
    if column in _LABEL_GROUPS:
        group = _LABEL_GROUPS[column]
        return get_labels().text(group, code, language) if code in getattr(get_labels(), group) else code
    if column == "stage":
        return get_workflow().spec(Stage(code)).label(language)
    if column == "priorities":
        found = {p.code: p for p in get_priorities()}
        return found[code].label(language) if code in found else code
    return code


def labelled(value: Cell, column: str, language: str) -> Cell:
    """`value` of `column` with its codes replaced by their labels in `language` (other values unchanged)."""
    if isinstance(value, str):
        return _label(column, value, language)
    if isinstance(value, list):
        return [_label(column, item, language) for item in value]
    return value


def _joined(value: Cell) -> str | int | float | date | datetime | None:
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def to_csv(rows: Sequence[CandidateRow], language: str = "en", columns: Sequence[ColumnKey] = COLUMNS) -> str:
    """The table as CSV text: a header row of labels, then one row per candidate."""
    buffer = io.StringIO()
    # Member-written text (names, summaries, comments) must never run as a formula: the shared writer sees to it.
    writer = CsvWriter(buffer)
    writer.writerow(headers(language, columns))
    for row in rows:
        writer.writerow(_joined(labelled(cell(row, column), column, language)) for column in columns)
    return buffer.getvalue()


def to_xlsx(rows: Sequence[CandidateRow], language: str = "en", columns: Sequence[ColumnKey] = COLUMNS) -> bytes:
    """The table as an XLSX workbook: bold frozen header row, dates as dates, scores as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "candidates"
    sheet.append(headers(language, columns))
    for header in sheet[1]:
        header.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if language == "ar":
        sheet.sheet_view.rightToLeft = True
    for index, row in enumerate(rows, start=2):
        for position, column in enumerate(columns, start=1):
            value = _joined(labelled(cell(row, column), column, language))
            set_xlsx_cell(sheet.cell(row=index, column=position), value)
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = 60 if column in _LONG else 18
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


_LONG = frozenset(
    {
        "summary",
        "community_who",
        "safety_concerns",
        "anticipated_impact",
        "remedial_approach",
        "advocacy_plan",
        "capacity",
        "name",
    }
)


def to_json(rows: Sequence[CandidateRow], language: str = "en", columns: Sequence[ColumnKey] = COLUMNS) -> str:
    """The table as JSON: `columns` (key and label in `language`) and `rows` (objects keyed by column, with codes
    rather than labels: JSON is read by programs)."""
    labels = headers(language, columns)
    document = {
        "language": language,
        "columns": [{"key": key, "label": text} for key, text in zip(columns, labels, strict=True)],
        "rows": [{column: _json_value(cell(row, column)) for column in columns} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_value(value: Cell) -> str | int | float | list[str] | None:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def export_table(
    rows: Sequence[CandidateRow], fmt: ExportFormat, language: str = "en", columns: Sequence[ColumnKey] = COLUMNS
) -> bytes:
    """The table in `fmt` as bytes (UTF-8 for text formats), ready to send or write; see MEDIA_TYPES."""
    if fmt == "xlsx":
        return to_xlsx(rows, language, columns)
    if fmt == "csv":
        return to_csv(rows, language, columns).encode("utf-8")
    return to_json(rows, language, columns).encode("utf-8")
