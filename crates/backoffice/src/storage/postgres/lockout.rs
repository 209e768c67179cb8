//! The sign-in counters on PostgreSQL: one row per account, locked for the length of a step,
//! so parallel guesses at one account — through one server or several — queue up on the row.

use super::pg;
use crate::storage::{lockout_from_row, lockout_stale_before, LockoutStep, Result};
use deadpool_postgres::Object;
use ow_api::{Admission, LockoutPolicy};

/// A concurrent prune can delete the row between our insert and our lock; then we go again.
const ATTEMPTS: usize = 3;

/// `INSERT … ON CONFLICT DO NOTHING` makes sure the row exists, `SELECT … FOR UPDATE` waits
/// for any other step on it and locks it, the `UPDATE` writes the step: one transaction.
pub(super) async fn apply(
    client: &mut Object,
    key: &str,
    step: LockoutStep,
    policy: &LockoutPolicy,
    now: i64,
) -> Result<Admission> {
    for _ in 0..ATTEMPTS {
        let tx = client
            .transaction()
            .await
            .map_err(pg("start a sign-in counter step"))?;
        tx.execute(
            "INSERT INTO signin_lockout (key, attempts, window_start_ms, locked_until_ms, locks) \
             VALUES ($1, 0, 0, 0, 0) ON CONFLICT DO NOTHING",
            &[&key],
        )
        .await
        .map_err(pg("create a sign-in counter"))?;
        let Some(row) = tx
            .query_opt(
                "SELECT attempts, pending, window_start_ms, locked_until_ms, locks FROM signin_lockout \
                 WHERE key = $1 FOR UPDATE",
                &[&key],
            )
            .await
            .map_err(pg("lock a sign-in counter"))?
        else {
            tx.rollback()
                .await
                .map_err(pg("roll back a sign-in counter step"))?;
            continue;
        };
        let get = |i: usize| {
            row.try_get::<_, i64>(i)
                .map_err(pg("read a sign-in counter"))
        };
        let mut state = lockout_from_row(get(0)?, get(1)?, get(2)?, get(3)?, get(4)?);
        let answer = step.apply(policy, &mut state, now);
        tx.execute(
            "UPDATE signin_lockout SET attempts = $2, window_start_ms = $3, locked_until_ms = $4, \
             locks = $5, pending = $6 WHERE key = $1",
            &[
                &key,
                &i64::from(state.attempts),
                &state.window_start_ms,
                &state.locked_until_ms,
                &i64::from(state.locks),
                &i64::from(state.pending),
            ],
        )
        .await
        .map_err(pg("save a sign-in counter"))?;
        tx.commit().await.map_err(pg("commit a sign-in counter"))?;
        return Ok(answer);
    }
    Err(crate::error::BackofficeError::Internal(format!(
        "the sign-in counter of {key} vanished {ATTEMPTS} times in a row"
    )))
}

/// Forgets counters long at rest. Its own statement after the step, skipping rows another
/// step holds: two prunes at once never wait on each other (and so never deadlock).
pub(super) async fn prune(client: &Object, policy: &LockoutPolicy, now: i64) -> Result<()> {
    let stale = lockout_stale_before(policy, now);
    client
        .execute(
            "DELETE FROM signin_lockout WHERE key IN (SELECT key FROM signin_lockout \
             WHERE locked_until_ms < $1 AND window_start_ms < $1 FOR UPDATE SKIP LOCKED)",
            &[&stale],
        )
        .await
        .map_err(pg("prune sign-in counters"))?;
    Ok(())
}
