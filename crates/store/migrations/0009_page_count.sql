-- How many pages a stored file holds: 1 for a scanned or imported image, the page count of an
-- imported PDF. A material's page count is checked against the checklist.
ALTER TABLE case_pages ADD COLUMN page_count INTEGER NOT NULL DEFAULT 1;
