-- Whose ID may collect a result: the applicant's and agent's document numbers, as SHA-256 of
-- the upper-cased number (compared, never shown), with the role: [{"role":…,"sha256":…}].
ALTER TABLE results ADD COLUMN holders TEXT NOT NULL DEFAULT '[]';
