-- Store, then index: every write of a case adds a row here in the same transaction, and the row is deleted once
-- the search index holds that write. A row left behind is a change the index has not taken (the engine was busy
-- or down, or the process died between the two): the next index update takes it, `/readyz` reports it, and
-- `caselaw reindex --check` repairs it. `seq` only grows (AUTOINCREMENT), so it numbers the store's changes.
CREATE TABLE index_queue (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id   TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    failed_at TEXT,
    error     TEXT
) STRICT;
