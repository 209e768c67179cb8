//! The outbox as the window sees it: each accepted case's forwarding state.

use crate::{Store, StoreError};
use ow_case::CaseId;
use rusqlite::OptionalExtension;

/// One accepted case on its way to the back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub case_id: String,
    pub idempotency_key: String,
    /// `waiting`, `sending`, `confirmed` or `failed`.
    pub state: String,
    pub attempts: i64,
    /// RFC 3339.
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub backoffice_number: Option<String>,
}

impl Store {
    /// The outbox entry of a case, if it was accepted.
    pub fn outbox_entry(&self, case: CaseId) -> Result<Option<OutboxEntry>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT case_id, idempotency_key, state, attempts, next_attempt_at, last_error,
                        backoffice_number
                 FROM outbox WHERE case_id = ?1",
                [case.to_string()],
                |r| {
                    Ok(OutboxEntry {
                        case_id: r.get(0)?,
                        idempotency_key: r.get(1)?,
                        state: r.get(2)?,
                        attempts: r.get(3)?,
                        next_attempt_at: r.get(4)?,
                        last_error: r.get(5)?,
                        backoffice_number: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// How many entries are in each state that is not yet `confirmed`.
    pub fn outbox_pending(&self) -> Result<i64, StoreError> {
        Ok(self.conn()?.query_row(
            "SELECT count(*) FROM outbox WHERE state <> 'confirmed'",
            [],
            |r| r.get(0),
        )?)
    }
}

impl Store {
    /// The intake body fixed at acceptance.
    pub fn outbox_payload(&self, case: CaseId) -> Result<String, StoreError> {
        self.conn()?
            .query_row(
                "SELECT payload FROM outbox WHERE case_id = ?1",
                [case.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(case.to_string()))
    }
}
