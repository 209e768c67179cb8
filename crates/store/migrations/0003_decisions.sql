-- Content-addressed bytes: scanned pages, imported files, material PDFs. Encrypted with the
-- rest of the file when the store is keyed.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    bytes      BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- The pages attached to each checklist line of a case, in order.
CREATE TABLE case_pages (
    case_id  TEXT NOT NULL,
    line_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    sha256   TEXT NOT NULL REFERENCES blobs (sha256),
    added_at TEXT NOT NULL,
    PRIMARY KEY (case_id, line_id, seq)
) STRICT;

-- The last number drawn from each series (case numbers, document numbers per paper kind).
-- Written in the same transaction as the decision that used it, so a number is never reused.
CREATE TABLE counters (
    series TEXT PRIMARY KEY NOT NULL,
    last   TEXT NOT NULL
) STRICT;

-- Every paper issued, with its PDF exactly as printed; reprints are rows of their own.
CREATE TABLE papers (
    id              INTEGER PRIMARY KEY,
    case_id         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    document_number TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    reprint_of      INTEGER REFERENCES papers (id),
    pdf             BLOB NOT NULL,
    -- Set when sent to a printer (or shown as the sandbox preview); `print_result` says how.
    printed_at      TEXT,
    print_result    TEXT
) STRICT;
CREATE INDEX papers_by_case ON papers (case_id, id);

-- Accepted cases waiting to reach the back office. Inserted in the same transaction as the
-- acceptance; the payload is fixed then, so a retry sends exactly the same body.
CREATE TABLE outbox (
    case_id           TEXT PRIMARY KEY NOT NULL,
    idempotency_key   TEXT NOT NULL UNIQUE,
    enqueued_at       TEXT NOT NULL,
    payload           TEXT NOT NULL,
    blobs             TEXT NOT NULL,
    state             TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT NOT NULL,
    last_error        TEXT,
    backoffice_number TEXT,
    confirmed_at      TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
