//! The hall's set-up on SQLite: ticket groups, which windows call from them, the calling
//! rules, and the sandbox's seed of them.

use super::cases::write_tx;
use super::db;
use super::tickets::*;
use crate::error::BackofficeError;
use crate::storage::*;
use ow_api::{ServiceGroup, WindowGroups};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub(super) fn seed_hall(tx: &Transaction<'_>, seed: &Seed) -> Result<()> {
    for g in &seed.groups {
        tx.execute(
            "INSERT OR IGNORE INTO service_groups (code, name, prefix) VALUES (?1, ?2, ?3)",
            params![g.code, g.name, g.prefix],
        )
        .map_err(db("seed service groups"))?;
    }
    for w in &seed.window_groups {
        for g in &w.groups {
            tx.execute(
                "INSERT OR IGNORE INTO window_groups (workstation_id, group_code) VALUES (?1, ?2)",
                params![w.workstation_id, g],
            )
            .map_err(db("seed window groups"))?;
        }
    }
    Ok(())
}

pub(super) fn hall_setup(c: &mut Connection) -> Result<HallSetup> {
    let groups = c
        .prepare_cached("SELECT code, name, prefix FROM service_groups ORDER BY code")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(ServiceGroup {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    prefix: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("list service groups"))?;
    let pairs = c
        .prepare_cached("SELECT workstation_id, group_code FROM window_groups ORDER BY workstation_id, group_code")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("list window groups"))?;
    Ok(HallSetup {
        groups,
        windows: group_pairs(pairs),
        settings: settings(c)?,
    })
}

pub(super) fn put_group(c: &mut Connection, g: &ServiceGroup) -> Result<()> {
    let tx = write_tx(c)?;
    let holder: Option<String> = tx
        .query_row(
            "SELECT code FROM service_groups WHERE prefix = ?1 AND code <> ?2",
            params![g.prefix, g.code],
            |r| r.get(0),
        )
        .optional()
        .map_err(db("look up a prefix"))?;
    if let Some(group) = holder {
        return Err(BackofficeError::PrefixTaken {
            prefix: g.prefix.clone(),
            group,
        });
    }
    tx.execute(
        "INSERT INTO service_groups (code, name, prefix) VALUES (?1, ?2, ?3) \
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix",
        params![g.code, g.name, g.prefix],
    )
    .map_err(db("save a service group"))?;
    tx.commit().map_err(db("commit a service group"))
}

pub(super) fn put_window_groups(c: &mut Connection, w: &WindowGroups) -> Result<()> {
    let tx = write_tx(c)?;
    if !window_exists(&tx, &w.workstation_id)? {
        return Err(BackofficeError::UnknownWindow {
            workstation_id: w.workstation_id.clone(),
        });
    }
    for g in &w.groups {
        if !group_exists(&tx, g)? {
            return Err(BackofficeError::UnknownGroup { group: g.clone() });
        }
    }
    tx.execute(
        "DELETE FROM window_groups WHERE workstation_id = ?1",
        [&w.workstation_id],
    )
    .map_err(db("clear a window's groups"))?;
    for g in &w.groups {
        tx.execute(
            "INSERT OR IGNORE INTO window_groups (workstation_id, group_code) VALUES (?1, ?2)",
            params![w.workstation_id, g],
        )
        .map_err(db("save a window's groups"))?;
    }
    tx.commit().map_err(db("commit a window's groups"))
}

pub(super) fn put_settings(c: &mut Connection, s: &HallSettings) -> Result<()> {
    c.execute(
        "UPDATE hall_settings SET priority_streak_cap = ?1, recalls_before_no_show = ?2, \
         appointment_early_minutes = ?3, bad_rating_follow_up_days = ?4 WHERE id = 1",
        params![
            s.priority_streak_cap,
            s.recalls_before_no_show,
            s.appointment_early_minutes,
            s.bad_rating_follow_up_days
        ],
    )
    .map_err(db("save the hall settings"))?;
    Ok(())
}
