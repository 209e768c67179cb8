//! Notices on SQLite.

use super::cases::write_tx;
use super::db;
use crate::storage::*;
use rusqlite::{params, Connection, OptionalExtension};

const SELECT: &str = "SELECT n.workstation_id, n.body, c.carried_by FROM notices n \
     LEFT JOIN notice_carries c ON c.document_number = n.document_number";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<NoticeRow> {
    Ok(NoticeRow {
        workstation_id: r.get(0)?,
        body: r.get(1)?,
        carried_by: r.get(2)?,
    })
}

pub(super) fn put(c: &mut Connection, n: &NewNotice) -> Result<Option<String>> {
    let tx = write_tx(c)?;
    let inserted = tx
        .execute(
            "INSERT INTO notices (document_number, workstation_id, applicant_number, \
             request_hash, body, issued_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (document_number) DO NOTHING",
            params![
                n.document_number,
                n.workstation_id,
                n.applicant_number,
                n.request_hash,
                n.body,
                n.issued_at,
                n.now
            ],
        )
        .map_err(db("store a notice"))?;
    let taken = if inserted == 0 {
        let hash: String = tx
            .query_row(
                "SELECT request_hash FROM notices WHERE document_number = ?1",
                [&n.document_number],
                |r| r.get(0),
            )
            .map_err(db("look up a notice"))?;
        Some(hash)
    } else {
        None
    };
    tx.commit().map_err(db("commit a notice"))?;
    Ok(taken)
}

pub(super) fn one(c: &mut Connection, document_number: &str) -> Result<Option<NoticeRow>> {
    c.query_row(
        &format!("{SELECT} WHERE n.document_number = ?1"),
        [document_number],
        row,
    )
    .optional()
    .map_err(db("look up a notice"))
}

pub(super) fn open_of(c: &mut Connection, applicant: &str, limit: u32) -> Result<Vec<NoticeRow>> {
    c.prepare_cached(&format!(
        "{SELECT} WHERE n.applicant_number = ?1 AND c.carried_by IS NULL \
         ORDER BY n.issued_at DESC, n.document_number LIMIT ?2"
    ))
    .and_then(|mut s| {
        s.query_map(params![applicant, limit], row)?
            .collect::<rusqlite::Result<Vec<_>>>()
    })
    .map_err(db("list notices"))
}

pub(super) fn carry(
    c: &mut Connection,
    document_number: &str,
    by: &str,
    ws: &str,
    now: i64,
) -> Result<String> {
    let tx = write_tx(c)?;
    tx.execute(
        "INSERT INTO notice_carries (document_number, carried_by, workstation_id, carried_at) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (document_number) DO NOTHING",
        params![document_number, by, ws, now],
    )
    .map_err(db("record a notice carried on"))?;
    let first: String = tx
        .query_row(
            "SELECT carried_by FROM notice_carries WHERE document_number = ?1",
            [document_number],
            |r| r.get(0),
        )
        .map_err(db("look up a notice carried on"))?;
    tx.commit().map_err(db("commit a notice carried on"))?;
    Ok(first)
}
