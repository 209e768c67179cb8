//! Workstations and people on SQLite. Saving either ends its sessions and clears its
//! sign-in lockout: a new secret or new roles take effect at once.

use super::cases::write_tx;
use super::db;
use crate::storage::*;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn put_workstation(c: &mut Connection, w: &WorkstationRecord) -> Result<()> {
    let tx = write_tx(c)?;
    tx.execute(
        "INSERT INTO workstations (id, window_name, secret_hash) VALUES (?1, ?2, ?3) \
         ON CONFLICT(id) DO UPDATE SET window_name = excluded.window_name, secret_hash = excluded.secret_hash",
        params![w.id, w.window_name, w.secret_hash],
    )
    .map_err(db("save a workstation"))?;
    let subject = format!("workstation:{}", w.id);
    tx.execute("DELETE FROM sessions WHERE subject = ?1", [&subject])
        .map_err(db("end a workstation's sessions"))?;
    tx.execute("DELETE FROM signin_lockout WHERE key = ?1", [&subject])
        .map_err(db("clear a workstation's sign-in lockout"))?;
    tx.commit().map_err(db("commit a workstation"))
}

pub(super) fn workstation(c: &mut Connection, id: &str) -> Result<Option<WorkstationRecord>> {
    c.query_row(
        "SELECT id, window_name, secret_hash FROM workstations WHERE id = ?1",
        [id],
        |r| {
            Ok(WorkstationRecord {
                id: r.get(0)?,
                window_name: r.get(1)?,
                secret_hash: r.get(2)?,
            })
        },
    )
    .optional()
    .map_err(db("read a workstation"))
}

pub(super) fn put_clerk(c: &mut Connection, k: &ClerkRecord) -> Result<()> {
    let tx = write_tx(c)?;
    tx.execute(
        "INSERT INTO clerks (id, name, roles, queues, secret_hash) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, roles = excluded.roles, \
         queues = excluded.queues, secret_hash = excluded.secret_hash",
        params![
            k.id,
            k.name,
            roles_json(&k.roles)?,
            queues_json(&k.queues)?,
            k.secret_hash
        ],
    )
    .map_err(db("save a clerk"))?;
    let subject = format!("clerk:{}", k.id);
    tx.execute("DELETE FROM sessions WHERE subject = ?1", [&subject])
        .map_err(db("end a clerk's sessions"))?;
    tx.execute("DELETE FROM signin_lockout WHERE key = ?1", [&subject])
        .map_err(db("clear a clerk's sign-in lockout"))?;
    tx.commit().map_err(db("commit a clerk"))
}

pub(super) fn clerk(c: &mut Connection, id: &str) -> Result<Option<ClerkRecord>> {
    let raw = c
        .query_row(
            "SELECT id, name, roles, queues, secret_hash FROM clerks WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()
        .map_err(db("read a clerk"))?;
    raw.map(|(id, name, roles, queues, secret_hash)| {
        Ok(ClerkRecord {
            id,
            name,
            roles: roles_from_json(&roles)?,
            queues: queues_from_json(&queues)?,
            secret_hash,
        })
    })
    .transpose()
}
