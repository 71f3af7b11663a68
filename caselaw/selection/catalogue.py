"""The selection table's configuration as data: criteria, thematic priorities, workflow and labels (YAML files)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caselaw.errors import ConfigError, ValidationFailed
from caselaw.models import Strict
from caselaw.selection.models import CriteriaSet, Labels, Priority, Stage, StageSpec
from caselaw.taxonomy import LANGUAGES
from caselaw.taxonomy.loader import read_yaml_mapping


def _read(filename: str, path: Path | None = None) -> dict[str, Any]:
    """A packaged YAML file of the selection table, or the file at `path` instead."""
    if path is None:
        return read_yaml_mapping("caselaw.selection", filename, None, ConfigError)
    return read_yaml_mapping("caselaw.selection", path.name, path.parent, ConfigError)


def load_criteria(path: Path | None = None) -> CriteriaSet:
    """Load a criteria file (default: the packaged `criteria.yaml`) and validate it."""
    try:
        return CriteriaSet.model_validate(_read("criteria.yaml", path))
    except ValidationError as exc:
        raise ConfigError(f"selection criteria are invalid: {exc}") from exc


@cache
def default_criteria() -> CriteriaSet:
    """The packaged criteria, loaded once."""
    return load_criteria()


@cache
def get_priorities() -> tuple[Priority, ...]:
    """The thematic priorities a candidate can serve."""
    raw = _read("priorities.yaml").get("priorities")
    try:
        return tuple(Priority.model_validate(item) for item in raw or [])
    except ValidationError as exc:
        raise ConfigError(f"priorities.yaml is invalid: {exc}") from exc


class Workflow(Strict):
    """The stages, the moves allowed between them, and the stages needing a reason or taking scores."""

    stages: list[StageSpec]
    reason_required: list[Stage]
    scoring_open: list[Stage]

    def spec(self, stage: Stage) -> StageSpec:
        """The specification of `stage`."""
        return next(s for s in self.stages if s.code == stage)

    def allowed(self, current: Stage) -> list[Stage]:
        """The stages a candidate in `current` may move to."""
        return list(self.spec(current).next)


@cache
def get_workflow() -> Workflow:
    """The packaged workflow, checked to cover every stage exactly once."""
    try:
        workflow = Workflow.model_validate(_read("workflow.yaml"))
    except ValidationError as exc:
        raise ConfigError(f"workflow.yaml is invalid: {exc}") from exc
    codes = [s.code for s in workflow.stages]
    if sorted(codes) != sorted(Stage):
        raise ConfigError(f"workflow.yaml must list every stage once, found {codes}")
    return workflow


class LabelSet(Strict):
    """Column headers, list values and precedent reasons in the five languages."""

    columns: dict[str, Labels]
    deadline_kinds: dict[str, Labels]
    consent: dict[str, Labels]
    proceedings: dict[str, Labels]
    kinds: dict[str, Labels]
    reasons: dict[str, Labels]

    def text(self, group: str, key: str, language: str) -> str:
        """The label of `key` in `group` (e.g. `columns`, `deadline`) in `language`, English as fallback."""
        labels: dict[str, dict[str, str]] = getattr(self, group)
        entry = labels[key]
        return entry.get(language) or entry["en"]


@cache
def get_labels() -> LabelSet:
    """The packaged labels."""
    try:
        return LabelSet.model_validate(_read("labels.yaml"))
    except ValidationError as exc:
        raise ConfigError(f"labels.yaml is invalid: {exc}") from exc


def check_language(language: str) -> str:
    """`language` if labels exist in it; ValidationFailed naming the five languages otherwise."""
    if language not in LANGUAGES:
        raise ValidationFailed(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return language
