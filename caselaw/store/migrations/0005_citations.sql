-- The citation graph. A case's citations are kept as written with the keys they name (identifiers, case names,
-- general comment codes, articles); which case a citation points to is NOT stored: it is found when read, by
-- joining the citations' keys with the keys of the stored cases (their identifiers and names, `case_keys`), so a
-- citation resolves as soon as the cited case is stored, without writing the citing case again.
CREATE TABLE citations (
    case_id   TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('decision', 'general-comment', 'article')),
    code      TEXT,
    text      TEXT NOT NULL,
    paragraph TEXT,
    footnote  TEXT,
    document  TEXT,
    context   TEXT,
    PRIMARY KEY (case_id, position)
) STRICT;
CREATE INDEX citations_code ON citations (kind, code);

-- Each key of a citation as written (`value`) and as compared (`match`: folded, punctuation dropped).
CREATE TABLE citation_keys (
    case_id  TEXT NOT NULL,
    position INTEGER NOT NULL,
    rank     INTEGER NOT NULL,
    scheme   TEXT NOT NULL,
    value    TEXT NOT NULL,
    match    TEXT NOT NULL,
    PRIMARY KEY (case_id, position, rank),
    FOREIGN KEY (case_id, position) REFERENCES citations (case_id, position) ON DELETE CASCADE
) STRICT;
CREATE INDEX citation_keys_match ON citation_keys (scheme, match);

-- The keys a stored case is cited by: its identifiers and the names in its titles, compared as `match` above.
CREATE TABLE case_keys (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    scheme  TEXT NOT NULL,
    match   TEXT NOT NULL,
    PRIMARY KEY (scheme, match, case_id)
) STRICT;
CREATE INDEX case_keys_case ON case_keys (case_id);
