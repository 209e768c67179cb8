//! What the workstation took from the back office's reference documents: the last ETag per
//! document, and the calendar years received.

use crate::{Store, StoreError};
use chrono::Utc;
use rusqlite::{params, OptionalExtension};

/// A calendar year as received: its file name and JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCalendarYear {
    pub year: i32,
    pub file: String,
    pub json: String,
}

impl Store {
    /// The ETag last taken for `kind` (`catalog`, `calendar`).
    pub fn reference_etag(&self, kind: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT etag FROM reference_etags WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records the ETag taken for `kind` and what became of it (`installed`, `refused`).
    pub fn set_reference_etag(
        &self,
        kind: &str,
        etag: &str,
        outcome: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT OR REPLACE INTO reference_etags (kind, etag, outcome, fetched_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![kind, etag, outcome, Utc::now().to_rfc3339()],
        )?;
        Ok(())
    }

    /// Stores received calendar years, all or none.
    pub fn save_calendar_years(&self, years: &[StoredCalendarYear]) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let at = Utc::now().to_rfc3339();
        for y in years {
            tx.execute(
                "INSERT OR REPLACE INTO calendar_years (year, file, json, received_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![y.year, y.file, y.json, at],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every calendar year received, oldest year first.
    pub fn calendar_years(&self) -> Result<Vec<StoredCalendarYear>, StoreError> {
        let conn = self.conn()?;
        let mut stmt =
            conn.prepare_cached("SELECT year, file, json FROM calendar_years ORDER BY year")?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredCalendarYear {
                year: r.get(0)?,
                file: r.get(1)?,
                json: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
