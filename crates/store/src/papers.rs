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
    /// RFC 3339, once printed (or previewed in sandbox).
    pub printed_at: Option<String>,
    /// How the print went, e.g. `ipp job 12 completed` or `preview`.
    pub print_result: Option<String>,
    /// The error code of the last print that failed, until a print succeeds.
    pub print_error: Option<String>,
    /// RFC 3339: when that print failed.
    pub print_error_at: Option<String>,
}

fn record(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaperRecord> {
    Ok(PaperRecord {
        id: r.get(0)?,
        case_id: r.get(1)?,
        kind: r.get(2)?,
        document_number: r.get(3)?,
        created_at: r.get(4)?,
        reprint_of: r.get(5)?,
        size: r.get(6)?,
        printed_at: r.get(7)?,
        print_result: r.get(8)?,
        print_error: r.get(9)?,
        print_error_at: r.get(10)?,
    })
}

const COLUMNS: &str = "id, case_id, kind, document_number, created_at, reprint_of, length(pdf),
                       printed_at, print_result, print_error, print_error_at";

impl Store {
    /// Every paper issued for the case, oldest first.
    pub fn papers(&self, case: CaseId) -> Result<Vec<PaperRecord>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM papers WHERE case_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([case.to_string()], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One paper's record.
    pub fn paper(&self, id: i64) -> Result<PaperRecord, StoreError> {
        self.conn()?
            .query_row(
                &format!("SELECT {COLUMNS} FROM papers WHERE id = ?1"),
                [id],
                record,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("paper {id}")))
    }

    /// Files a paper outside a decision (the first print after it, or a reprint).
    pub fn add_paper(&self, paper: &crate::NewPaper<'_>) -> Result<i64, StoreError> {
        self.in_transaction(|tx| tx.add_paper(paper))
    }

    /// Records how printing the paper went.
    pub fn mark_printed(&self, id: i64, at: &str, result: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE papers SET printed_at = ?2, print_result = ?3, print_error = NULL,
                               print_error_at = NULL
             WHERE id = ?1",
            rusqlite::params![id, at, result],
        )?;
        Ok(())
    }

    /// Records a print that failed, with the error's code; the last success (if any) stays.
    pub fn mark_print_failed(&self, id: i64, at: &str, code: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE papers SET print_error = ?3, print_error_at = ?2 WHERE id = ?1",
            rusqlite::params![id, at, code],
        )?;
        Ok(())
    }

    /// What a paper not made from a case was made from (JSON), if it was filed with it.
    pub fn paper_data(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT data FROM papers WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The PDF of one paper, exactly as issued.
    pub fn paper_pdf(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        self.conn()?
            .query_row("SELECT pdf FROM papers WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("paper {id}")))
    }
}
