-- Version 1 of the back office's PostgreSQL schema. Times are milliseconds since the epoch,
-- as in SQLite, so both backends share their row mapping.
CREATE TABLE queues (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE workstations (
  id TEXT PRIMARY KEY,
  window_name TEXT NOT NULL,
  secret_hash TEXT NOT NULL
);
CREATE TABLE clerks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  queues TEXT NOT NULL,
  pin_hash TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  principal TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_subject ON sessions(subject);
CREATE TABLE reference_docs (
  kind TEXT NOT NULL,
  version BIGINT NOT NULL,
  etag TEXT NOT NULL,
  body BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (kind, version)
);
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  body BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE SEQUENCE case_seq;
CREATE TABLE cases (
  id BIGSERIAL PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  window_case_no TEXT NOT NULL,
  workstation_id TEXT NOT NULL,
  queue TEXT NOT NULL REFERENCES queues(code),
  item_code TEXT NOT NULL,
  item_name TEXT NOT NULL,
  priority TEXT NOT NULL,
  priority_rank BIGINT NOT NULL,
  state TEXT NOT NULL,
  assignee TEXT,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  queued_at BIGINT NOT NULL
);
CREATE INDEX cases_claim ON cases(queue, state, priority_rank DESC, queued_at, id);
CREATE INDEX cases_waiting ON cases(queue, state, queued_at, id);
CREATE INDEX cases_window ON cases(workstation_id, state);
CREATE TABLE case_blobs (
  case_id BIGINT NOT NULL REFERENCES cases(id),
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (case_id, sha256)
);
-- txid orders the change feed: see Cursor in domain.rs.
CREATE TABLE case_events (
  id BIGSERIAL PRIMARY KEY,
  txid BIGINT NOT NULL DEFAULT txid_current(),
  case_id BIGINT NOT NULL REFERENCES cases(id),
  at BIGINT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE INDEX case_events_feed ON case_events(txid, id);
CREATE TABLE idempotency (
  workstation_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (workstation_id, key)
);
