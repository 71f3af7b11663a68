"""Rate-limit buckets shared by the worker processes of one server, in a small SQLite file.

With `caselaw serve --workers N`, each worker process used to count requests on its own, so a client had N times
its budget. `caselaw serve` now gives its workers one SQLite file (`CASELAW_RATE_LIMIT_STORE`) holding a token
bucket per client; each request takes its token with one UPSERT, which SQLite makes atomic across processes.

A file of its own, not the store: a write per request in the store's database would queue behind (and delay) case
writes on its single writer lock, and fsync on every commit. Here nothing needs to survive a crash, so commits are
not synced, and the journal is WAL (measured: 88 µs a request on the shared, loaded 2-core test machine).
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("caselaw.api")

BUSY_TIMEOUT_MS = 2000
PRUNE_EVERY = 1000
"""Requests between two deletions of the buckets that have refilled (clients gone quiet)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS buckets (
    client TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    seen REAL NOT NULL,
    allowed INTEGER NOT NULL
) WITHOUT ROWID
"""
# The bucket refilled since it was last seen (capped), less one token when at least one is there.
_TAKE = """
INSERT INTO buckets (client, tokens, seen, allowed) VALUES (:client, :capacity - 1, :now, 1)
ON CONFLICT (client) DO UPDATE SET
    allowed = MIN(:capacity, tokens + MAX(0, :now - seen) * :rate) >= 1,
    tokens = MIN(:capacity, tokens + MAX(0, :now - seen) * :rate)
        - (MIN(:capacity, tokens + MAX(0, :now - seen) * :rate) >= 1),
    seen = :now
RETURNING tokens, allowed
"""


class SharedRateLimiter:
    """A token bucket per client, `per_minute` requests a minute, kept in `path` for every process that opens it."""

    def __init__(self, per_minute: int, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.per_minute = per_minute
        self.path = path
        self.clock = clock  # wall time: the processes share no monotonic origin they could rely on
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._taken = 0

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")  # counts need not survive a crash
            connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def take(self, client: str) -> tuple[bool, int, int]:
        """Take one token: (allowed, tokens left, seconds until one is back). Allowed when the file fails."""
        rate = self.per_minute / 60.0
        now = self.clock()
        try:
            with self._lock:
                connection = self._connect()
                values = {"client": client, "capacity": float(self.per_minute), "now": now, "rate": rate}
                tokens, allowed = connection.execute(_TAKE, values).fetchone()
                self._taken += 1
                if self._taken % PRUNE_EVERY == 0:
                    # A bucket unseen for a minute is full again: the same as no row.
                    connection.execute("DELETE FROM buckets WHERE seen < ?", (now - 60.0,))
        except sqlite3.Error as error:
            # Failing closed would take the whole API down with a rate-limit file; counting resumes once it works.
            log.warning("rate limit not counted (%s): %s", self.path, error)
            return True, self.per_minute, 0
        wait = 0 if allowed else math.ceil((1.0 - tokens) / rate)
        return bool(allowed), int(tokens), wait

    def close(self) -> None:
        """Close this process's connection."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
