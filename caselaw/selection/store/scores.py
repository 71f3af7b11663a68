"""Scores: members' scores per criterion (earlier ones kept) and the assessment they add up to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import JsonValue

from caselaw.errors import CandidateWithdrawn, ValidationFailed
from caselaw.selection.models import Assessment, CriteriaSet, HistoryAction, Score, ScoreDraft
from caselaw.selection.scoring import assess
from caselaw.selection.store.base import StoreBase, utcnow
from caselaw.selection.workflow import check_scoring_open


def score_from_row(row: Sequence[Any]) -> Score:
    """A `Score` from a `selection_scores` row (id, candidate, criterion, version, scorer, value, rationale, at)."""
    return Score(
        id=row[0],
        candidate_id=row[1],
        criterion=row[2],
        criteria_version=row[3],
        scorer=row[4],
        value=row[5],
        rationale=row[6],
        created_at=datetime.fromisoformat(row[7]),
    )


class ScoreStore(StoreBase):
    """The scores of candidates."""

    def score(self, candidate_id: str, draft: ScoreDraft, *, scorer: str) -> Score:
        """Record a member's score on a criterion of the current criteria; earlier scores stay stored."""
        if self.criteria.get(draft.criterion) is None:
            known = ", ".join(c.code for c in self.criteria.criteria)
            raise ValidationFailed(f"unknown criterion {draft.criterion!r}; criteria are: {known}")
        with self._transaction() as conn:
            candidate = self._load(conn, candidate_id)
            if candidate.withdrawn is not None:
                raise CandidateWithdrawn(f"candidate {candidate_id} was withdrawn: it takes no scores")
            check_scoring_open(candidate.stage)
            previous = conn.execute(
                "SELECT value, criteria_version FROM selection_scores WHERE candidate_id = ? AND scorer = ? "
                "AND criterion = ? ORDER BY id DESC LIMIT 1",
                (candidate_id, scorer, draft.criterion),
            ).fetchone()
            now = utcnow()
            cursor = conn.execute(
                "INSERT INTO selection_scores (candidate_id, criterion, criteria_version, scorer, value, rationale, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    candidate_id,
                    draft.criterion,
                    self.criteria.version,
                    scorer,
                    draft.value,
                    draft.rationale,
                    now.isoformat(),
                ),
            )
            score = Score(
                id=int(cursor.lastrowid or 0),
                candidate_id=candidate_id,
                criterion=draft.criterion,
                criteria_version=self.criteria.version,
                scorer=scorer,
                value=draft.value,
                rationale=draft.rationale,
                created_at=now,
            )
            old: JsonValue = None if previous is None else {"value": previous[0], "criteria_version": previous[1]}
            self._log(
                conn,
                candidate_id,
                scorer,
                HistoryAction.SCORED,
                at=now,
                field=draft.criterion,
                old=old,
                new={"value": draft.value, "criteria_version": self.criteria.version},
                reason=draft.rationale,
            )
        return score

    def scores(self, candidate_id: str) -> list[Score]:
        """Every score ever given on a candidate, oldest first (superseded ones included)."""
        with self.cases.reading() as conn:
            self._load(conn, candidate_id)
            rows = conn.execute(
                "SELECT id, candidate_id, criterion, criteria_version, scorer, value, rationale, created_at "
                "FROM selection_scores WHERE candidate_id = ? ORDER BY id",
                (candidate_id,),
            ).fetchall()
        return [score_from_row(r) for r in rows]

    def assessment(
        self,
        candidate_id: str,
        committee: Sequence[str],
        *,
        criteria: CriteriaSet | None = None,
        language: str = "en",
    ) -> Assessment:
        """Averages, spread and weighted total per criterion, and which of `committee` have not scored yet."""
        return assess(candidate_id, self.scores(candidate_id), criteria or self.criteria, committee, language)
