-- Cases as the window holds them. The body is the serialized draft; the columns beside it
-- exist only to list and sort without decoding every body.
CREATE TABLE cases (
    id         TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status     TEXT NOT NULL,
    body       TEXT NOT NULL
) STRICT;
CREATE INDEX cases_by_update ON cases (updated_at DESC);
