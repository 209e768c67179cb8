-- Version 5: one-time notices the windows issued, so a citizen back at any window carries
-- their case on (续办). One row per document number; a case that carries a notice on is
-- recorded apart, first one standing, and may arrive before the notice itself.
CREATE TABLE notices (
  document_number TEXT PRIMARY KEY,
  workstation_id TEXT NOT NULL,
  applicant_number TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX notices_applicant ON notices(applicant_number, issued_at);
CREATE TABLE notice_carries (
  document_number TEXT PRIMARY KEY,
  carried_by TEXT NOT NULL,
  workstation_id TEXT NOT NULL,
  carried_at BIGINT NOT NULL
);
