-- The outbox carries more than accepted cases: a citizen's rating of a visit (好差评) goes the
-- same way, exactly once, offline or not. `case_id` is then the rating's own id.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'case';
