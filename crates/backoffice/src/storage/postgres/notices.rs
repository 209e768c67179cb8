//! Notices on PostgreSQL. `ON CONFLICT DO NOTHING` waits for a concurrent insert of the same
//! key to commit, so the read after it sees the winner.

use super::pg;
use crate::storage::*;
use deadpool_postgres::Object;

const SELECT: &str = "SELECT n.workstation_id, n.body, c.carried_by FROM notices n \
     LEFT JOIN notice_carries c ON c.document_number = n.document_number";

fn row(r: &tokio_postgres::Row) -> Result<NoticeRow> {
    Ok(NoticeRow {
        workstation_id: r.try_get(0).map_err(pg("read a notice"))?,
        body: r.try_get(1).map_err(pg("read a notice"))?,
        carried_by: r.try_get(2).map_err(pg("read a notice"))?,
    })
}

pub(super) async fn put(c: &Object, n: &NewNotice) -> Result<Option<String>> {
    let inserted = c
        .execute(
            "INSERT INTO notices (document_number, workstation_id, applicant_number, \
             request_hash, body, issued_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (document_number) DO NOTHING",
            &[
                &n.document_number,
                &n.workstation_id,
                &n.applicant_number,
                &n.request_hash,
                &n.body,
                &n.issued_at,
                &n.now,
            ],
        )
        .await
        .map_err(pg("store a notice"))?;
    if inserted == 1 {
        return Ok(None);
    }
    let r = c
        .query_one(
            "SELECT request_hash FROM notices WHERE document_number = $1",
            &[&n.document_number],
        )
        .await
        .map_err(pg("look up a notice"))?;
    Ok(Some(r.try_get(0).map_err(pg("read a notice"))?))
}

pub(super) async fn one(c: &Object, document_number: &str) -> Result<Option<NoticeRow>> {
    c.query_opt(
        &format!("{SELECT} WHERE n.document_number = $1"),
        &[&document_number],
    )
    .await
    .map_err(pg("look up a notice"))?
    .as_ref()
    .map(row)
    .transpose()
}

pub(super) async fn open_of(c: &Object, applicant: &str, limit: u32) -> Result<Vec<NoticeRow>> {
    c.query(
        &format!(
            "{SELECT} WHERE n.applicant_number = $1 AND c.carried_by IS NULL \
             ORDER BY n.issued_at DESC, n.document_number LIMIT $2"
        ),
        &[&applicant, &i64::from(limit)],
    )
    .await
    .map_err(pg("list notices"))?
    .iter()
    .map(row)
    .collect()
}

pub(super) async fn carry(
    c: &Object,
    document_number: &str,
    by: &str,
    ws: &str,
    now: i64,
) -> Result<String> {
    c.execute(
        "INSERT INTO notice_carries (document_number, carried_by, workstation_id, carried_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (document_number) DO NOTHING",
        &[&document_number, &by, &ws, &now],
    )
    .await
    .map_err(pg("record a notice carried on"))?;
    let r = c
        .query_one(
            "SELECT carried_by FROM notice_carries WHERE document_number = $1",
            &[&document_number],
        )
        .await
        .map_err(pg("look up a notice carried on"))?;
    r.try_get(0).map_err(pg("read a notice carried on"))
}
