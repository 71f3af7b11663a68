"""What every part of the selection store shares: the case store's connection, one logged transaction, candidates
loaded by id (each aggregate hangs off a candidate)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, JsonValue, ValidationError

from caselaw.errors import CandidateNotFound, StoreError, ValidationFailed
from caselaw.models import Case
from caselaw.selection.models import Candidate, CriteriaSet, HistoryAction
from caselaw.store import CaseStore

M = TypeVar("M", bound=BaseModel)


def utcnow() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    """`model` from `data`; ValidationFailed naming the first invalid field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or model.__name__
        raise ValidationFailed(f"{where}: {first['msg']}", errors=exc.errors(include_url=False)) from exc


def _json(value: JsonValue) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def case_name(case: Case) -> str:
    """How the selection names a stored case: its short English title, else its full one."""
    title = case.title_in("en")
    return title.short or title.full


class StoreBase:
    """The state and helpers the aggregates of `SelectionStore` share."""

    cases: CaseStore
    criteria: CriteriaSet

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE, so two writers never interleave a read-check-write)."""
        try:
            with self.cases.transaction() as conn:
                yield conn
        except sqlite3.Error as exc:
            raise StoreError(f"selection store write failed: {exc}") from exc

    def _log(
        self,
        conn: sqlite3.Connection,
        candidate_id: str,
        actor: str,
        action: HistoryAction,
        *,
        at: datetime,
        field: str | None = None,
        old: JsonValue = None,
        new: JsonValue = None,
        reason: str | None = None,
    ) -> None:
        conn.execute(
            "INSERT INTO selection_history (candidate_id, at, actor, action, field, old, new, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (candidate_id, at.isoformat(), actor, action.value, field, _json(old), _json(new), reason),
        )

    def _load(self, conn: sqlite3.Connection, candidate_id: str) -> Candidate:
        row = conn.execute("SELECT data FROM selection_candidates WHERE id = ?", (candidate_id,)).fetchone()
        if row is None:
            raise CandidateNotFound(f"no candidate has id {candidate_id!r}")
        try:
            return Candidate.model_validate_json(row[0])
        except ValidationError as exc:
            # Stored data that no longer validates means the taxonomy or priorities lost a code still in use.
            raise ValidationFailed(f"stored candidate {candidate_id} no longer validates: {exc}") from exc
