//! 好差评 on SQLite: ratings (once per key, and once per visit code) and invitations to rate
//! later by the code on the receipt.

use super::cases::write_tx;
use super::db;
use crate::error::BackofficeError;
use crate::storage::*;
use rusqlite::{params, Connection, OptionalExtension};

const COLUMNS: &str = "request_hash, id, workstation_id, body, received_at, follow_up_by";

/// The rating matching `cond` (one `?1` parameter) with its request hash.
fn read_one(
    c: &Connection,
    cond: &str,
    args: impl rusqlite::Params,
) -> Result<Option<(String, RatingRecord)>> {
    let raw = c
        .query_row(
            &format!("SELECT {COLUMNS} FROM ratings WHERE {cond}"),
            args,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, Option<String>>(5)?,
                ))
            },
        )
        .optional()
        .map_err(db("look up a rating"))?;
    raw.map(|(h, id, ws, body, at, f)| Ok((h, rating_record(id, ws, &body, at, f)?)))
        .transpose()
}

/// Stored once per (window, key); a rating for a visit code already rated answers with the
/// first rating (`Replayed`): the first rating of a visit stands.
pub(super) fn rate(c: &mut Connection, r: &NewRating) -> Result<Recorded<RatingRecord>> {
    let tx = write_tx(c)?;
    let by_key = |tx: &Connection| {
        read_one(
            tx,
            "workstation_id = ?1 AND idempotency_key = ?2",
            params![r.workstation_id, r.idempotency_key],
        )
    };
    if let Some((hash, record)) = by_key(&tx)? {
        if hash != r.request_hash {
            return Err(BackofficeError::IdempotencyKeyReused);
        }
        return Ok(Recorded::Replayed(record));
    }
    if let Some(code) = &r.intake.code {
        if let Some((_, record)) = read_one(&tx, "code = ?1", params![code])? {
            return Ok(Recorded::Replayed(record));
        }
    }
    tx.execute(
        "INSERT INTO ratings (id, workstation_id, idempotency_key, request_hash, body, grade, bad, received_at, follow_up_by, code) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            uuid::Uuid::new_v4().to_string(),
            r.workstation_id,
            r.idempotency_key,
            r.request_hash,
            to_json(&r.intake)?,
            r.intake.grade.as_str(),
            r.intake.grade.is_bad(),
            r.now,
            r.follow_up_by.map(|d| d.to_string()),
            r.intake.code,
        ],
    )
    .map_err(db("store a rating"))?;
    let (_, record) = by_key(&tx)?.ok_or_else(|| {
        BackofficeError::Internal("a rating vanished inside its transaction".into())
    })?;
    tx.commit().map_err(db("commit a rating"))?;
    Ok(Recorded::Created(record))
}

pub(super) fn ratings(c: &mut Connection, bad_only: bool, limit: u32) -> Result<Vec<RatingRecord>> {
    let raws = c
        .prepare_cached(
            "SELECT id, workstation_id, body, received_at, follow_up_by FROM ratings \
             WHERE bad = 1 OR ?1 = 0 ORDER BY received_at DESC, id LIMIT ?2",
        )
        .and_then(|mut s| {
            s.query_map(params![bad_only, limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("list ratings"))?;
    raws.into_iter()
        .map(|(id, ws, body, at, f)| rating_record(id, ws, &body, at, f))
        .collect()
}

pub(super) fn invite(
    c: &mut Connection,
    ws: &str,
    invite: &ow_api::RatingInvite,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO rating_invitations (code, workstation_id, body, invited_at) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO NOTHING",
        params![invite.code, ws, to_json(invite)?, now],
    )
    .map_err(db("store a rating invitation"))?;
    Ok(())
}

pub(super) fn code_state(c: &mut Connection, code: &str) -> Result<CodeState> {
    if let Some((_, record)) = read_one(c, "code = ?1", params![code])? {
        return Ok(CodeState::Rated(record));
    }
    let row: Option<(String, String, i64)> = c
        .query_row(
            "SELECT workstation_id, body, invited_at FROM rating_invitations WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(db("look up a rating invitation"))?;
    Ok(match row {
        Some((workstation_id, body, invited_at)) => CodeState::Invited {
            workstation_id,
            invite: serde_json::from_str(&body).map_err(corrupt)?,
            invited_at,
        },
        None => CodeState::Unknown,
    })
}
