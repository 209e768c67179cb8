-- What a paper not made from a case was made from (a collection record's hand-over, as JSON),
-- so a reprint is made again with the 补打 mark instead of copied.
ALTER TABLE papers ADD COLUMN data TEXT;
