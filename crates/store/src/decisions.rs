//! Decisions: the case, its paper, the numbers drawn and (when accepted) its outbox entry,
//! written in one transaction so none exists without the others.

use crate::cases::write_case;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use ow_case::{CaseDraft, CaseId};
use rusqlite::{params, OptionalExtension, Transaction};

/// An open transaction on the store; dropped without [`DecisionTx::commit`] it rolls back.
pub struct DecisionTx<'a> {
    pub(crate) tx: Transaction<'a>,
}

/// A paper to file with the decision (or a reprint of one).
#[derive(Debug, Clone)]
pub struct NewPaper<'a> {
    pub case_id: CaseId,
    /// `receipt`, `notice`, `rejection`, `voucher`.
    pub kind: &'a str,
    pub document_number: &'a str,
    pub created_at: DateTime<Utc>,
    pub reprint_of: Option<i64>,
    pub pdf: &'a [u8],
    /// For a paper not made from a case: what it was made from (JSON), to make it again.
    pub data: Option<&'a str>,
}

/// An accepted case's entry in the outbox.
#[derive(Debug, Clone)]
pub struct NewOutboxEntry<'a> {
    pub case_id: CaseId,
    pub idempotency_key: &'a str,
    /// The intake request body, fixed at acceptance.
    pub payload: &'a str,
    /// SHA-256 of every blob the payload references, uploaded before the case.
    pub blobs: &'a [String],
    pub enqueued_at: DateTime<Utc>,
}

impl Store {
    /// Runs `f` in one transaction holding the store for its whole length (so numbers drawn
    /// inside cannot be drawn twice). `f` commits by returning `Ok`; an `Err` rolls back.
    pub fn in_transaction<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&DecisionTx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.conn()?;
        let tx = DecisionTx {
            tx: conn.transaction().map_err(StoreError::from)?,
        };
        let out = f(&tx)?;
        tx.tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

impl DecisionTx<'_> {
    /// The last value drawn from `series`, if any.
    pub fn counter(&self, series: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .tx
            .query_row(
                "SELECT last FROM counters WHERE series = ?1",
                [series],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records `last` as the last value drawn from `series`.
    pub fn set_counter(&self, series: &str, last: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO counters (series, last) VALUES (?1, ?2)
             ON CONFLICT (series) DO UPDATE SET last = excluded.last",
            params![series, last],
        )?;
        Ok(())
    }

    /// The case as stored now.
    pub fn case(&self, id: CaseId) -> Result<CaseDraft, StoreError> {
        let body: Option<String> = self
            .tx
            .query_row(
                "SELECT body FROM cases WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let body = body.ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        Ok(serde_json::from_str(&body)?)
    }

    /// Writes the whole case.
    pub fn save_case(&self, case: &CaseDraft) -> Result<(), StoreError> {
        write_case(&self.tx, case)
    }

    /// [`crate::Store::followers_of`], inside the transaction: what a decision checks is
    /// still so when it is written.
    pub fn followers_of(&self, case: CaseId) -> Result<Vec<CaseDraft>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT body FROM cases WHERE json_extract(body, '$.follows.case_id') = ?1 ORDER BY id",
        )?;
        let bodies = stmt
            .query_map([case.to_string()], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str(b)?))
            .collect()
    }

    /// Files a paper; returns its id.
    pub fn add_paper(&self, paper: &NewPaper<'_>) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO papers (case_id, kind, document_number, created_at, reprint_of, pdf, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                paper.case_id.to_string(),
                paper.kind,
                paper.document_number,
                paper.created_at.to_rfc3339(),
                paper.reprint_of,
                paper.pdf,
                paper.data
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Puts an accepted case in the outbox. A case is enqueued at most once: a second call
    /// for the same case fails, and the whole decision with it.
    pub fn enqueue(&self, entry: &NewOutboxEntry<'_>) -> Result<(), StoreError> {
        let at = entry.enqueued_at.to_rfc3339();
        self.tx.execute(
            "INSERT INTO outbox (case_id, idempotency_key, enqueued_at, payload, blobs, state,
                                 next_attempt_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'waiting', ?3)",
            params![
                entry.case_id.to_string(),
                entry.idempotency_key,
                at,
                entry.payload,
                serde_json::to_string(entry.blobs)?
            ],
        )?;
        Ok(())
    }

    /// Puts an entry of `kind` with pages in the outbox (a supplement: its pages, then the
    /// request), sent once like a case.
    pub fn enqueue_with_pages(
        &self,
        kind: &str,
        entry: &NewOutboxEntry<'_>,
    ) -> Result<(), StoreError> {
        self.enqueue(entry)?;
        self.tx.execute(
            "UPDATE outbox SET kind = ?2 WHERE case_id = ?1",
            params![entry.case_id.to_string(), kind],
        )?;
        Ok(())
    }

    /// Puts a rating (好差评) in the outbox: sent once, like a case, whenever the back office
    /// can be reached. `id` is the rating's own id and its idempotency key.
    pub fn enqueue_rating(
        &self,
        id: &str,
        payload: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.enqueue_kind(crate::KIND_RATING, id, payload, at)
    }

    /// [`Store::set_result_state`], inside the transaction.
    pub fn set_result_state(
        &self,
        case_number: &str,
        state: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        crate::results::set_state(&self.tx, case_number, state, at)
    }

    /// Puts an entry of `kind` (no pages) in the outbox; `id` is also its idempotency key.
    pub fn enqueue_kind(
        &self,
        kind: &str,
        id: &str,
        payload: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let at = at.to_rfc3339();
        self.tx.execute(
            "INSERT INTO outbox (case_id, idempotency_key, enqueued_at, payload, blobs, state,
                                 next_attempt_at, kind)
             VALUES (?1, ?1, ?2, ?3, '[]', 'waiting', ?2, ?4)",
            params![id, at, payload, kind],
        )?;
        Ok(())
    }
}
