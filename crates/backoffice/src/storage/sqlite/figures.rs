//! The rows the figures are worked out from, on SQLite (range scans over migration 7's indexes).

use super::db;
use crate::storage::*;
use rusqlite::{params, Connection};

pub(super) fn rows(
    c: &Connection,
    (from_day, to_day): (&str, &str),
    (from_ms, to_ms): (i64, i64),
) -> Result<FigureRows> {
    let mut out = FigureRows::default();
    let mut stmt = c
        .prepare_cached(
            "SELECT state, group_code, clerk_id, issued_at, called_at, started_at, ended_at \
             FROM tickets WHERE day BETWEEN ?1 AND ?2",
        )
        .map_err(db("read tickets for the figures"))?;
    let mut rows = stmt
        .query(params![from_day, to_day])
        .map_err(db("read tickets for the figures"))?;
    while let Some(r) = rows.next().map_err(db("read tickets for the figures"))? {
        let state: String = r.get(0).map_err(db("read a ticket's state"))?;
        let group: String = r.get(1).map_err(db("read a ticket's group"))?;
        let clerk: Option<String> = r.get(2).map_err(db("read a ticket's clerk"))?;
        let times =
            (|| -> rusqlite::Result<_> { Ok((r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)) })()
                .map_err(db("read a ticket's times"))?;
        out.push_ticket(&state, &group, clerk.as_deref(), times)?;
    }
    out.accepted = c
        .prepare_cached(
            "SELECT item_code, item_name, COUNT(*) FROM cases \
             WHERE created_at >= ?1 AND created_at < ?2 GROUP BY item_code, item_name",
        )
        .and_then(|mut s| {
            s.query_map(params![from_ms, to_ms], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("count the cases per item"))?;
    out.notices = c
        .prepare_cached("SELECT body FROM notices WHERE issued_at >= ?1 AND issued_at < ?2")
        .and_then(|mut s| {
            s.query_map(params![from_ms, to_ms], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read the notices for the figures"))?;
    out.ratings = c
        .prepare_cached(
            "SELECT body, follow_up_by FROM ratings WHERE received_at >= ?1 AND received_at < ?2",
        )
        .and_then(|mut s| {
            s.query_map(params![from_ms, to_ms], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read the ratings for the figures"))?;
    out.people = c
        .prepare_cached("SELECT id, name FROM clerks")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read the people"))?;
    Ok(out)
}
