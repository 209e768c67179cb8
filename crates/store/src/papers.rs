//! Papers issued for a case, for the case history and reprints.

use crate::{Store, StoreError};
use ow_case::CaseId;
use rusqlite::OptionalExtension;

/// One paper in a case's history (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperRecord {
    pub id: i64,
    pub case_id: String,
    pub kind: String,
    pub document_number: String,
    /// RFC 3339.
    pub created_at: String,
    /// Set on reprints: the paper reprinted.
    pub reprint_of: Option<i64>,
    pub size: i64,
}

impl Store {
    /// Every paper issued for the case, oldest first.
    pub fn papers(&self, case: CaseId) -> Result<Vec<PaperRecord>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, case_id, kind, document_number, created_at, reprint_of, length(pdf)
             FROM papers WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([case.to_string()], |r| {
            Ok(PaperRecord {
                id: r.get(0)?,
                case_id: r.get(1)?,
                kind: r.get(2)?,
                document_number: r.get(3)?,
                created_at: r.get(4)?,
                reprint_of: r.get(5)?,
                size: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The PDF of one paper, exactly as issued.
    pub fn paper_pdf(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        self.conn()?
            .query_row("SELECT pdf FROM papers WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("paper {id}")))
    }
}
