-- 好差评: the code printed (as a QR code) on a visit's papers, so the citizen can rate it later,
-- and the visit waiting for its rating at the window (kept across a restart).
CREATE TABLE rating_codes (
  visit TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE rating_pending (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  body TEXT NOT NULL
);
