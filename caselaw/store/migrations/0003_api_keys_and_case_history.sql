-- API keys for writes: only a SHA-256 of the secret is kept (the secret is 256 random bits, so a plain hash
-- is enough; a slow password hash would only slow every request). `key_id` is the public half of the key.
CREATE TABLE api_keys (
    key_id       TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('editor', 'steering-committee', 'member')),
    secret_hash  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
) STRICT;

-- Every editorial change of a case: who, when, which revision it produced, and the fields with old and new
-- values. Kept when the case is deleted (no foreign key): the history of a removed record still matters.
CREATE TABLE case_history (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id  TEXT NOT NULL,
    revision INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL,
    action   TEXT NOT NULL,
    reason   TEXT,
    changes  TEXT NOT NULL CHECK (json_valid(changes))
) STRICT;
CREATE INDEX case_history_case ON case_history (case_id, id);
