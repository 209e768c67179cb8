-- Version 2: people hold several roles (a JSON array; the old `window` role is `clerk`) and a
-- password or a PIN; failed sign-ins are counted here, so a lockout outlives a restart and
-- holds for every server sharing the database.
ALTER TABLE clerks ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
UPDATE clerks SET roles = jsonb_build_array(CASE role WHEN 'window' THEN 'clerk' ELSE role END)::text;
ALTER TABLE clerks ALTER COLUMN roles DROP DEFAULT;
ALTER TABLE clerks DROP COLUMN role;
ALTER TABLE clerks RENAME COLUMN pin_hash TO secret_hash;
-- Sessions carry their person's roles: open ones are rewritten, so nobody signs in again.
UPDATE sessions
SET principal = ((principal::jsonb - 'role') || jsonb_build_object('roles', jsonb_build_array(
  CASE principal::jsonb ->> 'role' WHEN 'window' THEN 'clerk' ELSE principal::jsonb ->> 'role' END
)))::text
WHERE principal::jsonb ->> 'kind' = 'clerk' AND principal::jsonb ? 'role';
-- One row per account (`clerk:<id>`, `workstation:<id>`); see ow_api::LockoutState.
CREATE TABLE signin_lockout (
  key TEXT PRIMARY KEY,
  attempts BIGINT NOT NULL,
  pending BIGINT NOT NULL DEFAULT 0,
  window_start_ms BIGINT NOT NULL,
  locked_until_ms BIGINT NOT NULL,
  locks BIGINT NOT NULL
);
