"""Export to JSON Lines and import back: the round trip loses nothing; a bad line imports nothing."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from caselaw.errors import ImportFailed
from caselaw.store import CaseStore
from caselaw.store.jsonl import export_jsonl, import_jsonl
from tests.conftest import FIXTURES, ROOT, make_case


def test_corpus_round_trip_is_lossless(store: CaseStore) -> None:
    lines = (FIXTURES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    report = import_jsonl(store, lines)
    assert report.imported == len(lines) == store.count()
    buffer = io.StringIO()
    assert export_jsonl(store, buffer) == len(lines)
    exported = buffer.getvalue().splitlines()
    # Same records, same order (by id), byte-identical JSON once keys are compared as objects.
    assert [json.loads(line) for line in exported] == sorted(
        (json.loads(line) for line in lines), key=lambda record: record["id"]
    )


def test_export_validates_against_the_checked_in_schema(store: CaseStore) -> None:
    store.put_case(make_case())
    buffer = io.StringIO()
    export_jsonl(store, buffer)
    schema = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    record = json.loads(buffer.getvalue())
    jsonschema.validate(record, schema)
    assert record["documents"][0]["text"] == "1.1 La autora ..."


def test_a_bad_line_imports_nothing_and_names_the_line(store: CaseStore) -> None:
    good = make_case().model_dump_json()
    bad = json.loads(make_case("un-cescr-2017-other", sha="b" * 64).model_dump_json())
    bad["forum"] = "un-nowhere"
    with pytest.raises(ImportFailed) as exc:
        import_jsonl(store, [good, "", json.dumps(bad), "{not json"])
    assert "line 3" in exc.value.message and "un-nowhere" in exc.value.message
    assert "line 4: not JSON" in exc.value.message
    assert store.count() == 0


def test_skip_invalid_imports_the_rest(store: CaseStore) -> None:
    report = import_jsonl(store, [make_case().model_dump_json(), "[]"], skip_invalid=True)
    assert report.imported == 1
    assert len(report.errors) == 1 and report.errors[0].startswith("line 2")
