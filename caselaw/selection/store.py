"""The selection table in the caselaw SQLite file: one transaction per operation, every change logged."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, TypeVar

from pydantic import BaseModel, JsonValue, ValidationError

from caselaw.config import Settings
from caselaw.errors import (
    CandidateNotFound,
    CommentNotFound,
    Conflict,
    CriteriaVersionConflict,
    StoreError,
    ValidationFailed,
)
from caselaw.models import Case
from caselaw.selection.catalogue import default_criteria
from caselaw.selection.listing import build_row, select_rows
from caselaw.selection.models import (
    UPDATABLE_FIELDS,
    Assessment,
    Candidate,
    CandidateDraft,
    CandidateRow,
    Comment,
    CommentDraft,
    CriteriaSet,
    HistoryAction,
    HistoryEntry,
    ListQuery,
    Precedent,
    PrecedentState,
    PrecedentSuggestion,
    Score,
    ScoreDraft,
    Stage,
)
from caselaw.selection.scoring import assess
from caselaw.selection.workflow import check_scoring_open, check_transition
from caselaw.store import CaseStore, open_store

M = TypeVar("M", bound=BaseModel)


def _now() -> datetime:
    return datetime.now(UTC)


def _validated(model: type[M], data: Mapping[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or model.__name__
        raise ValidationFailed(f"{where}: {first['msg']}", errors=exc.errors(include_url=False)) from exc


def _json(value: JsonValue) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _case_name(case: Case) -> str:
    title = case.title_in("en")
    return title.short or title.full


class SelectionStore:
    """Candidates, scores, comments, history and precedents, in the same SQLite file as the cases.

    It works through the `CaseStore`'s connection (WAL, foreign keys, busy timeout, `synchronous=FULL`,
    migrations applied) and its lock, so the selection tables share the durability of the cases they cite
    and one process never holds two connections contending for the same write lock.
    """

    def __init__(self, cases: CaseStore, criteria: CriteriaSet | None = None, *, owns_cases: bool = False) -> None:
        self.cases = cases
        self._owns_cases = owns_cases
        self.criteria = criteria or default_criteria()
        self.register_criteria(self.criteria)

    def close(self) -> None:
        """Close the underlying case store when this object opened it."""
        if self._owns_cases:
            self.cases.close()

    def __enter__(self) -> SelectionStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

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

    # -- criteria --------------------------------------------------------------------------------------------

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
                    (criteria.version, digest, data, _now().isoformat()),
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

    # -- candidates ------------------------------------------------------------------------------------------

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
                "name": _case_name(case),
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
        now = _now()
        candidate = _validated(
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

    def _load(self, conn: sqlite3.Connection, candidate_id: str) -> Candidate:
        row = conn.execute("SELECT data FROM selection_candidates WHERE id = ?", (candidate_id,)).fetchone()
        if row is None:
            raise CandidateNotFound(f"no candidate has id {candidate_id!r}")
        try:
            return Candidate.model_validate_json(row[0])
        except ValidationError as exc:
            # Stored data that no longer validates means the taxonomy or priorities lost a code still in use.
            raise ValidationFailed(f"stored candidate {candidate_id} no longer validates: {exc}") from exc

    @staticmethod
    def _check_revision(candidate: Candidate, expected_revision: int | None) -> None:
        if expected_revision is not None and candidate.revision != expected_revision:
            raise Conflict(
                f"candidate {candidate.id} is at revision {candidate.revision}, not {expected_revision}: "
                "reload and retry",
                revision=candidate.revision,
            )

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
            now = _now()
            merged = {**current.model_dump(), **changes, "revision": current.revision + 1, "updated_at": now}
            updated = _validated(Candidate, merged)
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
            check_transition(current.stage, to, reason)
            now = _now()
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

    # -- scores ----------------------------------------------------------------------------------------------

    def score(self, candidate_id: str, draft: ScoreDraft, *, scorer: str) -> Score:
        """Record a member's score on a criterion of the current criteria; earlier scores stay stored."""
        if self.criteria.get(draft.criterion) is None:
            known = ", ".join(c.code for c in self.criteria.criteria)
            raise ValidationFailed(f"unknown criterion {draft.criterion!r}; criteria are: {known}")
        with self._transaction() as conn:
            candidate = self._load(conn, candidate_id)
            check_scoring_open(candidate.stage)
            previous = conn.execute(
                "SELECT value, criteria_version FROM selection_scores WHERE candidate_id = ? AND scorer = ? "
                "AND criterion = ? ORDER BY id DESC LIMIT 1",
                (candidate_id, scorer, draft.criterion),
            ).fetchone()
            now = _now()
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
        return [self._score(r) for r in rows]

    @staticmethod
    def _score(row: Sequence[Any]) -> Score:
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

    # -- comments and history --------------------------------------------------------------------------------

    def comment(self, candidate_id: str, draft: CommentDraft, *, author: str) -> Comment:
        """Add a comment, or a reply to a comment on the same candidate (CommentNotFound otherwise)."""
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            if draft.parent_id is not None:
                parent = conn.execute(
                    "SELECT 1 FROM selection_comments WHERE id = ? AND candidate_id = ?",
                    (draft.parent_id, candidate_id),
                ).fetchone()
                if parent is None:
                    raise CommentNotFound(f"candidate {candidate_id} has no comment {draft.parent_id}")
            now = _now()
            cursor = conn.execute(
                "INSERT INTO selection_comments (candidate_id, parent_id, author, body, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (candidate_id, draft.parent_id, author, draft.body, now.isoformat()),
            )
            comment = Comment(
                id=int(cursor.lastrowid or 0),
                candidate_id=candidate_id,
                parent_id=draft.parent_id,
                author=author,
                body=draft.body,
                created_at=now,
            )
            self._log(
                conn,
                candidate_id,
                author,
                HistoryAction.COMMENTED,
                at=now,
                field=f"comment:{comment.id}",
                new={"body": draft.body, "parent_id": draft.parent_id},
            )
        return comment

    def comments(self, candidate_id: str) -> list[Comment]:
        """Every comment on a candidate, oldest first; `parent_id` links replies into threads."""
        with self.cases.reading() as conn:
            self._load(conn, candidate_id)
            rows = conn.execute(
                "SELECT id, candidate_id, parent_id, author, body, created_at FROM selection_comments "
                "WHERE candidate_id = ? ORDER BY id",
                (candidate_id,),
            ).fetchall()
        return [
            Comment(
                id=r[0],
                candidate_id=r[1],
                parent_id=r[2],
                author=r[3],
                body=r[4],
                created_at=datetime.fromisoformat(r[5]),
            )
            for r in rows
        ]

    def history(self, candidate_id: str) -> list[HistoryEntry]:
        """Every change to a candidate, oldest first."""
        with self.cases.reading() as conn:
            self._load(conn, candidate_id)
            rows = conn.execute(
                "SELECT id, candidate_id, at, actor, action, field, old, new, reason FROM selection_history "
                "WHERE candidate_id = ? ORDER BY id",
                (candidate_id,),
            ).fetchall()
        return [
            HistoryEntry(
                id=r[0],
                candidate_id=r[1],
                at=datetime.fromisoformat(r[2]),
                actor=r[3],
                action=HistoryAction(r[4]),
                field=r[5],
                old=None if r[6] is None else json.loads(r[6]),
                new=None if r[7] is None else json.loads(r[7]),
                reason=r[8],
            )
            for r in rows
        ]

    # -- the table -------------------------------------------------------------------------------------------

    def rows(self, query: ListQuery | None = None, *, today: date | None = None) -> list[CandidateRow]:
        """The table: every candidate with its derived values, filtered and sorted by `query`."""
        today = today or _now().date()
        with self.cases.reading() as conn:
            score_rows = conn.execute(
                "SELECT id, candidate_id, criterion, criteria_version, scorer, value, rationale, created_at "
                "FROM selection_scores ORDER BY id"
            ).fetchall()
        by_candidate: dict[str, list[Score]] = {}
        for row in score_rows:
            by_candidate.setdefault(str(row[1]), []).append(self._score(row))
        rows = [
            build_row(candidate, by_candidate.get(candidate.id, []), self.criteria, today)
            for candidate in self.candidates()
        ]
        return select_rows(rows, query or ListQuery(), today)

    def deadlines(self, within_days: int, *, today: date | None = None, overdue: bool = False) -> list[CandidateRow]:
        """Candidates whose deadline falls in the next `within_days` days (and past ones with `overdue`)."""
        query = ListQuery(deadline_within=within_days, include_overdue=overdue, sort="deadline")
        return self.rows(query, today=today)

    # -- precedents ------------------------------------------------------------------------------------------

    def save_precedents(
        self, candidate_id: str, suggestions: Sequence[PrecedentSuggestion], *, actor: str
    ) -> list[Precedent]:
        """Replace the candidate's suggestions with a fresh list, keeping every pin and dismissal."""
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            now = _now().isoformat()
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
            rows = conn.execute(
                "SELECT case_id, state, rank, data, refreshed_at, decided_by, decided_at FROM selection_precedents "
                "WHERE candidate_id = ? ORDER BY CASE state WHEN 'pinned' THEN 0 WHEN 'suggested' THEN 1 ELSE 2 END, "
                "rank IS NULL, rank, decided_at, case_id",
                (candidate_id,),
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
                title=_case_name(case),
                forum=case.forum or "",
                decision_date=case.dates.decision,
                score=0.0,
                reasons=[],
            )
        action = HistoryAction.PRECEDENT_PINNED if state == PrecedentState.PINNED else HistoryAction.PRECEDENT_DISMISSED
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            now = _now()
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


def open_selection_store(settings: Settings, criteria: CriteriaSet | None = None) -> SelectionStore:
    """Open the store under the configured data directory with the selection tables; closing it closes both."""
    return SelectionStore(open_store(settings), criteria, owns_cases=True)
