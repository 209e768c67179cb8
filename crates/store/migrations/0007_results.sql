-- What the back office did with the hall's cases, as the windows need it: which are ready to
-- hand out, returned for supplement or rejected. Fed by GET /changes; `applicant_name` and
-- `item_name` come from GET /cases/{n} for the cases a window must act on.
CREATE TABLE results (
    case_number     TEXT PRIMARY KEY NOT NULL,
    window_case_no  TEXT NOT NULL,
    workstation_id  TEXT NOT NULL,
    queue           TEXT NOT NULL,
    state           TEXT NOT NULL,
    changed_at      TEXT NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '[]',
    note            TEXT,
    item_name       TEXT,
    applicant_name  TEXT
) STRICT;
CREATE INDEX results_by_state ON results (state, changed_at);

-- Where each feed from the back office was last read up to.
CREATE TABLE feed_cursors (
    feed   TEXT PRIMARY KEY NOT NULL,
    cursor TEXT NOT NULL
) STRICT;
