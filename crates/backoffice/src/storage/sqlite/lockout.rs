//! The sign-in counters on SQLite: one row per account, read and written under SQLite's
//! write lock.

use super::cases::write_tx;
use super::db;
use crate::storage::{lockout_from_row, lockout_stale_before, LockoutStep, Result};
use ow_api::{Admission, LockoutPolicy, LockoutState};
use rusqlite::{params, Connection, OptionalExtension};

/// `BEGIN IMMEDIATE` takes SQLite's write lock before the read, so the row cannot change
/// between reading and writing it, not even from another process on the same file.
pub(super) fn lockout_tx(
    c: &mut Connection,
    key: &str,
    step: LockoutStep,
    policy: &LockoutPolicy,
    now: i64,
) -> Result<Admission> {
    let tx = write_tx(c)?;
    let mut state = tx
        .query_row(
            "SELECT attempts, pending, window_start_ms, locked_until_ms, locks FROM signin_lockout WHERE key = ?1",
            [key],
            |r| {
                Ok(lockout_from_row(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            },
        )
        .optional()
        .map_err(db("read a sign-in counter"))?
        .unwrap_or_default();
    let answer = step.apply(policy, &mut state, now);
    if state == LockoutState::default() {
        tx.execute("DELETE FROM signin_lockout WHERE key = ?1", [key])
            .map_err(db("clear a sign-in counter"))?;
    } else {
        tx.execute(
            "INSERT INTO signin_lockout (key, attempts, pending, window_start_ms, locked_until_ms, locks) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(key) DO UPDATE SET attempts = excluded.attempts, \
             pending = excluded.pending, window_start_ms = excluded.window_start_ms, \
             locked_until_ms = excluded.locked_until_ms, locks = excluded.locks",
            params![
                key,
                state.attempts,
                state.pending,
                state.window_start_ms,
                state.locked_until_ms,
                state.locks
            ],
        )
        .map_err(db("save a sign-in counter"))?;
    }
    if step == LockoutStep::Succeeded {
        let stale = lockout_stale_before(policy, now);
        tx.execute(
            "DELETE FROM signin_lockout WHERE locked_until_ms < ?1 AND window_start_ms < ?1",
            [stale],
        )
        .map_err(db("prune sign-in counters"))?;
    }
    tx.commit().map_err(db("commit a sign-in counter"))?;
    Ok(answer)
}
