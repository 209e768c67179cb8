-- Version 6: what each running window last reported (who is signed in, how many cases are
-- open, the case in hand) for the shift lead's floor view. One row per window, overwritten.
CREATE TABLE window_presence (
  workstation_id TEXT PRIMARY KEY REFERENCES workstations(id),
  clerk_id TEXT,
  open_cases INTEGER NOT NULL,
  in_hand TEXT,
  seen_at INTEGER NOT NULL
);
