"""The audit log of editorial changes to cases: who changed which fields, when, from what to what."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from caselaw.models import Case

# Fields that change on every write or are bulky and not edited by hand: left out of the diff.
_IGNORED = {"revision", "created_at", "updated_at", "documents", "languages"}


class HistoryEntry(BaseModel):
    """One recorded change of a case."""

    model_config = ConfigDict(frozen=True)

    id: int
    case_id: str
    revision: int = Field(description="Revision the change produced.")
    actor: str = Field(description="Who made it: the API key's name and id, or `cli:<user>`.")
    at: datetime
    action: str = Field(description="`create`, `update`, `ingest`, ...")
    reason: str | None = None
    changes: dict[str, dict[str, Any]] = Field(description="Changed top-level fields: `{field: {old, new}}`.")


def diff_cases(old: Case | None, new: Case) -> dict[str, dict[str, Any]]:
    """Top-level fields whose values differ, as JSON data: `{field: {"old": ..., "new": ...}}`."""
    before = old.model_dump(mode="json", exclude=_IGNORED) if old is not None else {}
    after = new.model_dump(mode="json", exclude=_IGNORED)
    return {
        key: {"old": before.get(key), "new": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    conn: sqlite3.Connection,
    *,
    case_id: str,
    revision: int,
    actor: str,
    at: datetime,
    action: str,
    reason: str | None,
    changes: dict[str, dict[str, Any]],
) -> None:
    """Append one entry inside the caller's transaction (the same one that wrote the case)."""
    conn.execute(
        "INSERT INTO case_history (case_id, revision, actor, at, action, reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, revision, actor, at.isoformat(), action, reason, json.dumps(changes, ensure_ascii=False)),
    )


def read_history(conn: sqlite3.Connection, case_id: str) -> list[HistoryEntry]:
    """Every recorded change of a case, oldest first."""
    return [HistoryEntry(**row) for row in history_rows(conn, "case_history", "revision", case_id)]


def history_rows(conn: sqlite3.Connection, table: str, reference: str, case_id: str) -> list[dict[str, Any]]:
    """The rows of a history table (`case_history`, `follow_up_history`) for a case, oldest first, as the fields
    of its entry model; `reference` names the table's own column (the case's revision, the event's id)."""
    rows = conn.execute(
        f"SELECT id, case_id, {reference}, actor, at, action, reason, changes FROM {table} "  # names from code
        "WHERE case_id = ? ORDER BY id",
        (case_id,),
    ).fetchall()
    return [
        {
            "id": r[0],
            "case_id": r[1],
            reference: r[2],
            "actor": r[3],
            "at": datetime.fromisoformat(r[4]),
            "action": r[5],
            "reason": r[6],
            "changes": json.loads(r[7]),
        }
        for r in rows
    ]
