"""A stored candidate validates against the checked-in selection schema; the packaged criteria against theirs."""

from __future__ import annotations

import json

import jsonschema

from caselaw.selection import SelectionStore, default_criteria
from tests.conftest import ROOT
from tests.selection.conftest import eviction_draft


def test_a_candidate_dump_validates_against_its_schema(selection: SelectionStore) -> None:
    schema = json.loads((ROOT / "schemas" / "selection-candidate.schema.json").read_text(encoding="utf-8"))
    candidate = selection.create(eviction_draft(), actor="laura")
    jsonschema.validate(json.loads(candidate.model_dump_json()), schema)


def test_the_packaged_criteria_validate_against_their_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "selection-criteria.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(default_criteria().model_dump_json()), schema)
