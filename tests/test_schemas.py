"""The checked-in JSON Schemas match the models, and exported records validate against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from caselaw.schema_export import render_schemas, stale_schemas
from caselaw.taxonomy import get_taxonomy
from tests.conftest import ROOT, make_case


def test_checked_in_schemas_match_the_models() -> None:
    assert stale_schemas(ROOT / "schemas") == [], "run `caselaw schemas export`"


def test_a_case_dump_validates_against_case_schema() -> None:
    schema = json.loads(render_schemas()["case.schema.json"])
    jsonschema.validate(json.loads(make_case().model_dump_json()), schema)


def test_the_taxonomy_validates_against_its_schema() -> None:
    schema = json.loads(render_schemas()["taxonomy.schema.json"])
    jsonschema.validate(json.loads(get_taxonomy().model_dump_json()), schema)


def test_schema_refuses_an_unknown_field(tmp_path: Path) -> None:
    schema = json.loads(render_schemas()["case.schema.json"])
    record = json.loads(make_case().model_dump_json())
    record["tittle"] = "typo"
    try:
        jsonschema.validate(record, schema)
    except jsonschema.ValidationError as exc:
        assert "tittle" in exc.message
    else:
        raise AssertionError("an unknown field passed the schema")
