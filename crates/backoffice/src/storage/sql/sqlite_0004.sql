-- Version 4: a visit rated later by the code printed on its receipt (好差评 by QR code). One
-- rating per code, whichever comes first: at the window or on the citizen's phone.
ALTER TABLE ratings ADD COLUMN code TEXT;
CREATE UNIQUE INDEX ratings_code ON ratings(code) WHERE code IS NOT NULL;
CREATE TABLE rating_invitations (
  code TEXT PRIMARY KEY,
  workstation_id TEXT NOT NULL,
  body TEXT NOT NULL,
  invited_at INTEGER NOT NULL
);
