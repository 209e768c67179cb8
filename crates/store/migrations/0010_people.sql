-- People who signed in online at this workstation: what an offline sign-in is checked
-- against. `verifier` is an Argon2id hash of the password or PIN, never the secret itself, in
-- a database that is itself encrypted.
CREATE TABLE people (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    roles          TEXT NOT NULL,
    queues         TEXT NOT NULL DEFAULT '[]',
    verifier       TEXT NOT NULL,
    last_online_ms INTEGER NOT NULL
) STRICT;

-- Offline sign-in failures per account (the back office keeps its own for online ones).
CREATE TABLE signin_lockout (
    key             TEXT PRIMARY KEY NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    pending         INTEGER NOT NULL DEFAULT 0,
    window_start_ms INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER NOT NULL DEFAULT 0,
    locks           INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Whose case it is: a draft stays with the person who started it across sign-outs.
ALTER TABLE cases ADD COLUMN owner TEXT;
UPDATE cases SET owner = json_extract(body, '$.owner.id');
CREATE INDEX cases_by_owner ON cases (owner, updated_at DESC);
