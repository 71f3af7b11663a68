-- Follow-up events of a case (what happened after the decision), the editor's override of the implementation
-- level derived from them, and the history of every change to either. Events go with their case (cascade); the
-- history stays when a case is deleted (no foreign key), as the case history does.
CREATE TABLE follow_up_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    date            TEXT NOT NULL,
    date_precision  TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
    type            TEXT NOT NULL,
    source_sha256   TEXT,
    source_url      TEXT,
    source_citation TEXT,
    note            TEXT,
    note_language   TEXT NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX follow_up_events_case ON follow_up_events (case_id, date);

CREATE TABLE follow_up_overrides (
    case_id TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    level   TEXT NOT NULL,
    reason  TEXT NOT NULL,
    actor   TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;

CREATE TABLE follow_up_history (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id  TEXT NOT NULL,
    event_id INTEGER,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL,
    action   TEXT NOT NULL,
    reason   TEXT,
    changes  TEXT NOT NULL CHECK (json_valid(changes))
) STRICT;
CREATE INDEX follow_up_history_case ON follow_up_history (case_id, id);
