-- A trainee's play of a training scenario: the case it made and, once decided, its score (the
-- JSON of ow_training::Score). Kept when the training window is reset: it is the trainee's
-- history.
CREATE TABLE training_runs (
    case_id    TEXT PRIMARY KEY NOT NULL,
    scenario   TEXT NOT NULL,
    person     TEXT NOT NULL,
    started_at TEXT NOT NULL,
    scored_at  TEXT,
    score      TEXT
) STRICT;
CREATE INDEX training_runs_by_person ON training_runs (person, started_at);

-- Facts about the store itself. `mode` (sandbox or production) is written when the store is
-- first opened: a production app refuses a training store and the other way round.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
