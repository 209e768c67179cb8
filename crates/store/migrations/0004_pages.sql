-- What the materials step needs beside each page of case_pages: a stable id for the UI (seq
-- changes when pages are reordered), the thumbnail, the page's size and resolution, the check
-- findings (JSON, as the scanner crate wrote them) and the clerk's reason for accepting a page
-- the checks held up.
ALTER TABLE case_pages ADD COLUMN page_id TEXT;
ALTER TABLE case_pages ADD COLUMN thumb_sha256 TEXT REFERENCES blobs (sha256);
ALTER TABLE case_pages ADD COLUMN width_px INTEGER;
ALTER TABLE case_pages ADD COLUMN height_px INTEGER;
ALTER TABLE case_pages ADD COLUMN dpi REAL;
ALTER TABLE case_pages ADD COLUMN origin TEXT;
ALTER TABLE case_pages ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE case_pages ADD COLUMN accepted_reason TEXT;
CREATE UNIQUE INDEX case_pages_by_id ON case_pages (page_id);
