-- The ETag of each reference document last taken from the back office (installed or refused),
-- so the next poll costs a 304, and a refused version is not downloaded again and again.
CREATE TABLE reference_etags (
    kind       TEXT PRIMARY KEY NOT NULL,
    etag       TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;

-- Working-day calendar years received from the back office; they replace the built-in years.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY NOT NULL,
    file        TEXT NOT NULL,
    json        TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;
