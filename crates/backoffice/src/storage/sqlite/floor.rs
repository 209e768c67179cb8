//! The lead's floor view on SQLite: presence reports and today's tickets.

use super::db;
use super::tickets::load;
use crate::storage::*;
use rusqlite::{params, Connection};

pub(super) fn put_presence(
    c: &mut Connection,
    ws: &str,
    p: &ow_api::WindowPresence,
    now: i64,
) -> Result<()> {
    let in_hand = p.in_hand.as_ref().map(to_json).transpose()?;
    c.execute(
        "INSERT INTO window_presence (workstation_id, clerk_id, open_cases, in_hand, seen_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (workstation_id) DO UPDATE SET \
         clerk_id = excluded.clerk_id, open_cases = excluded.open_cases, \
         in_hand = excluded.in_hand, seen_at = excluded.seen_at",
        params![ws, p.clerk_id, i64::from(p.open_cases), in_hand, now],
    )
    .map_err(db("record a window's presence"))?;
    Ok(())
}

pub(super) fn rows(c: &mut Connection, day: &str) -> Result<FloorRows> {
    let paused = c
        .prepare_cached("SELECT workstation_id, pause_reason FROM window_state WHERE paused = 1")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read paused windows"))?;
    let presence = c
        .prepare_cached(
            "SELECT p.workstation_id, p.clerk_id, c.name, p.open_cases, p.in_hand, p.seen_at \
             FROM window_presence p LEFT JOIN clerks c ON c.id = p.clerk_id",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(PresenceRow::new(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read window presence"))?;
    Ok(FloorRows {
        paused,
        presence,
        at_windows: load(c, "t.state IN ('called', 'serving')", &[])?,
        waiting: load(c, "t.state = 'waiting' AND t.day = ?1", &[&day])?,
    })
}
