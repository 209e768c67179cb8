-- A print that failed is on the record with the printer's reason, until a later print of the
-- same paper succeeds (printed_at and print_result keep the last success).
ALTER TABLE papers ADD COLUMN print_error TEXT;
ALTER TABLE papers ADD COLUMN print_error_at TEXT;
