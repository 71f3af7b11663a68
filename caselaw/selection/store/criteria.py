"""Criteria versions: each recorded once with its content, so old scores are read under the criteria they used."""

from __future__ import annotations

import hashlib

from caselaw.errors import CriteriaVersionConflict, ValidationFailed
from caselaw.selection.models import CriteriaSet
from caselaw.selection.store.base import StoreBase, utcnow


class CriteriaStore(StoreBase):
    """The recorded criteria versions."""

    def register_criteria(self, criteria: CriteriaSet) -> None:
        """Record a criteria version; CriteriaVersionConflict if that version was recorded with other content."""
        data = criteria.model_dump_json()
        digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT digest FROM selection_criteria WHERE version = ?", (criteria.version,)
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO selection_criteria (version, digest, data, registered_at) VALUES (?, ?, ?, ?)",
                    (criteria.version, digest, data, utcnow().isoformat()),
                )
            elif row[0] != digest:
                raise CriteriaVersionConflict(
                    f"selection criteria version {criteria.version} is already recorded with different content: "
                    "a changed criterion, text or weight needs a new version number"
                )

    def criteria_set(self, version: int) -> CriteriaSet:
        """The criteria exactly as they were under `version`."""
        with self.cases.reading() as conn:
            row = conn.execute("SELECT data FROM selection_criteria WHERE version = ?", (version,)).fetchone()
        if row is None:
            raise ValidationFailed(f"no selection criteria version {version} is recorded")
        return CriteriaSet.model_validate_json(row[0])

    def criteria_versions(self) -> list[int]:
        """Every criteria version recorded, oldest first."""
        with self.cases.reading() as conn:
            rows = conn.execute("SELECT version FROM selection_criteria ORDER BY version").fetchall()
        return [int(r[0]) for r in rows]
