-- The amicus-candidate selection table. A candidate is validated JSON (the pydantic model is the schema) plus
-- the columns the store filters on. Scores, comments and history are append-only rows: nothing here is ever
-- rewritten, so the history stays auditable and a criteria change cannot alter a past score.

-- Every version of the selection criteria a score was given under, as it was (criteria.yaml is versioned).
CREATE TABLE selection_criteria (
    version       INTEGER PRIMARY KEY CHECK (version >= 1),
    digest        TEXT NOT NULL,
    data          TEXT NOT NULL CHECK (json_valid(data)),
    registered_at TEXT NOT NULL
) STRICT;

-- case_id is not a foreign key: merging cases deletes the merged row, and a candidate must survive that
-- (its id is then found among the aliases).
CREATE TABLE selection_candidates (
    id         TEXT PRIMARY KEY,
    case_id    TEXT,
    stage      TEXT NOT NULL,
    deadline   TEXT,
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data       TEXT NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE INDEX selection_candidates_deadline ON selection_candidates (deadline);
CREATE INDEX selection_candidates_stage ON selection_candidates (stage);

CREATE TABLE selection_scores (
    id               INTEGER PRIMARY KEY,
    candidate_id     TEXT NOT NULL REFERENCES selection_candidates (id) ON DELETE CASCADE,
    criterion        TEXT NOT NULL,
    criteria_version INTEGER NOT NULL REFERENCES selection_criteria (version),
    scorer           TEXT NOT NULL,
    value            INTEGER NOT NULL CHECK (value BETWEEN 0 AND 3),
    rationale        TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX selection_scores_candidate ON selection_scores (candidate_id, id);

CREATE TABLE selection_comments (
    id           INTEGER PRIMARY KEY,
    candidate_id TEXT NOT NULL REFERENCES selection_candidates (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES selection_comments (id),
    author       TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX selection_comments_candidate ON selection_comments (candidate_id, id);

CREATE TABLE selection_history (
    id           INTEGER PRIMARY KEY,
    candidate_id TEXT NOT NULL REFERENCES selection_candidates (id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    field        TEXT,
    old          TEXT CHECK (old IS NULL OR json_valid(old)),
    new          TEXT CHECK (new IS NULL OR json_valid(new)),
    reason       TEXT
) STRICT;
CREATE INDEX selection_history_candidate ON selection_history (candidate_id, id);

-- Precedent suggestions per candidate; a refresh replaces the `suggested` rows and keeps pinned and dismissed
-- ones, so the committee's choices survive every refresh.
CREATE TABLE selection_precedents (
    candidate_id TEXT NOT NULL REFERENCES selection_candidates (id) ON DELETE CASCADE,
    case_id      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('suggested', 'pinned', 'dismissed')),
    rank         INTEGER,
    data         TEXT NOT NULL CHECK (json_valid(data)),
    refreshed_at TEXT NOT NULL,
    decided_by   TEXT,
    decided_at   TEXT,
    PRIMARY KEY (candidate_id, case_id)
) STRICT;
