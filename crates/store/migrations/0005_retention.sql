-- What stays of a case once the retention period has purged it from the workstation: enough to
-- answer "was this case here, what became of it" — no names, no ID numbers, no scans.
CREATE TABLE purged_cases (
    case_id           TEXT PRIMARY KEY NOT NULL,
    status            TEXT NOT NULL,
    case_number       TEXT,
    item_code         TEXT,
    decided_at        TEXT,
    backoffice_number TEXT,
    purged_at         TEXT NOT NULL
) STRICT;
