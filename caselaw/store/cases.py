"""Read and write cases: one SQLite transaction per case, so a crash never leaves half a case."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from pydantic import BaseModel, Field, ValidationError

from caselaw.config import Settings
from caselaw.errors import CaseNotFound, Conflict, StoreError, ValidationFailed
from caselaw.models import Case, ReviewReason, ReviewStatus
from caselaw.store import citations, follow_up, history, index_queue
from caselaw.store.blobs import BlobStore
from caselaw.store.migrations import migrate

# Citations live in their own tables (resolved when read) and the cited-by count is computed when read.
_CASE_EXCLUDE = {"documents", "languages", "citations", "cited_by_count", "follow_up"}
_CITATIONS_MIGRATION = 5


class CaseStamp(BaseModel):
    """When a case was first stored and last changed, and its summaries: what a list entry (a feed's) shows."""

    created_at: datetime | None = Field(None, description="First stored.")
    updated_at: datetime | None = Field(None, description="Last change.")
    summaries: dict[str, str] = Field(default_factory=dict, description="Editorial summary per language.")


class ReviewItem(BaseModel):
    """A case waiting for an editor, with what it lacks."""

    case_id: str = Field(description="The case's id.")
    title: str = Field(description="Its title (first language stored).")
    kind: str = Field(description="Record kind: decision, report, legislation...")
    status: ReviewStatus = Field(description="needs-review or needs-ocr.")
    reasons: list[ReviewReason] = Field(description="What to complete or check: forum, state, decision-date...")
    updated_at: datetime | None = Field(None, description="Last change.")


def _first_title(titles_json: str | None) -> str | None:
    titles = json.loads(titles_json) if titles_json else {}
    for title in titles.values():
        return str(title.get("full")) if isinstance(title, dict) and title.get("full") else None
    return None


def _now() -> datetime:
    return datetime.now(UTC)


def _stale(case_id: str, found: int | None, expected: int) -> Conflict:
    return Conflict(f"case {case_id} is at revision {found}, not {expected}: reload and retry")


class CaseStore:
    """Cases and their documents in one SQLite file (WAL, foreign keys on), blobs beside it."""

    def __init__(self, path: Path, blob_dir: Path, busy_timeout_ms: int = 10_000) -> None:
        self.path = path
        self.blobs = BlobStore(blob_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction spans exactly one case.
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            # FULL, not NORMAL: this is the system of record, and a committed case must survive power loss.
            self._conn.execute("PRAGMA synchronous = FULL")
            keyless = _CITATIONS_MIGRATION in migrate(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        self._lock = threading.RLock()
        if keyless:
            self._key_stored_cases()

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the store's database (BEGIN IMMEDIATE: the write lock is taken first, so what
        is read inside cannot change before the commit). Nested calls join the outer transaction: a caller can
        decide a case's identity from what the store holds and write it, atomically, across processes."""
        with self._lock:
            if self._conn.in_transaction:
                yield self._conn
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The database connection for reads, held by this thread until the block ends."""
        with self._lock:
            yield self._conn

    # -- writing -------------------------------------------------------------------------------------------

    def put_case(self, case: Case, *, expected_revision: int | None = None, touch: bool = True) -> Case:
        """Insert or replace a case and all its documents atomically; return the case as stored.

        `expected_revision` makes the write conditional (optimistic locking for editors); `touch=False`
        keeps the timestamps the record carries (restoring an export must not rewrite history).
        """
        with self.transaction():
            return self._write(case, expected_revision, touch)

    def _write(self, case: Case, expected_revision: int | None, touch: bool) -> Case:
        row = self._conn.execute("SELECT revision, created_at FROM cases WHERE id = ?", (case.id,)).fetchone()
        revision = 1 if row is None else int(row[0]) + 1
        if expected_revision is not None and (row is None or int(row[0]) != expected_revision):
            raise _stale(case.id, None if row is None else int(row[0]), expected_revision)
        if touch:
            now = _now()
            created = case.created_at or (datetime.fromisoformat(row[1]) if row and row[1] else now)
            case = case.model_copy(update={"created_at": created, "updated_at": now})
        for alias in case.aliases:
            owner = self._conn.execute("SELECT id FROM cases WHERE id = ?", (alias,)).fetchone()
            if owner is not None:
                raise Conflict(f"alias {alias!r} of case {case.id} is itself a stored case; merge it first")
        data = case.model_dump_json(exclude=_CASE_EXCLUDE)
        index_queue.enqueue(self._conn, case.id)  # in this transaction: no write commits unqueued for the index
        # Cases citing this one, or cited by it, change in the index too (`cites`, cited-by counts): queued.
        affected = citations.neighbours(self._conn, case.id) if row is not None else set()
        graph = citations.signature(self._conn, case.id) if row is not None else None
        decision = case.dates.decision.isoformat() if case.dates.decision else None
        created_at = case.created_at.isoformat() if case.created_at else None
        updated_at = case.updated_at.isoformat() if case.updated_at else None
        c = self._conn
        c.execute(
            "INSERT INTO cases (id, forum, decision_date, status, revision, created_at, updated_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET forum = excluded.forum, "
            "decision_date = excluded.decision_date, status = excluded.status, revision = excluded.revision, "
            "created_at = excluded.created_at, updated_at = excluded.updated_at, data = excluded.data",
            (case.id, case.forum or "", decision, case.status.value, revision, created_at, updated_at, data),
        )
        c.execute("DELETE FROM case_aliases WHERE case_id = ?", (case.id,))
        c.executemany("INSERT INTO case_aliases (alias, case_id) VALUES (?, ?)", [(a, case.id) for a in case.aliases])
        c.execute("DELETE FROM case_identifiers WHERE case_id = ?", (case.id,))
        c.executemany(
            "INSERT OR IGNORE INTO case_identifiers (case_id, forum, scheme, value) VALUES (?, ?, ?, ?)",
            [(case.id, case.forum or "", i.scheme, i.value) for i in case.identifiers],
        )
        citations.write(c, case)
        if graph != citations.signature(c, case.id):  # an edit of a summary changes no other case's entry
            for neighbour in sorted(affected | citations.neighbours(c, case.id)):
                index_queue.enqueue(c, neighbour)
        c.execute("DELETE FROM documents WHERE case_id = ?", (case.id,))
        for position, document in enumerate(case.documents):
            try:
                c.execute(
                    "INSERT INTO documents (sha256, case_id, position, language, data) VALUES (?, ?, ?, ?, ?)",
                    (document.sha256, case.id, position, document.language, document.model_dump_json()),
                )
            except sqlite3.IntegrityError:
                other = self.case_id_for_document(document.sha256)
                raise Conflict(f"document {document.sha256} already belongs to case {other}, not {case.id}") from None
        return case

    def edit_case(self, case: Case, *, expected_revision: int, actor: str, reason: str | None = None) -> Case:
        """An editor's correction: written only at `expected_revision`, with the changed fields in the history."""
        with self.transaction():
            row = self._conn.execute("SELECT data, revision FROM cases WHERE id = ?", (case.id,)).fetchone()
            if row is None:
                raise CaseNotFound(f"no case has id {case.id!r}")
            old = self._load(case.id, row[0])
            changes = history.diff_cases(old, case)
            if not changes:
                # Nothing changes: no new revision and no empty history entry, but a stale edit is still refused.
                if int(row[1]) != expected_revision:
                    raise _stale(case.id, int(row[1]), expected_revision)
                return old
            stored = self._write(case, expected_revision, touch=True)
            history.record(
                self._conn,
                case_id=case.id,
                revision=expected_revision + 1,
                actor=actor,
                at=stored.updated_at or _now(),
                action="update",
                reason=reason,
                changes=changes,
            )
        return stored

    def history(self, case_id: str) -> list[history.HistoryEntry]:
        """Every editorial change recorded for a case, oldest first."""
        with self._lock:
            return history.read_history(self._conn, case_id)

    def delete_case(self, case_id: str) -> None:
        """Delete a case and its document records (blobs stay: they are content-addressed and may be shared)."""
        with self.transaction():
            for other in sorted(citations.neighbours(self._conn, case_id)):
                index_queue.enqueue(self._conn, other)
            cursor = self._conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            if cursor.rowcount == 0:
                raise CaseNotFound(f"no case has id {case_id!r}")
            index_queue.enqueue(self._conn, case_id)

    # -- reading -------------------------------------------------------------------------------------------

    def get_case(self, case_id: str) -> Case:
        """The case with this id; CaseNotFound otherwise (aliases are not followed: see `resolve`)."""
        with self._lock:
            row = self._conn.execute("SELECT data FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                raise CaseNotFound(f"no case has id {case_id!r}")
            return self._load(case_id, row[0])

    def resolve(self, case_id_or_alias: str) -> str:
        """The canonical id for an id or a former (merged) id."""
        with self._lock:
            if self._conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id_or_alias,)).fetchone():
                return case_id_or_alias
            row = self._conn.execute("SELECT case_id FROM case_aliases WHERE alias = ?", (case_id_or_alias,)).fetchone()
        if row is None:
            raise CaseNotFound(f"no case has id or alias {case_id_or_alias!r}")
        return str(row[0])

    def revision(self, case_id: str) -> int:
        """Current revision of a case (1 after the first write)."""
        row = self._conn.execute("SELECT revision FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFound(f"no case has id {case_id!r}")
        return int(row[0])

    def case_id_for_document(self, sha256: str) -> str | None:
        """The case a document (by file hash) belongs to, if any."""
        row = self._conn.execute("SELECT case_id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else str(row[0])

    def find_by_identifier(self, forum: str | None, scheme: str, value: str) -> str | None:
        """The case of `forum` (None: of no known forum) carrying this identifier, if any."""
        row = self._conn.execute(
            "SELECT case_id FROM case_identifiers WHERE forum = ? AND scheme = ? AND value = ? LIMIT 1",
            (forum or "", scheme, value),
        ).fetchone()
        return None if row is None else str(row[0])

    def citations_of(self, case_id: str) -> list[citations.CitationRow]:
        """What a case cites, each cited thing once (the case's language versions cite it once), in order, each
        decision with the case it resolves to now; CaseNotFound for an unknown case."""
        with self._lock:
            row = self._conn.execute("SELECT forum FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                raise CaseNotFound(f"no case has id {case_id!r}")
            # Read without the case's documents: an export of the whole graph reads every case.
            found = citations.distinct(citations.load(self._conn, case_id, row[0] or None))
            titles = self.titles([c.case_id for c, _ in found if c.case_id])
        return [
            citations.CitationRow(
                kind=c.kind,
                text=c.text,
                keys=c.keys,
                code=c.code,
                paragraph=c.paragraph,
                footnote=c.footnote,
                case_id=c.case_id,
                title=titles.get(c.case_id) if c.case_id else None,
                occurrences=times,
                passage=c.context,
            )
            for c, times in found
        ]

    def cited_by(self, case_id: str, *, page: int = 1, size: int = 20) -> tuple[int, list[citations.CitingCase]]:
        """The cases citing `case_id` (each once, newest decision first) and how many there are; a page of them,
        each with the passage of its first citation; CaseNotFound for an unknown case."""
        with self._lock:
            if self._conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise CaseNotFound(f"no case has id {case_id!r}")
            sources = citations.citing(self._conn, case_id)
            rows = {
                str(row[0]): row
                for row in self._conn.execute(
                    f"SELECT id, forum, decision_date, json_extract(data, '$.titles') FROM cases "
                    f"WHERE id IN ({', '.join('?' * len(sources))})",
                    list(sources),
                )
            }
            ordered = sorted(sources, key=lambda source: (rows[source][2] or "", source), reverse=True)
            result = []
            for source in ordered[(page - 1) * size : page * size]:
                first = self._conn.execute(
                    "SELECT text, paragraph, footnote, context FROM citations WHERE case_id = ? AND position = ?",
                    (source, sources[source][0]),
                ).fetchone()
                row = rows[source]
                result.append(
                    citations.CitingCase(
                        case_id=source,
                        title=_first_title(row[3]) or source,
                        forum=row[1] or None,
                        decision_date=row[2],
                        text=first[0],
                        paragraph=first[1],
                        footnote=first[2],
                        snippet=citations.snippet(first[0], first[3]),
                    )
                )
        return len(sources), result

    def titles(self, case_ids: list[str]) -> dict[str, str]:
        """The first stored title of those of `case_ids` that are stored."""
        unique = list(dict.fromkeys(case_ids))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT id, json_extract(data, '$.titles') FROM cases WHERE id IN ({', '.join('?' * len(unique))})",
                unique,
            ).fetchall()
        return {str(row[0]): _first_title(row[1]) or str(row[0]) for row in rows}

    def _key_stored_cases(self) -> None:
        """Give the cases stored before the citation tables their keys, so citations resolve to them."""
        with self.transaction():
            for (data,) in self._conn.execute("SELECT data FROM cases").fetchall():
                try:
                    case = Case.model_validate({**json.loads(data), "documents": []})
                except ValidationError:
                    continue  # reported when the case is read (`_load`); its keys come with its next write
                citations.write_keys(self._conn, case)

    def count(self) -> int:
        """Number of cases."""
        return int(self._conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0])

    def stamps(self, case_ids: list[str]) -> dict[str, CaseStamp]:
        """Record times and summaries of those of `case_ids` that are stored, read without their documents."""
        found: dict[str, CaseStamp] = {}
        with self._lock:
            # In slices: SQLite caps the number of parameters of one statement.
            for start in range(0, len(case_ids), 500):
                part = case_ids[start : start + 500]
                rows = self._conn.execute(
                    "SELECT id, created_at, updated_at, json_extract(data, '$.summaries') FROM cases "
                    f"WHERE id IN ({', '.join('?' * len(part))})",
                    part,
                ).fetchall()
                for row in rows:
                    found[str(row[0])] = CaseStamp(
                        created_at=datetime.fromisoformat(row[1]) if row[1] else None,
                        updated_at=datetime.fromisoformat(row[2]) if row[2] else None,
                        summaries=json.loads(row[3]) if row[3] else {},
                    )
        return found

    def last_change(self) -> datetime | None:
        """When a case was last written (None when no stored case records it)."""
        with self._lock:
            row = self._conn.execute("SELECT MAX(updated_at) FROM cases").fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def review_queue(self, *, limit: int = 100, offset: int = 0) -> tuple[int, list[ReviewItem]]:
        """Cases waiting for an editor (status other than ok), oldest change first, and how many there are."""
        with self._lock:
            total = int(self._conn.execute("SELECT COUNT(*) FROM cases WHERE status != 'ok'").fetchone()[0])
            rows = self._conn.execute(
                "SELECT id, status, updated_at, json_extract(data, '$.review_reasons'), json_extract(data, '$.kind'), "
                "json_extract(data, '$.titles') FROM cases WHERE status != 'ok' "
                "ORDER BY updated_at, id LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        items = [
            ReviewItem(
                case_id=str(row[0]),
                status=ReviewStatus(row[1]),
                reasons=json.loads(row[3]) if row[3] else [],
                kind=str(row[4] or "decision"),
                title=_first_title(row[5]) or str(row[0]),
                updated_at=datetime.fromisoformat(row[2]) if row[2] else None,
            )
            for row in rows
        ]
        return total, items

    def ids(self) -> list[str]:
        """Every case id, sorted."""
        return [str(r[0]) for r in self._conn.execute("SELECT id FROM cases ORDER BY id")]

    def iter_cases(self, batch: int = 200) -> Iterator[Case]:
        """Every case, documents included, in id order; reads in batches so memory stays flat."""
        last = ""
        while True:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT id, data FROM cases WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                ).fetchall()
                cases = [self._load(str(r[0]), str(r[1])) for r in rows]
            if not cases:
                return
            yield from cases
            last = cases[-1].id

    def _load(self, case_id: str, data: str) -> Case:
        documents = [
            json.loads(r[0])
            for r in self._conn.execute("SELECT data FROM documents WHERE case_id = ? ORDER BY position", (case_id,))
        ]
        raw = json.loads(data)
        raw["documents"] = documents
        try:
            case = Case.model_validate(raw)
            # Read after validation (already valid, resolved now): a citation's model is not checked twice.
            found = citations.load(self._conn, case_id, case.forum)
            count = len(citations.citing(self._conn, case_id))
            # Follow-up events live in their own tables (`store.follow_up`); the level is derived as read.
            events = follow_up.load(self._conn, case_id)
            return case.model_copy(update={"citations": found, "cited_by_count": count, "follow_up": events})
        except ValidationError as exc:
            # Stored data that no longer validates means the taxonomy lost a code the store still uses.
            raise ValidationFailed(f"stored case {case_id} no longer validates: {exc}") from exc


def open_store(settings: Settings) -> CaseStore:
    """Open (creating and migrating if needed) the store under the configured data directory."""
    return CaseStore(settings.store_path, settings.blob_dir, settings.sqlite_busy_timeout_ms)
