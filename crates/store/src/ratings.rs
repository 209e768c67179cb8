//! 好差评 at the window: each visit's rating code (printed as a QR code, for rating later) and
//! the visit waiting for its rating, which a restart must not lose.

use crate::decisions::DecisionTx;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// Codes of visits older than this are forgotten (the back office takes a later rating for
/// 30 days; a reprint after that prints no code).
const KEEP_DAYS: i64 = 60;

impl Store {
    /// The rating code of `visit` (a key naming the visit), made from `fresh` the first time.
    pub fn rating_code(
        &self,
        visit: &str,
        fresh: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let old = (now - chrono::Duration::days(KEEP_DAYS)).to_rfc3339();
        tx.execute("DELETE FROM rating_codes WHERE created_at < ?1", [old])?;
        tx.execute(
            "INSERT INTO rating_codes (visit, code, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (visit) DO NOTHING",
            params![visit, fresh, now.to_rfc3339()],
        )?;
        let code = tx.query_row(
            "SELECT code FROM rating_codes WHERE visit = ?1",
            [visit],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(code)
    }

    /// The visit waiting for its rating (JSON), if any.
    pub fn rating_pending(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT body FROM rating_pending WHERE slot = 1", [], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

impl DecisionTx<'_> {
    /// Sets (or, with `None`, clears) the visit waiting for its rating.
    pub fn set_rating_pending(&self, body: Option<&str>) -> Result<(), StoreError> {
        match body {
            Some(b) => self.tx.execute(
                "INSERT INTO rating_pending (slot, body) VALUES (1, ?1)
                 ON CONFLICT (slot) DO UPDATE SET body = excluded.body",
                [b],
            )?,
            None => self.tx.execute("DELETE FROM rating_pending", [])?,
        };
        Ok(())
    }

    /// The visit waiting for its rating (JSON), read inside the transaction.
    pub fn rating_pending(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .tx
            .query_row("SELECT body FROM rating_pending WHERE slot = 1", [], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
