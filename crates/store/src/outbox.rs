//! The outbox: each accepted case's forwarding state, and the transitions the forwarder
//! makes (`waiting` → `sending` → `confirmed`, or back to `waiting` with a later attempt, or
//! `failed` with the reason until the clerk retries).
//!
//! Times are stored as `DateTime::to_rfc3339()` in UTC, the same format the acceptance
//! writes, so comparing them as text orders them in time.

use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use ow_case::CaseId;
use rusqlite::{params, OptionalExtension, Row};

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

/// An entry the forwarder has claimed (now `sending`): what it must send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxJob {
    pub case_id: String,
    pub idempotency_key: String,
    /// The intake body, exactly as fixed at acceptance.
    pub payload: String,
    /// SHA-256 of each blob to upload first.
    pub blobs: Vec<String>,
    /// Attempts before this one.
    pub attempts: i64,
    /// What the payload is: [`KIND_CASE`] or [`KIND_RATING`].
    pub kind: String,
}

/// An accepted case (`POST /cases`, its pages first).
pub const KIND_CASE: &str = "case";
/// A citizen's rating of a visit (`POST /ratings`).
pub const KIND_RATING: &str = "rating";
/// A visit served under a paper ticket typed in while the back office was out of reach
/// (`POST /tickets/offline`).
pub const KIND_TICKET_SERVED: &str = "ticket_served";
/// A visit the citizen left without rating: it may be rated later by the code on its papers
/// (`POST /ratings/invitations`).
pub const KIND_RATING_INVITE: &str = "rating_invite";
/// A result handed over at this window (`POST /cases/{n}/hand-out`), recorded here first.
pub const KIND_HAND_OUT: &str = "hand_out";
/// Pages for a case the department returned (`POST /cases/{n}/supplement`).
pub const KIND_SUPPLEMENT: &str = "supplement";
/// A one-time notice issued here, so any window finds it when the citizen comes back
/// (`POST /notices`, its pages first).
pub const KIND_NOTICE: &str = "notice";
/// A decided case carries a notice on: no window offers it again
/// (`POST /notices/carried-on`).
pub const KIND_NOTICE_CARRIED: &str = "notice_carried";

/// A row of the sync panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxListing {
    pub entry: OutboxEntry,
    pub enqueued_at: String,
    pub confirmed_at: Option<String>,
    /// From the payload: the number on the citizen's receipt, and the service item.
    pub window_case_no: Option<String>,
    pub item_name: Option<String>,
    /// [`KIND_CASE`] or [`KIND_RATING`].
    pub kind: String,
}

/// How many entries are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub waiting: i64,
    pub sending: i64,
    pub failed: i64,
    pub confirmed: i64,
    /// Sending attempts over all entries: changes with every try, so a watcher notices a
    /// retry even when the counts come out the same.
    pub attempts: i64,
}

const ENTRY_COLUMNS: &str = "case_id, idempotency_key, state, attempts, next_attempt_at, \
                             last_error, backoffice_number";

fn entry(r: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    Ok(OutboxEntry {
        case_id: r.get(0)?,
        idempotency_key: r.get(1)?,
        state: r.get(2)?,
        attempts: r.get(3)?,
        next_attempt_at: r.get(4)?,
        last_error: r.get(5)?,
        backoffice_number: r.get(6)?,
    })
}

fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

impl Store {
    /// The outbox entry of a case, if it was accepted.
    pub fn outbox_entry(&self, case: CaseId) -> Result<Option<OutboxEntry>, StoreError> {
        self.outbox_entry_by_id(&case.to_string())
    }

    /// [`Store::outbox_entry`] by the case id as text (as the forwarder knows it).
    pub fn outbox_entry_by_id(&self, case_id: &str) -> Result<Option<OutboxEntry>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} FROM outbox WHERE case_id = ?1"),
                [case_id],
                entry,
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

    /// How many entries are in each state.
    pub fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare_cached("SELECT state, count(*), total(attempts) FROM outbox GROUP BY state")?;
        let mut counts = OutboxCounts::default();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?;
        for row in rows {
            let (state, n, attempts) = row?;
            counts.attempts += attempts as i64;
            match state.as_str() {
                "waiting" => counts.waiting = n,
                "sending" => counts.sending = n,
                "failed" => counts.failed = n,
                "confirmed" => counts.confirmed = n,
                _ => {}
            }
        }
        Ok(counts)
    }

    /// At start-up: an entry left `sending` by a process that died is sent again (the
    /// idempotency key makes that safe). Returns how many were reset.
    pub fn outbox_reset_sending(&self) -> Result<usize, StoreError> {
        Ok(self.conn()?.execute(
            "UPDATE outbox SET state = 'waiting' WHERE state = 'sending'",
            [],
        )?)
    }

    /// Marks up to `limit` due `waiting` entries `sending` and returns them, oldest due first.
    pub fn outbox_claim_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxJob>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "UPDATE outbox SET state = 'sending'
             WHERE case_id IN (SELECT case_id FROM outbox
                               WHERE state = 'waiting' AND next_attempt_at <= ?1
                               ORDER BY next_attempt_at LIMIT ?2)
             RETURNING case_id, idempotency_key, payload, blobs, attempts, kind",
        )?;
        let rows = stmt.query_map(params![ts(now), limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut jobs = Vec::new();
        for row in rows {
            let (case_id, idempotency_key, payload, blobs, attempts, kind) = row?;
            jobs.push(OutboxJob {
                case_id,
                idempotency_key,
                payload,
                blobs: serde_json::from_str(&blobs)?,
                attempts,
                kind,
            });
        }
        Ok(jobs)
    }

    /// When the next `waiting` entry falls due, if any.
    pub fn outbox_next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let next: Option<String> = self.conn()?.query_row(
            "SELECT min(next_attempt_at) FROM outbox WHERE state = 'waiting'",
            [],
            |r| r.get(0),
        )?;
        Ok(next
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|d| d.with_timezone(&Utc)))
    }

    /// The back office took the case: keep its number.
    pub fn outbox_confirm(
        &self,
        case_id: &str,
        backoffice_number: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.outbox_update(
            "UPDATE outbox SET state = 'confirmed', attempts = attempts + 1,
                    backoffice_number = ?2, confirmed_at = ?3, last_error = NULL
             WHERE case_id = ?1",
            params![case_id, backoffice_number, ts(at)],
            case_id,
        )
    }

    /// A passing problem: try again at `next_attempt_at`.
    pub fn outbox_retry_later(
        &self,
        case_id: &str,
        reason: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.outbox_update(
            "UPDATE outbox SET state = 'waiting', attempts = attempts + 1,
                    next_attempt_at = ?2, last_error = ?3
             WHERE case_id = ?1 AND state <> 'confirmed'",
            params![case_id, ts(next_attempt_at), reason],
            case_id,
        )
    }

    /// The back office refused the case for good: it waits for the clerk.
    pub fn outbox_fail(&self, case_id: &str, reason: &str) -> Result<(), StoreError> {
        self.outbox_update(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2
             WHERE case_id = ?1 AND state <> 'confirmed'",
            params![case_id, reason],
            case_id,
        )
    }

    /// The clerk's retry: a failed (or waiting) entry is due now. A confirmed or unknown
    /// entry is refused with `store.not_found`.
    pub fn outbox_retry_now(&self, case_id: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.outbox_update(
            "UPDATE outbox SET state = 'waiting', next_attempt_at = ?2
             WHERE case_id = ?1 AND state IN ('failed', 'waiting')",
            params![case_id, ts(now)],
            case_id,
        )
    }

    fn outbox_update(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        case_id: &str,
    ) -> Result<(), StoreError> {
        match self.conn()?.execute(sql, params)? {
            0 => Err(StoreError::NotFound(case_id.to_owned())),
            _ => Ok(()),
        }
    }

    /// The sync panel's rows: everything not confirmed, then the latest confirmed, at most
    /// `limit` in all; failed first, then sending, waiting and confirmed.
    pub fn outbox_list(&self, limit: u32) -> Result<Vec<OutboxListing>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS}, enqueued_at, confirmed_at,
                    coalesce(json_extract(payload, '$.window_case_no'),
                             json_extract(payload, '$.case_number')),
                    json_extract(payload, '$.item_name'),
                    kind
             FROM outbox
             ORDER BY CASE state WHEN 'failed' THEN 0 WHEN 'sending' THEN 1
                                 WHEN 'waiting' THEN 2 ELSE 3 END,
                      coalesce(confirmed_at, '') DESC, enqueued_at
             LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], |r| {
            Ok(OutboxListing {
                entry: entry(r)?,
                enqueued_at: r.get(7)?,
                confirmed_at: r.get(8)?,
                window_case_no: r.get(9)?,
                item_name: r.get(10)?,
                kind: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
