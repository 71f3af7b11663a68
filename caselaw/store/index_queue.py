"""The changes the search index has not taken yet: a durable queue written with every case write.

`CaseStore` adds a row for each case it writes or deletes, in the write's own transaction, so no change can be
committed without its row (a process killed between the store's commit and the index update leaves the row, not a
silent gap). `caselaw.search.sync` takes the rows with every index update and deletes them once the index holds
them; rows are numbered by a sequence that only grows, so deleting "up to the last row read" never drops a change
committed meanwhile. The sequence numbers the store's changes: the index is complete up to the row before the
oldest one left.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # cases.py imports `enqueue` from here
    from caselaw.store.cases import CaseStore


def enqueue(connection: sqlite3.Connection, case_id: str) -> None:
    """Queue `case_id` for the index (inside the transaction that writes or deletes it)."""
    connection.execute(
        "INSERT INTO index_queue (case_id, queued_at) VALUES (?, ?)", (case_id, datetime.now(UTC).isoformat())
    )


@dataclass(frozen=True)
class Pending:
    """The queued cases, each once in the order first queued, and the last row read (0: none)."""

    case_ids: list[str]
    through: int


def pending(store: CaseStore) -> Pending:
    """Every queued case, oldest first, and the sequence number up to which they were read."""
    with store.reading() as connection:
        rows = connection.execute(
            "SELECT case_id, MIN(seq), MAX(seq) FROM index_queue GROUP BY case_id ORDER BY MIN(seq)"
        ).fetchall()
    return Pending([str(row[0]) for row in rows], max((int(row[2]) for row in rows), default=0))


def last_change(store: CaseStore) -> int:
    """The number of the store's last change (0 before the first)."""
    with store.reading() as connection:
        row = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'index_queue'").fetchone()
    return int(row[0]) if row else 0


def done(store: CaseStore, through: int) -> None:
    """The index holds every change up to `through`: forget them (later ones stay queued)."""
    if through > 0:
        with store.transaction() as connection:
            connection.execute("DELETE FROM index_queue WHERE seq <= ?", (through,))


def failed(store: CaseStore, through: int, error: str) -> None:
    """The index could not take the changes up to `through`: they stay queued, marked with why."""
    if through > 0:
        with store.transaction() as connection:
            connection.execute(
                "UPDATE index_queue SET failed_at = ?, error = ? WHERE seq <= ?",
                (datetime.now(UTC).isoformat(), error[:500], through),
            )


@dataclass(frozen=True)
class QueueState:
    """How far the index lags behind the store, in changes."""

    last_change: int
    """The store's last change."""
    indexed_through: int
    """The index holds every change up to this one (`last_change` when nothing is queued)."""
    pending: int
    """Changes queued (a case written twice counts twice)."""
    failed: int
    """Queued changes an index update has already failed to take."""
    oldest_seconds: float
    """Age of the oldest queued change (0 when none)."""
    error: str | None
    """Why the last failed update failed."""


def state(store: CaseStore) -> QueueState:
    """The queue in numbers (a few aggregate reads: cheap enough for every readiness probe)."""
    with store.reading() as connection:
        count, first, oldest, failures = connection.execute(
            "SELECT COUNT(*), MIN(seq), MIN(queued_at), COUNT(failed_at) FROM index_queue"
        ).fetchone()
        error = connection.execute(
            "SELECT error FROM index_queue WHERE failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT 1"
        ).fetchone()
    last = last_change(store)
    age = (datetime.now(UTC) - datetime.fromisoformat(oldest)).total_seconds() if oldest else 0.0
    return QueueState(
        last_change=last,
        indexed_through=int(first) - 1 if first is not None else last,
        pending=int(count),
        failed=int(failures),
        oldest_seconds=max(0.0, age),
        error=str(error[0]) if error else None,
    )
