-- Version 2: people hold several roles (a JSON array; the old `window` role is `clerk`) and a
-- password or a PIN; failed sign-ins are counted here, so a lockout outlives a restart.
ALTER TABLE clerks ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
UPDATE clerks SET roles = json_array(CASE role WHEN 'window' THEN 'clerk' ELSE role END);
ALTER TABLE clerks DROP COLUMN role;
ALTER TABLE clerks RENAME COLUMN pin_hash TO secret_hash;
-- Sessions carry their person's roles: open ones are rewritten, so nobody signs in again.
UPDATE sessions
SET principal = json_set(
  json_remove(principal, '$.role'),
  '$.roles',
  json_array(CASE json_extract(principal, '$.role') WHEN 'window' THEN 'clerk'
             ELSE json_extract(principal, '$.role') END))
WHERE json_extract(principal, '$.kind') = 'clerk' AND json_type(principal, '$.role') IS NOT NULL;
-- One row per account (`clerk:<id>`, `workstation:<id>`); see ow_api::LockoutState.
CREATE TABLE signin_lockout (
  key TEXT PRIMARY KEY,
  attempts INTEGER NOT NULL,
  pending INTEGER NOT NULL DEFAULT 0,
  window_start_ms INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL,
  locks INTEGER NOT NULL
);
