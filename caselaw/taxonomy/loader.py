"""Read the taxonomy's YAML files from the package and validate them."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from caselaw.errors import CaselawError, TaxonomyError
from caselaw.taxonomy.schema import LANGUAGES, Taxonomy

FACETS: tuple[str, ...] = ("rights", "issues", "affected_groups", "charter_conditions")
"""The lists a case is tagged with."""

_FILES: dict[str, str] = {
    "rights": "rights.yaml",
    "issues": "issues.yaml",
    "affected_groups": "affected_groups.yaml",
    "charter_conditions": "charter_conditions.yaml",
    "forums": "forums.yaml",
    "forum_types": "forum_types.yaml",
    "forum_levels": "forum_levels.yaml",
    "instruments": "instruments.yaml",
    "regions": "regions.yaml",
    "decision_types": "decision_types.yaml",
    "outcomes": "outcomes.yaml",
    "implementation_statuses": "implementation_statuses.yaml",
    "document_kinds": "document_kinds.yaml",
    "record_kinds": "record_kinds.yaml",
    "identifier_schemes": "identifier_schemes.yaml",
    "general_comments": "general_comments.yaml",
    "follow_up_types": "follow_up_types.yaml",
    "implementation_levels": "implementation_levels.yaml",
}

__all__ = ["FACETS", "LANGUAGES", "get_taxonomy", "load_taxonomy"]
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_mapping(package: str, filename: str, directory: Path | None, error: type[CaselawError]) -> dict[str, Any]:
    """A YAML file shipped in `package` (or read from `directory`) whose top level is a mapping; `error` otherwise."""
    try:
        if directory is None:
            text = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
        else:
            text = (directory / filename).read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read {filename}: {exc.strerror}") from exc
    try:
        # libyaml's loader when PyYAML has it: the same data, an eighth of the time (1.6 s -> 0.2 s for the
        # taxonomy, paid by every process that starts an ingest).
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise error(f"{filename}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise error(f"{filename}: expected a mapping at the top level")
    return data


def load_taxonomy(directory: Path | None = None) -> Taxonomy:
    """Load and validate the taxonomy from `directory` (default: the files shipped in the package)."""
    raw: dict[str, Any] = {}
    for key, filename in _FILES.items():
        data = read_yaml_mapping("caselaw.taxonomy", filename, directory, TaxonomyError)
        if key not in data:
            raise TaxonomyError(f"{filename}: expected a top-level key {key!r}")
        raw[key] = data[key]
        if key == "regions":
            raw["countries"] = data.get("countries")
    try:
        return Taxonomy.model_validate(raw)
    except ValueError as exc:
        raise TaxonomyError(f"taxonomy is invalid: {exc}") from exc


@cache
def get_taxonomy() -> Taxonomy:
    """The packaged taxonomy, loaded once on first use."""
    return load_taxonomy()
