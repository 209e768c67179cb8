-- Version 7: the figures read a year of tickets, cases, notices and ratings by date; these
-- indexes keep that a range scan (the tickets' one covers every column the figures read).
CREATE INDEX tickets_figures ON tickets(day, state, group_code, clerk_id, issued_at, called_at, started_at, ended_at);
CREATE INDEX cases_created ON cases(created_at);
CREATE INDEX notices_issued ON notices(issued_at);
CREATE INDEX ratings_received ON ratings(received_at);
