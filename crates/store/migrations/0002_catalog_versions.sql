-- Catalog versions received (from the back office or a hall's folder), validated before they
-- are stored. The newest one that still loads is used at start-up; the built-in catalog is the
-- fallback. `files` is a JSON array of [file name, text] pairs, exactly as validated.
CREATE TABLE catalog_versions (
    version     TEXT PRIMARY KEY NOT NULL,
    received_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    files       TEXT NOT NULL
) STRICT;
