"""Precedents of a candidate: refreshed suggestions, and the pins and dismissals that survive every refresh."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from caselaw.errors import Conflict, NotFound
from caselaw.selection.models import HistoryAction, Precedent, PrecedentState, PrecedentSuggestion
from caselaw.selection.store.base import StoreBase, case_name, utcnow


class PrecedentStore(StoreBase):
    """The precedents of candidates."""

    def save_precedents(
        self, candidate_id: str, suggestions: Sequence[PrecedentSuggestion], *, actor: str
    ) -> list[Precedent]:
        """Replace the candidate's suggestions with a fresh list, keeping every pin and dismissal."""
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            now = utcnow().isoformat()
            conn.execute(
                "DELETE FROM selection_precedents WHERE candidate_id = ? AND state = 'suggested'", (candidate_id,)
            )
            conn.execute("UPDATE selection_precedents SET rank = NULL WHERE candidate_id = ?", (candidate_id,))
            for rank, suggestion in enumerate(suggestions, start=1):
                conn.execute(
                    "INSERT INTO selection_precedents (candidate_id, case_id, state, rank, data, refreshed_at) "
                    "VALUES (?, ?, 'suggested', ?, ?, ?) ON CONFLICT (candidate_id, case_id) DO UPDATE SET "
                    "rank = excluded.rank, data = excluded.data, refreshed_at = excluded.refreshed_at",
                    (candidate_id, suggestion.case_id, rank, suggestion.model_dump_json(), now),
                )
            self._log(
                conn,
                candidate_id,
                actor,
                HistoryAction.PRECEDENTS_REFRESHED,
                at=datetime.fromisoformat(now),
                new=[s.case_id for s in suggestions],
            )
        return self.precedents(candidate_id)

    def precedents(self, candidate_id: str, *, include_dismissed: bool = False) -> list[Precedent]:
        """The candidate's precedents: pinned first, then suggestions in rank order; dismissed ones on request."""
        with self.cases.reading() as conn:
            self._load(conn, candidate_id)
            # The reason of a pin or dismissal lives in the history (one place for every "why"): the latest one.
            rows = conn.execute(
                "SELECT case_id, state, rank, data, refreshed_at, decided_by, decided_at, CASE WHEN state = "
                "'suggested' THEN NULL ELSE (SELECT h.reason FROM selection_history h WHERE h.candidate_id = "
                "p.candidate_id AND h.field = p.case_id AND h.action IN (?, ?) ORDER BY h.id DESC LIMIT 1) END "
                "FROM selection_precedents p WHERE candidate_id = ? ORDER BY CASE state WHEN 'pinned' THEN 0 "
                "WHEN 'suggested' THEN 1 ELSE 2 END, rank IS NULL, rank, decided_at, case_id",
                (HistoryAction.PRECEDENT_PINNED.value, HistoryAction.PRECEDENT_DISMISSED.value, candidate_id),
            ).fetchall()
        precedents = [
            Precedent(
                **json.loads(r[3]),
                candidate_id=candidate_id,
                state=PrecedentState(r[1]),
                rank=r[2],
                refreshed_at=datetime.fromisoformat(r[4]),
                decided_by=r[5],
                decided_at=None if r[6] is None else datetime.fromisoformat(r[6]),
                decision_reason=r[7],
            )
            for r in rows
        ]
        return [p for p in precedents if include_dismissed or p.state != PrecedentState.DISMISSED]

    def dismissed(self, candidate_id: str) -> set[str]:
        """Case ids dismissed for this candidate: a refresh never suggests them again."""
        with self.cases.reading() as conn:
            rows = conn.execute(
                "SELECT case_id FROM selection_precedents WHERE candidate_id = ? AND state = 'dismissed'",
                (candidate_id,),
            ).fetchall()
        return {str(r[0]) for r in rows}

    def pin(self, candidate_id: str, case_id: str, *, actor: str, reason: str | None = None) -> Precedent:
        """Pin a case as a precedent (a suggested one, or any stored case): it stays on top across refreshes."""
        return self._decide(candidate_id, case_id, PrecedentState.PINNED, actor, reason)

    def dismiss(self, candidate_id: str, case_id: str, *, actor: str, reason: str | None = None) -> Precedent:
        """Dismiss a suggested (or any stored) case: it stays hidden across refreshes."""
        return self._decide(candidate_id, case_id, PrecedentState.DISMISSED, actor, reason)

    def unpin(self, candidate_id: str, case_id: str, *, actor: str, reason: str | None = None) -> Precedent:
        """Undo a pin: the case goes back among the suggestions (Conflict when it is not pinned)."""
        return self._undo(candidate_id, case_id, PrecedentState.PINNED, actor, reason)

    def undismiss(self, candidate_id: str, case_id: str, *, actor: str, reason: str | None = None) -> Precedent:
        """Undo a dismissal: the case is shown among the suggestions again (Conflict when it is not dismissed)."""
        return self._undo(candidate_id, case_id, PrecedentState.DISMISSED, actor, reason)

    def _undo(
        self, candidate_id: str, case_id: str, undone: PrecedentState, actor: str, reason: str | None
    ) -> Precedent:
        action = (
            HistoryAction.PRECEDENT_UNPINNED if undone == PrecedentState.PINNED else HistoryAction.PRECEDENT_UNDISMISSED
        )
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            row = conn.execute(
                "SELECT state FROM selection_precedents WHERE candidate_id = ? AND case_id = ?", (candidate_id, case_id)
            ).fetchone()
            if row is None:
                raise NotFound(f"case {case_id!r} is not among the precedents of candidate {candidate_id}")
            if row[0] != undone.value:
                # Someone else already undid it (or changed it): say what it is now rather than guess.
                raise Conflict(
                    f"precedent {case_id} of candidate {candidate_id} is {row[0]}, not {undone.value}",
                    state=row[0],
                )
            now = utcnow()
            conn.execute(
                "UPDATE selection_precedents SET state = 'suggested', decided_by = NULL, decided_at = NULL "
                "WHERE candidate_id = ? AND case_id = ?",
                (candidate_id, case_id),
            )
            self._log(
                conn,
                candidate_id,
                actor,
                action,
                at=now,
                field=case_id,
                old=undone.value,
                new=PrecedentState.SUGGESTED.value,
                reason=reason,
            )
        return next(p for p in self.precedents(candidate_id, include_dismissed=True) if p.case_id == case_id)

    def _decide(
        self, candidate_id: str, case_id: str, state: PrecedentState, actor: str, reason: str | None
    ) -> Precedent:
        # Read the case outside the write transaction: it is only needed when the case was never suggested.
        with self.cases.reading() as conn:
            known = conn.execute(
                "SELECT state FROM selection_precedents WHERE candidate_id = ? AND case_id = ?", (candidate_id, case_id)
            ).fetchone()
        manual: PrecedentSuggestion | None = None
        if known is None:
            case = self.cases.get_case(self.cases.resolve(case_id))
            case_id = case.id
            manual = PrecedentSuggestion(
                case_id=case.id,
                title=case_name(case),
                forum=case.forum or "",
                decision_date=case.dates.decision,
                score=0.0,
                reasons=[],
            )
        action = HistoryAction.PRECEDENT_PINNED if state == PrecedentState.PINNED else HistoryAction.PRECEDENT_DISMISSED
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            now = utcnow()
            if manual is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO selection_precedents (candidate_id, case_id, state, rank, data, "
                    "refreshed_at) VALUES (?, ?, 'suggested', NULL, ?, ?)",
                    (candidate_id, case_id, manual.model_dump_json(), now.isoformat()),
                )
            previous = conn.execute(
                "SELECT state FROM selection_precedents WHERE candidate_id = ? AND case_id = ?", (candidate_id, case_id)
            ).fetchone()
            conn.execute(
                "UPDATE selection_precedents SET state = ?, decided_by = ?, decided_at = ? "
                "WHERE candidate_id = ? AND case_id = ?",
                (state.value, actor, now.isoformat(), candidate_id, case_id),
            )
            self._log(
                conn,
                candidate_id,
                actor,
                action,
                at=now,
                field=case_id,
                old=previous[0],
                new=state.value,
                reason=reason,
            )
        return next(p for p in self.precedents(candidate_id, include_dismissed=True) if p.case_id == case_id)
