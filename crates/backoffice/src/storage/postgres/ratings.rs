//! 好差评 on PostgreSQL: ratings (once per key, and once per visit code) and invitations to
//! rate later by the code on the receipt.

use super::pg;
use crate::error::BackofficeError;
use crate::storage::*;
use deadpool_postgres::Object;
use tokio_postgres::types::ToSql;
use tokio_postgres::GenericClient;

const COLUMNS: &str = "request_hash, id, workstation_id, body, received_at, follow_up_by";

/// The rating matching `cond` with its request hash.
async fn read_one<C: GenericClient + Sync>(
    c: &C,
    cond: &str,
    args: &[&(dyn ToSql + Sync)],
) -> Result<Option<(String, RatingRecord)>> {
    let Some(r) = c
        .query_opt(&format!("SELECT {COLUMNS} FROM ratings WHERE {cond}"), args)
        .await
        .map_err(pg("look up a rating"))?
    else {
        return Ok(None);
    };
    let get = |i: usize| r.try_get::<_, String>(i).map_err(pg("read a rating"));
    let at: i64 = r.try_get(4).map_err(pg("read a rating"))?;
    let follow: Option<String> = r.try_get(5).map_err(pg("read a rating"))?;
    Ok(Some((
        get(0)?,
        rating_record(get(1)?, get(2)?, &get(3)?, at, follow)?,
    )))
}

/// `ON CONFLICT DO NOTHING` (on any unique key: the window's idempotency key or the visit's
/// code) waits for a concurrent insert to commit; the following read then sees the winner's
/// row, so a burst stores one rating per key and one per visit code.
pub(super) async fn rate(c: &Object, r: &NewRating) -> Result<Recorded<RatingRecord>> {
    let inserted = c
        .execute(
            "INSERT INTO ratings (id, workstation_id, idempotency_key, request_hash, body, grade, bad, received_at, follow_up_by, code) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
            &[
                &uuid::Uuid::new_v4().to_string(),
                &r.workstation_id,
                &r.idempotency_key,
                &r.request_hash,
                &to_json(&r.intake)?,
                &r.intake.grade.as_str(),
                &r.intake.grade.is_bad(),
                &r.now,
                &r.follow_up_by.map(|d| d.to_string()),
                &r.intake.code,
            ],
        )
        .await
        .map_err(pg("store a rating"))?;
    let mine = read_one(
        &***c,
        "workstation_id = $1 AND idempotency_key = $2",
        &[&r.workstation_id, &r.idempotency_key],
    )
    .await?;
    match mine {
        Some((_, record)) if inserted == 1 => Ok(Recorded::Created(record)),
        Some((hash, _)) if hash != r.request_hash => Err(BackofficeError::IdempotencyKeyReused),
        Some((_, record)) => Ok(Recorded::Replayed(record)),
        // Not stored under this key: the visit's code was rated first.
        None => {
            let code = r.intake.code.as_ref().ok_or_else(|| {
                BackofficeError::Internal("a rating was neither stored nor found".into())
            })?;
            let (_, first) = read_one(&***c, "code = $1", &[code])
                .await?
                .ok_or_else(|| BackofficeError::Internal("a rated code has no rating".into()))?;
            Ok(Recorded::Replayed(first))
        }
    }
}

pub(super) async fn ratings(c: &Object, bad_only: bool, limit: u32) -> Result<Vec<RatingRecord>> {
    c.query(
        "SELECT id, workstation_id, body, received_at, follow_up_by FROM ratings \
         WHERE bad OR NOT $1 ORDER BY received_at DESC, id LIMIT $2",
        &[&bad_only, &i64::from(limit)],
    )
    .await
    .map_err(pg("list ratings"))?
    .iter()
    .map(|r| {
        let get = |i: usize| r.try_get::<_, String>(i).map_err(pg("read a rating"));
        rating_record(
            get(0)?,
            get(1)?,
            &get(2)?,
            r.try_get(3).map_err(pg("read a rating"))?,
            r.try_get(4).map_err(pg("read a rating"))?,
        )
    })
    .collect()
}

pub(super) async fn invite(
    c: &Object,
    ws: &str,
    invite: &ow_api::RatingInvite,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO rating_invitations (code, workstation_id, body, invited_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING",
        &[&invite.code, &ws, &to_json(invite)?, &now],
    )
    .await
    .map_err(pg("store a rating invitation"))?;
    Ok(())
}

pub(super) async fn code_state(c: &Object, code: &str) -> Result<CodeState> {
    if let Some((_, record)) = read_one(&***c, "code = $1", &[&code]).await? {
        return Ok(CodeState::Rated(record));
    }
    let Some(r) = c
        .query_opt(
            "SELECT workstation_id, body, invited_at FROM rating_invitations WHERE code = $1",
            &[&code],
        )
        .await
        .map_err(pg("look up a rating invitation"))?
    else {
        return Ok(CodeState::Unknown);
    };
    let body: String = r.try_get(1).map_err(pg("read a rating invitation"))?;
    Ok(CodeState::Invited {
        workstation_id: r.try_get(0).map_err(pg("read a rating invitation"))?,
        invite: serde_json::from_str(&body).map_err(corrupt)?,
        invited_at: r.try_get(2).map_err(pg("read a rating invitation"))?,
    })
}
