-- Cases are stored as validated JSON (the pydantic model is the schema); the columns beside it exist for
-- lookups the store itself must answer without parsing JSON: by id, alias, identifier and document hash.
CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    forum         TEXT NOT NULL,
    decision_date TEXT,
    status        TEXT NOT NULL,
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT,
    updated_at    TEXT,
    data          TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE TABLE case_aliases (
    alias   TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE
) STRICT;

-- Ingest dedupes on (forum, identifier): the same decision in another language joins the same case.
CREATE TABLE case_identifiers (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    forum   TEXT NOT NULL,
    scheme  TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (forum, scheme, value, case_id)
) STRICT;
CREATE INDEX case_identifiers_case ON case_identifiers (case_id);

CREATE TABLE documents (
    sha256   TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    language TEXT NOT NULL,
    data     TEXT NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE UNIQUE INDEX documents_case_position ON documents (case_id, position);
CREATE INDEX cases_forum_date ON cases (forum, decision_date);
