//! Content-addressed bytes (pages, imported files, material PDFs).

use crate::{Store, StoreError};
use chrono::Utc;
use ow_case::CaseId;
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;

impl Store {
    /// Stores `bytes` under their SHA-256 (lowercase hex, computed by the caller). Storing the
    /// same bytes twice keeps one copy.
    pub fn put_blob(&self, sha256: &str, media_type: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO blobs (sha256, media_type, size, bytes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING",
            params![
                sha256,
                media_type,
                bytes.len() as i64,
                bytes,
                Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    /// The bytes and media type stored under `sha256`.
    pub fn blob(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT media_type, bytes FROM blobs WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The pages of each checklist line of a case, in order, by line id.
    pub fn line_pages(&self, case: CaseId) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT line_id, sha256 FROM case_pages WHERE case_id = ?1 ORDER BY line_id, seq",
        )?;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let rows = stmt.query_map([case.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (line, sha) = row?;
            out.entry(line).or_default().push(sha);
        }
        Ok(out)
    }
}
