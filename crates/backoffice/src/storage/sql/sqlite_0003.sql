-- Version 3: the hall's ticket queue (取号叫号), appointments, and ratings (好差评).
-- Times are milliseconds since the epoch; a ticket's `day` is the hall's local date (UTC+8).
CREATE TABLE service_groups (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE
);
CREATE TABLE window_groups (
  workstation_id TEXT NOT NULL REFERENCES workstations(id),
  group_code TEXT NOT NULL REFERENCES service_groups(code),
  PRIMARY KEY (workstation_id, group_code)
);
-- One row: the hall's calling rules (defaults of ow_api::HallSettings).
CREATE TABLE hall_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  priority_streak_cap INTEGER NOT NULL,
  recalls_before_no_show INTEGER NOT NULL,
  appointment_early_minutes INTEGER NOT NULL,
  bad_rating_follow_up_days INTEGER NOT NULL
);
INSERT INTO hall_settings VALUES (1, 3, 2, 15, 3);
-- One row, locked first by every ticket transaction: calls are taken one after the other and
-- the green-channel streak (see calling.rs) stays consistent.
CREATE TABLE hall_calling (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  green_streak INTEGER NOT NULL
);
INSERT INTO hall_calling VALUES (1, 0);
-- Per group and local day: the last number given.
CREATE TABLE ticket_counters (
  day TEXT NOT NULL,
  group_code TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (day, group_code)
);
CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  group_code TEXT NOT NULL REFERENCES service_groups(code),
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  slot_start INTEGER NOT NULL,
  slot_end INTEGER NOT NULL,
  items TEXT NOT NULL,
  answers TEXT NOT NULL,
  booked_at INTEGER NOT NULL,
  ticket_id TEXT
);
-- A code is unique among appointments not checked in yet.
CREATE UNIQUE INDEX appointments_open_code ON appointments(code) WHERE ticket_id IS NULL;
CREATE INDEX appointments_person ON appointments(id_number, slot_start);
CREATE TABLE tickets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  day TEXT NOT NULL,
  number TEXT NOT NULL,
  group_code TEXT NOT NULL REFERENCES service_groups(code),
  kind TEXT NOT NULL,
  green TEXT,
  state TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  called_at INTEGER,
  started_at INTEGER,
  ended_at INTEGER,
  workstation_id TEXT,
  clerk_id TEXT,
  recalls INTEGER NOT NULL DEFAULT 0,
  for_window TEXT,
  ahead INTEGER NOT NULL DEFAULT 0,
  appointment_id INTEGER REFERENCES appointments(id),
  cases TEXT NOT NULL DEFAULT '[]',
  offline INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tickets_waiting ON tickets(state, group_code, queued_at);
CREATE INDEX tickets_window ON tickets(workstation_id, state);
CREATE INDEX tickets_day ON tickets(day, number);
CREATE TABLE window_state (
  workstation_id TEXT PRIMARY KEY REFERENCES workstations(id),
  paused INTEGER NOT NULL,
  pause_reason TEXT,
  updated_at INTEGER NOT NULL
);
-- Audit: every issue, call, recall, start, no-show, transfer, finish, pause and resume.
CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id TEXT,
  workstation_id TEXT,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE TABLE ratings (
  id TEXT PRIMARY KEY,
  workstation_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  grade TEXT NOT NULL,
  bad INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  follow_up_by TEXT,
  UNIQUE (workstation_id, idempotency_key)
);
CREATE INDEX ratings_bad ON ratings(bad, received_at);
