"""JSON Schema files under `schemas/`, generated from the models so they cannot drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from caselaw.models import Case, Document
from caselaw.search import SearchRequest, SearchResponse
from caselaw.selection import Candidate, CriteriaSet
from caselaw.taxonomy import Taxonomy

_SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    # Serialization mode: the files describe what caselaw writes (exports include computed fields).
    "case.schema.json": (Case, "A case record as exported by `caselaw export --format jsonl`."),
    "document.schema.json": (Document, "One document (original, translation or summary) of a case."),
    "taxonomy.schema.json": (Taxonomy, "The rights, issue, forum and region taxonomy."),
    "search-request.schema.json": (SearchRequest, "A search: query, facet filters, date range, sort and page."),
    "search-response.schema.json": (
        SearchResponse,
        "The answer to a search, the same for every engine: hits, disjunctive facet counts, expansions.",
    ),
    "selection-candidate.schema.json": (Candidate, "An amicus candidate of the steering committee's selection table."),
    "selection-criteria.schema.json": (CriteriaSet, "One version of the selection criteria (criteria.yaml)."),
}


def render_schemas() -> dict[str, str]:
    """Every schema file's name and exact text."""
    rendered: dict[str, str] = {}
    for filename, (model, description) in _SCHEMAS.items():
        schema: dict[str, Any] = model.model_json_schema(mode="serialization")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "description": description,
            **{k: v for k, v in schema.items() if k != "description"},
        }
        rendered[filename] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return rendered


def export_schemas(directory: Path) -> list[Path]:
    """Write every schema file into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in render_schemas().items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(directory: Path) -> list[str]:
    """Names of schema files in `directory` that are missing or differ from the models."""
    stale = []
    for filename, text in render_schemas().items():
        path = directory / filename
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(filename)
    return stale
