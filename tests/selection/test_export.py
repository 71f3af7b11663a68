"""The table exported as CSV, XLSX and JSON reads back with the same values and labelled headers."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl

from caselaw.selection import COLUMNS, ScoreDraft, SelectionStore, export_table, to_csv
from tests.selection.conftest import eviction_draft


def _table(selection: SelectionStore) -> SelectionStore:
    first = selection.create(eviction_draft(deadline_in_days=7), actor="laura")
    selection.create(
        eviction_draft(deadline_in_days=30, name='=HYPERLINK("http://evil")', lead_member="-1+2"), actor="laura"
    )
    selection.score(first.id, ScoreDraft(criterion="added-value", value=2, rationale="ok"), scorer="amina")
    return selection


def test_csv_round_trip_with_spanish_headers(selection: SelectionStore) -> None:
    rows = _table(selection).rows()
    text = export_table(rows, "csv", "es").decode("utf-8")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0][:3] == ["Id", "Caso", "Registro"] and "Plazo" in read[0] and len(read[0]) == len(COLUMNS)
    assert len(read) == 3
    record = dict(zip(COLUMNS, read[1], strict=True))
    first = rows[0].candidate
    assert record["id"] == first.id and record["name"] == "M.B.F. and family v. Spain"
    assert record["deadline"] == first.deadline.isoformat() if first.deadline else False
    # Spreadsheets are read by people: codes become labels in the export's language.
    assert record["rights"] == "Vivienda; Desalojos forzosos"
    assert record["region"] == "Europa y Asia Central" and record["weighted_mean"] == "2.0"
    assert record["stage"] == "Propuesto" and record["consent"] == "Obtenido"
    # Text a spreadsheet would run as a formula is neutralised.
    hostile = dict(zip(COLUMNS, read[2], strict=True))
    assert hostile["name"].startswith("'=") and hostile["lead_member"] == "'-1+2"


def test_xlsx_round_trip(selection: SelectionStore) -> None:
    rows = _table(selection).rows()
    workbook = openpyxl.load_workbook(io.BytesIO(export_table(rows, "xlsx", "fr")))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "Affaire" and len(values) == 3
    record = dict(zip(COLUMNS, values[1], strict=True))
    assert record["id"] == rows[0].candidate.id and record["state"] == "Espagne" and record["stage"] == "Proposé"
    assert isinstance(record["deadline"], date) and record["deadline"].date() == rows[0].candidate.deadline  # type: ignore[attr-defined]
    assert record["weighted_mean"] == 2.0 and record["days_left"] == 7
    hostile = dict(zip(COLUMNS, values[2], strict=True))
    assert hostile["name"] == '=HYPERLINK("http://evil")'  # kept as text: openpyxl reads no formula back
    assert sheet.cell(row=3, column=COLUMNS.index("name") + 1).data_type == "s"


def test_json_round_trip_in_arabic(selection: SelectionStore) -> None:
    rows = _table(selection).rows()
    document = json.loads(export_table(rows, "json", "ar"))
    assert document["language"] == "ar"
    assert [c["key"] for c in document["columns"]] == list(COLUMNS)
    assert document["columns"][1]["label"] == "القضية"
    first = document["rows"][0]
    assert first["id"] == rows[0].candidate.id and first["rights"] == ["housing", "forced-evictions"]
    assert first["deadline"] == str(rows[0].candidate.deadline)


def test_an_empty_table_still_has_its_header(selection: SelectionStore) -> None:
    assert to_csv([], "pt").startswith("Id,Caso,Registo,")
