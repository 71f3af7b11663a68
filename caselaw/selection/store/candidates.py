"""Candidates: proposal, field edits and stage transitions, each logged; the table of candidates with derived values."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from caselaw.errors import CandidateWithdrawn, Conflict, ValidationFailed
from caselaw.selection.listing import build_row, select_rows
from caselaw.selection.models import (
    UPDATABLE_FIELDS,
    Candidate,
    CandidateDraft,
    CandidateRow,
    HistoryAction,
    ListQuery,
    Score,
    Stage,
    Withdrawal,
)
from caselaw.selection.store.base import StoreBase, case_name, utcnow, validated
from caselaw.selection.store.scores import score_from_row
from caselaw.selection.workflow import check_transition


class CandidateStore(StoreBase):
    """The candidates and their table."""

    @staticmethod
    def _check_revision(candidate: Candidate, expected_revision: int | None) -> None:
        if expected_revision is not None and candidate.revision != expected_revision:
            raise Conflict(
                f"candidate {candidate.id} is at revision {candidate.revision}, not {expected_revision}: "
                "reload and retry",
                revision=candidate.revision,
            )

    @staticmethod
    def _check_active(candidate: Candidate) -> None:
        # A withdrawn candidate is kept as it was when withdrawn: reinstate it first to change it.
        if candidate.withdrawn is not None:
            raise CandidateWithdrawn(
                f"candidate {candidate.id} was withdrawn on {candidate.withdrawn.at.date().isoformat()}: "
                "reinstate it before changing it",
                withdrawn_at=candidate.withdrawn.at.isoformat(),
            )

    def _insert(self, conn: sqlite3.Connection, candidate: Candidate) -> None:
        conn.execute(
            "INSERT INTO selection_candidates (id, case_id, stage, deadline, revision, created_at, updated_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id, "
            "stage = excluded.stage, deadline = excluded.deadline, revision = excluded.revision, "
            "updated_at = excluded.updated_at, data = excluded.data",
            (
                candidate.id,
                candidate.case_id,
                candidate.stage.value,
                candidate.deadline.isoformat() if candidate.deadline else None,
                candidate.revision,
                candidate.created_at.isoformat(),
                candidate.updated_at.isoformat(),
                candidate.model_dump_json(),
            ),
        )

    def create(
        self, draft: CandidateDraft, *, actor: str, reason: str | None = None, actor_key: str | None = None
    ) -> Candidate:
        """Store a new candidate at stage `proposed`; an existing case fills the fields the draft leaves empty.
        `actor_key` is the id of the API key proposing it (None from the command line)."""
        data = draft.model_dump()
        if draft.case_id is not None:
            case = self.cases.get_case(self.cases.resolve(draft.case_id))
            data["case_id"] = case.id
            defaults: dict[str, Any] = {
                "name": case_name(case),
                "forum": case.forum,
                "state": case.respondent_states[0] if case.respondent_states else None,
                "docket": case.identifiers[0].value if case.identifiers else None,
                "rights": [t.code for t in case.rights],
                "issues": [t.code for t in case.issues],
                "affected_groups": [t.code for t in case.affected_groups],
                "charter_conditions": [t.code for t in case.charter_conditions],
                "summary": case.summaries.get("en") or next(iter(case.summaries.values()), None),
            }
            for key, value in defaults.items():
                if not data.get(key):
                    data[key] = value
        now = utcnow()
        candidate = validated(
            Candidate,
            {
                **data,
                "id": f"cand-{secrets.token_hex(6)}",
                "stage": Stage.PROPOSED,
                "revision": 1,
                "created_by": actor,
                "created_by_key": actor_key,
                "created_at": now,
                "updated_at": now,
            },
        )
        with self._transaction() as conn:
            self._insert(conn, candidate)
            self._log(
                conn,
                candidate.id,
                actor,
                HistoryAction.CREATED,
                at=now,
                new=candidate.model_dump(mode="json"),
                reason=reason,
            )
        return candidate

    def get(self, candidate_id: str) -> Candidate:
        """The candidate with this id; CandidateNotFound otherwise."""
        with self.cases.reading() as conn:
            return self._load(conn, candidate_id)

    def candidates(self) -> list[Candidate]:
        """Every candidate, oldest first."""
        with self.cases.reading() as conn:
            rows = conn.execute("SELECT data FROM selection_candidates ORDER BY created_at, id").fetchall()
        return [Candidate.model_validate_json(r[0]) for r in rows]

    def update(
        self,
        candidate_id: str,
        changes: Mapping[str, Any],
        *,
        actor: str,
        expected_revision: int | None = None,
        reason: str | None = None,
    ) -> Candidate:
        """Change fields of a candidate (names as in `CandidateDraft`); each changed field is logged old → new.

        `expected_revision` refuses a stale edit with Conflict. Changing nothing writes nothing.
        """
        unknown = sorted(set(changes) - UPDATABLE_FIELDS)
        if unknown:
            raise ValidationFailed(f"cannot update {', '.join(unknown)}: not a candidate field (or not updatable)")
        with self._transaction() as conn:
            current = self._load(conn, candidate_id)
            self._check_revision(current, expected_revision)
            self._check_active(current)
            now = utcnow()
            merged = {**current.model_dump(), **changes, "revision": current.revision + 1, "updated_at": now}
            updated = validated(Candidate, merged)
            before = current.model_dump(mode="json")
            after = updated.model_dump(mode="json")
            changed = [name for name in sorted(UPDATABLE_FIELDS) if before[name] != after[name]]
            if not changed:
                return current  # nothing written: the empty transaction commits
            self._insert(conn, updated)
            for name in changed:
                self._log(
                    conn,
                    candidate_id,
                    actor,
                    HistoryAction.UPDATED,
                    at=now,
                    field=name,
                    old=before[name],
                    new=after[name],
                    reason=reason,
                )
        return updated

    def transition(
        self,
        candidate_id: str,
        to: Stage,
        *,
        actor: str,
        reason: str | None = None,
        expected_revision: int | None = None,
    ) -> Candidate:
        """Move a candidate to stage `to`: IllegalTransition if the workflow forbids it, ReasonRequired if needed."""
        with self._transaction() as conn:
            current = self._load(conn, candidate_id)
            self._check_revision(current, expected_revision)
            self._check_active(current)
            check_transition(current.stage, to, reason)
            now = utcnow()
            updated = current.model_copy(update={"stage": to, "revision": current.revision + 1, "updated_at": now})
            self._insert(conn, updated)
            self._log(
                conn,
                candidate_id,
                actor,
                HistoryAction.TRANSITIONED,
                at=now,
                field="stage",
                old=current.stage.value,
                new=to.value,
                reason=reason,
            )
        return updated

    def withdraw(
        self, candidate_id: str, *, actor: str, reason: str, expected_revision: int | None = None
    ) -> Candidate:
        """Take a candidate off the table with a reason: kept with its history, left out of the default listing."""
        with self._transaction() as conn:
            current = self._load(conn, candidate_id)
            self._check_revision(current, expected_revision)
            self._check_active(current)
            now = utcnow()
            withdrawal = validated(Withdrawal, {"at": now, "by": actor, "reason": reason})
            updated = current.model_copy(
                update={"withdrawn": withdrawal, "revision": current.revision + 1, "updated_at": now}
            )
            self._insert(conn, updated)
            self._log(
                conn,
                candidate_id,
                actor,
                HistoryAction.WITHDRAWN,
                at=now,
                field="withdrawn",
                new=withdrawal.model_dump(mode="json"),
                reason=withdrawal.reason,
            )
        return updated

    def reinstate(
        self, candidate_id: str, *, actor: str, reason: str | None = None, expected_revision: int | None = None
    ) -> Candidate:
        """Put a withdrawn candidate back on the table at the stage it had; Conflict if it is not withdrawn."""
        with self._transaction() as conn:
            current = self._load(conn, candidate_id)
            self._check_revision(current, expected_revision)
            if current.withdrawn is None:
                raise Conflict(f"candidate {candidate_id} is not withdrawn", revision=current.revision)
            now = utcnow()
            updated = current.model_copy(
                update={"withdrawn": None, "revision": current.revision + 1, "updated_at": now}
            )
            self._insert(conn, updated)
            self._log(
                conn,
                candidate_id,
                actor,
                HistoryAction.REINSTATED,
                at=now,
                field="withdrawn",
                old=current.withdrawn.model_dump(mode="json"),
                reason=reason,
            )
        return updated

    # -- the table -------------------------------------------------------------------------------------------

    def rows(self, query: ListQuery | None = None, *, today: date | None = None) -> list[CandidateRow]:
        """The table: every candidate with its derived values, filtered and sorted by `query`."""
        today = today or utcnow().date()
        with self.cases.reading() as conn:
            score_rows = conn.execute(
                "SELECT id, candidate_id, criterion, criteria_version, scorer, value, rationale, created_at "
                "FROM selection_scores ORDER BY id"
            ).fetchall()
        by_candidate: dict[str, list[Score]] = {}
        for row in score_rows:
            by_candidate.setdefault(str(row[1]), []).append(score_from_row(row))
        rows = [
            build_row(candidate, by_candidate.get(candidate.id, []), self.criteria, today)
            for candidate in self.candidates()
        ]
        return select_rows(rows, query or ListQuery(), today)

    def deadlines(self, within_days: int, *, today: date | None = None, overdue: bool = False) -> list[CandidateRow]:
        """Candidates whose deadline falls in the next `within_days` days (and past ones with `overdue`)."""
        query = ListQuery(deadline_within=within_days, include_overdue=overdue, sort="deadline")
        return self.rows(query, today=today)
