-- The audit trail: who did what to which case, when. No personal data: identities appear only
-- as their source (typed by the clerk, read from a card or a chip), never as names or numbers,
-- so the trail outlives the purge of the case it describes.
CREATE TABLE audit (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    case_id        TEXT,
    action         TEXT NOT NULL,
    clerk_id       TEXT NOT NULL,
    workstation_id TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_by_case ON audit (case_id, id);
