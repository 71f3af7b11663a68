"""Follow-up events of a case, the implementation level derived from them, an editor's override, and the history.

The events live in their own tables (migration 0007), not in the case's record: adding one does not rewrite the
case, and each event has its own revision for editors' conditional edits. Every write queues the case for the
search index in the same transaction (its `implementation` facet changes), and appends to `follow_up_history`.

The rule (`derive_level`), applied to the events in date order (same date: in the order recorded):

- no event at all: `unknown` (nobody has recorded what happened since the decision);
- events, but none an assessment or a measure (reports, comments, hearings, news): `no-measure-known`;
- an assessment (a type whose `signals` is `full`, `partial` or `not-implemented`: a treaty body's grade, a
  closure of the follow-up, a compliance finding) says the level: the latest assessment decides, whatever measures
  were reported before or after it (the body that assesses weighs the measures; until it assesses again, its last
  word stands);
- no assessment, but a measure the State took (`signals: measure`): `partial` (a measure alone never makes a
  decision fully implemented).

An editor may set the level over the derived one with a reason (`set_override`); the case shows both.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from caselaw.errors import CaseNotFound, Conflict, NotFound, ValidationFailed
from caselaw.models import FollowUp, FollowUpEvent, FollowUpSource, Identifier, LevelOverride
from caselaw.store import index_queue
from caselaw.store.history import history_rows
from caselaw.taxonomy import get_taxonomy

if TYPE_CHECKING:  # cases.py imports `load` from here
    from caselaw.store.cases import CaseStore

_COLUMNS = "id, date, type, source_sha256, source_url, source_citation, note, note_language, revision, date_precision"
EDITABLE = ("date", "date_precision", "type", "source", "note", "note_language")
"""The fields of an event an editor may change."""


class FollowUpHistoryEntry(BaseModel):
    """One recorded change of a case's follow-up: an event added, edited or removed, or the override set."""

    model_config = ConfigDict(frozen=True)

    id: int
    case_id: str
    event_id: int | None = Field(None, description="The event changed; None for the override.")
    actor: str = Field(description="Who made it: the API key's name and id, or `cli:<user>`.")
    at: datetime
    action: str = Field(
        description="`add`, `edit`, `remove`, `override`, `clear-override`, `restore` or `merge` (events moved in)."
    )
    reason: str | None = None
    changes: dict[str, dict[str, Any]] = Field(description="Changed fields: `{field: {old, new}}`.")


def derive_level(events: Iterable[FollowUpEvent]) -> str:
    """The implementation level the written rule (module docstring) derives from `events`."""
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].date, pair[0]))
    if not ordered:
        return "unknown"
    taxonomy = get_taxonomy()
    assessed: str | None = None
    measured = False
    for _, event in ordered:
        signal: str = taxonomy.entry("follow_up_types", event.type).signals
        if signal in ("full", "partial", "not-implemented"):
            assessed = signal
        measured = measured or signal == "measure"
    if assessed is not None:
        return assessed
    return "partial" if measured else "no-measure-known"


def _event(row: tuple[Any, ...]) -> FollowUpEvent:
    source = None
    if row[3] or row[4] or row[5]:
        source = FollowUpSource(sha256=row[3], url=row[4], citation=row[5])
    return FollowUpEvent.model_construct(
        id=int(row[0]),
        date=date.fromisoformat(row[1]),
        type=row[2],
        source=source,
        note=row[6],
        note_language=row[7],
        revision=int(row[8]),
        date_precision=row[9],
    )


def load(conn: sqlite3.Connection, case_id: str) -> FollowUp:
    """The follow-up of `case_id` as stored (events oldest first), its derived level and any override."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM follow_up_events WHERE case_id = ? ORDER BY date, id", (case_id,)
    ).fetchall()
    events = [_event(tuple(row)) for row in rows]
    found = conn.execute(
        "SELECT level, reason, actor, at FROM follow_up_overrides WHERE case_id = ?", (case_id,)
    ).fetchone()
    override = (
        None
        if found is None
        else LevelOverride(level=found[0], reason=found[1], actor=found[2], at=datetime.fromisoformat(found[3]))
    )
    derived = derive_level(events)
    return FollowUp.model_construct(
        events=events, derived=derived, override=override, level=override.level if override else derived
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _require_case(conn: sqlite3.Connection, case_id: str) -> None:
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        raise CaseNotFound(f"no case has id {case_id!r}")


def _record(
    conn: sqlite3.Connection,
    case_id: str,
    event_id: int | None,
    actor: str,
    action: str,
    reason: str | None,
    changes: dict[str, dict[str, Any]],
) -> None:
    conn.execute(
        "INSERT INTO follow_up_history (case_id, event_id, actor, at, action, reason, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, event_id, actor, _now().isoformat(), action, reason, json.dumps(changes, ensure_ascii=False)),
    )


def _values(event: FollowUpEvent) -> dict[str, Any]:
    return event.model_dump(mode="json", include=set(EDITABLE))


def _columns(event: FollowUpEvent) -> tuple[Any, ...]:
    source = event.source or FollowUpSource.model_construct(sha256=None, url=None, citation=None)
    return (
        event.date.isoformat(),
        event.type,
        source.sha256,
        source.url,
        source.citation,
        event.note,
        event.note_language,
        event.date_precision,
    )


def add_event(
    store: CaseStore, case_id: str, event: FollowUpEvent, *, actor: str, reason: str | None = None
) -> FollowUp:
    """Record a new event on `case_id` (CaseNotFound when there is no such case); return the case's follow-up."""
    with store.transaction() as conn:
        _require_case(conn, case_id)
        now = _now().isoformat()
        cursor = conn.execute(
            "INSERT INTO follow_up_events (case_id, date, type, source_sha256, source_url, source_citation, note, "
            "note_language, date_precision, revision, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (case_id, *_columns(event), now, now),
        )
        event_id = int(cursor.lastrowid or 0)
        changes = {key: {"old": None, "new": value} for key, value in _values(event).items() if value is not None}
        _record(conn, case_id, event_id, actor, "add", reason, changes)
        index_queue.enqueue(conn, case_id)
        return load(conn, case_id)


def _stored_event(conn: sqlite3.Connection, case_id: str, event_id: int) -> FollowUpEvent:
    _require_case(conn, case_id)
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM follow_up_events WHERE case_id = ? AND id = ?", (case_id, event_id)
    ).fetchone()
    if row is None:
        raise NotFound(f"case {case_id} has no follow-up event {event_id}")
    return _event(tuple(row))


def edit_event(
    store: CaseStore,
    case_id: str,
    event_id: int,
    changes: dict[str, Any],
    *,
    expected_revision: int,
    actor: str,
    reason: str | None = None,
) -> FollowUp:
    """Change fields of one event (`EDITABLE` only) at `expected_revision` (Conflict otherwise), with history."""
    with store.transaction() as conn:
        old = _stored_event(conn, case_id, event_id)
        if old.revision != expected_revision:
            raise Conflict(
                f"follow-up event {event_id} is at revision {old.revision}, not {expected_revision}: reload and retry"
            )
        new = FollowUpEvent.model_validate({**old.model_dump(), **{k: v for k, v in changes.items() if k in EDITABLE}})
        before, after = _values(old), _values(new)
        diff = {key: {"old": before[key], "new": after[key]} for key in EDITABLE if before[key] != after[key]}
        if diff:
            conn.execute(
                "UPDATE follow_up_events SET date = ?, type = ?, source_sha256 = ?, source_url = ?, "
                "source_citation = ?, note = ?, note_language = ?, date_precision = ?, revision = revision + 1, "
                "updated_at = ? "
                "WHERE id = ?",
                (*_columns(new), _now().isoformat(), event_id),
            )
            _record(conn, case_id, event_id, actor, "edit", reason, diff)
            index_queue.enqueue(conn, case_id)
        return load(conn, case_id)


def remove_event(
    store: CaseStore, case_id: str, event_id: int, *, expected_revision: int, actor: str, reason: str | None = None
) -> FollowUp:
    """Delete one event at `expected_revision`; its values stay in the history."""
    with store.transaction() as conn:
        old = _stored_event(conn, case_id, event_id)
        if old.revision != expected_revision:
            raise Conflict(
                f"follow-up event {event_id} is at revision {old.revision}, not {expected_revision}: reload and retry"
            )
        conn.execute("DELETE FROM follow_up_events WHERE id = ?", (event_id,))
        changes = {key: {"old": value, "new": None} for key, value in _values(old).items() if value is not None}
        _record(conn, case_id, event_id, actor, "remove", reason, changes)
        index_queue.enqueue(conn, case_id)
        return load(conn, case_id)


def set_override(store: CaseStore, case_id: str, level: str | None, *, reason: str, actor: str) -> FollowUp:
    """Set the editor's implementation level over the derived one (None: clear it, back to the rule), with a reason."""
    with store.transaction() as conn:
        _require_case(conn, case_id)
        previous = load(conn, case_id).override
        if level is None:
            conn.execute("DELETE FROM follow_up_overrides WHERE case_id = ?", (case_id,))
            action = "clear-override"
        else:
            checked = LevelOverride(level=level, reason=reason, actor=actor, at=_now())
            conn.execute(
                "INSERT INTO follow_up_overrides (case_id, level, reason, actor, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (case_id) DO UPDATE SET level = excluded.level, reason = excluded.reason, "
                "actor = excluded.actor, at = excluded.at",
                (case_id, checked.level, checked.reason, actor, (checked.at or _now()).isoformat()),
            )
            action = "override"
        old_level = previous.level if previous else None
        _record(conn, case_id, None, actor, action, reason, {"level": {"old": old_level, "new": level}})
        index_queue.enqueue(conn, case_id)
        return load(conn, case_id)


def history(store: CaseStore, case_id: str) -> list[FollowUpHistoryEntry]:
    """Every recorded change of a case's follow-up, oldest first."""
    with store.reading() as conn:
        rows = history_rows(conn, "follow_up_history", "event_id", case_id)
    return [FollowUpHistoryEntry(**row) for row in rows]


def restore(store: CaseStore, case_id: str, follow_up: FollowUp, *, actor: str) -> None:
    """Replace the stored follow-up of `case_id` with `follow_up` (an export's, read back): events and override."""
    with store.transaction() as conn:
        _require_case(conn, case_id)
        conn.execute("DELETE FROM follow_up_events WHERE case_id = ?", (case_id,))
        now = _now().isoformat()
        for event in follow_up.events:
            conn.execute(
                "INSERT INTO follow_up_events (case_id, date, type, source_sha256, source_url, source_citation, "
                "note, note_language, date_precision, revision, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, *_columns(event), event.revision, now, now),
            )
        conn.execute("DELETE FROM follow_up_overrides WHERE case_id = ?", (case_id,))
        if follow_up.override is not None:
            o = follow_up.override
            conn.execute(
                "INSERT INTO follow_up_overrides (case_id, level, reason, actor, at) VALUES (?, ?, ?, ?, ?)",
                (case_id, o.level, o.reason, o.actor or actor, (o.at or _now()).isoformat()),
            )
        _record(conn, case_id, None, actor, "restore", None, {"events": {"old": None, "new": len(follow_up.events)}})
        index_queue.enqueue(conn, case_id)


def move(store: CaseStore, from_id: str, to_id: str, *, actor: str) -> int:
    """Move every follow-up event of `from_id` to `to_id` (a case merged into another), with their history; the
    override moves too unless `to_id` has its own (which stands; the other's is kept in the history). Returns the
    number of events moved. Call it before deleting `from_id`: its events would go with it."""
    with store.transaction() as conn:
        _require_case(conn, to_id)
        moved = load(conn, from_id)
        if not moved.events and moved.override is None:
            return 0
        conn.execute(
            "UPDATE follow_up_events SET case_id = ?, updated_at = ? WHERE case_id = ?",
            (to_id, _now().isoformat(), from_id),
        )
        # Each event's history goes with it, so the surviving case's history tells how every event came to be.
        conn.execute("UPDATE follow_up_history SET case_id = ? WHERE case_id = ?", (to_id, from_id))
        changes: dict[str, dict[str, Any]] = {
            "case": {"old": from_id, "new": to_id},
            "events": {"old": None, "new": [event.id for event in moved.events]},
        }
        if moved.override is not None:
            kept = conn.execute("SELECT 1 FROM follow_up_overrides WHERE case_id = ?", (to_id,)).fetchone()
            if kept is None:
                conn.execute("UPDATE follow_up_overrides SET case_id = ? WHERE case_id = ?", (to_id, from_id))
            else:
                changes["override"] = {"old": moved.override.model_dump(mode="json"), "new": None}
        _record(conn, to_id, None, actor, "merge", None, changes)
        index_queue.enqueue(conn, to_id)
        index_queue.enqueue(conn, from_id)
        return len(moved.events)


def has_event(store: CaseStore, case_id: str, event: FollowUpEvent) -> bool:
    """Whether `case_id` already has an event of this date and type with this note (imports are idempotent)."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT 1 FROM follow_up_events WHERE case_id = ? AND date = ? AND type = ? AND COALESCE(note, '') = ?",
            (case_id, event.date.isoformat(), event.type, event.note or ""),
        ).fetchone()
    return row is not None


class FollowUpLine(FollowUpEvent):
    """One line of a follow-up JSONL file (`fixtures/follow_up.jsonl`): an event and the case it follows, named by
    id or, as a follow-up document names it, by forum and identifier (so it finds the case whatever id ingest gave)."""

    case_id: str | None = None
    forum: str | None = None
    identifier: Identifier | None = None


def _case_of(store: CaseStore, line: FollowUpLine) -> str | None:
    if line.case_id is not None:
        try:
            return store.resolve(line.case_id)
        except CaseNotFound:
            pass
    if line.identifier is not None:
        # The decision, not a follow-up document kept on its own that names the same number (ingest keeps one
        # as a report until its decision arrives).
        with store.reading() as conn:
            row = conn.execute(
                "SELECT i.case_id FROM case_identifiers AS i JOIN cases AS c ON c.id = i.case_id "
                "WHERE i.forum = ? AND i.scheme = ? AND i.value = ? "
                "ORDER BY COALESCE(c.data ->> '$.kind', 'decision') != 'decision', i.case_id LIMIT 1",
                (line.forum or "", line.identifier.scheme, line.identifier.value),
            ).fetchone()
        return None if row is None else str(row[0])
    return None


def import_events(store: CaseStore, lines: Iterable[str], *, actor: str) -> tuple[int, list[str]]:
    """Add the events of a JSONL file, every line validated and its case found first (else ValidationFailed, and
    nothing is added); an event the case already has (same date, type and note) is skipped.
    Returns (added, case ids touched)."""
    parsed: list[tuple[str, FollowUpEvent]] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = FollowUpLine.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            errors.append(f"line {number}: {first['msg']} at {'.'.join(map(str, first['loc']))}")
            continue
        case_id = _case_of(store, entry)
        if case_id is None:
            errors.append(f"line {number}: no stored case with this id or identifier")
            continue
        parsed.append(
            (case_id, FollowUpEvent.model_validate(entry.model_dump(include=set(FollowUpEvent.model_fields))))
        )
    if errors:
        raise ValidationFailed("; ".join(errors[:5]))
    added = 0
    touched: dict[str, None] = {}
    for case_id, event in parsed:
        if has_event(store, case_id, event.model_copy(update={"id": None})):
            continue
        add_event(store, case_id, event.model_copy(update={"id": None}), actor=actor, reason="imported")
        added += 1
        touched.setdefault(case_id, None)
    return added, list(touched)


class RecentEvent(BaseModel):
    """An event with its case, as a feed lists it: newest recorded change first."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    titles: dict[str, str] = Field(description="The case's full title per language.")
    event: FollowUpEvent
    updated_at: datetime

    def title(self, language: str) -> str:
        """The case's title in `language`, else English, else any (else its id)."""
        return self.titles.get(language) or self.titles.get("en") or next(iter(self.titles.values()), self.case_id)


def recent_events(
    store: CaseStore, *, case_id: str | None = None, state: str | None = None, limit: int = 50
) -> list[RecentEvent]:
    """The most recently added or edited events, of one case, of the cases against one State, or of all."""
    where, values = [], []
    if case_id is not None:
        where.append("e.case_id = ?")
        values.append(case_id)
    if state is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(c.data, '$.respondent_states') AS s WHERE s.value = ?)")
        values.append(state)
    sql = (
        f"SELECT {', '.join(f'e.{column}' for column in _COLUMNS.split(', '))}, e.case_id, e.updated_at, "
        "c.data ->> '$.titles' FROM follow_up_events AS e JOIN cases AS c ON c.id = e.case_id "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY e.updated_at DESC, e.id DESC LIMIT ?"
    )
    with store.reading() as conn:
        rows = conn.execute(sql, (*values, limit)).fetchall()
    found = []
    for row in rows:
        stored = json.loads(row[12]) if row[12] else {}
        titles = {lang: str(t["full"]) for lang, t in stored.items() if isinstance(t, dict) and t.get("full")}
        event = _event(tuple(row[:10]))
        updated = datetime.fromisoformat(row[11])
        found.append(RecentEvent(case_id=row[10], titles=titles, event=event, updated_at=updated))
    return found
