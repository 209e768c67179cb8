//! The SQLite schema: migrations in order, under the write lock, and the sandbox's seed.

use super::cases::write_tx;
use super::{db, hall};
use crate::error::BackofficeError;
use crate::storage::*;
use rusqlite::{params, Connection, TransactionBehavior};

const MIGRATIONS: &[&str] = &[
    include_str!("../sql/sqlite_0001.sql"),
    include_str!("../sql/sqlite_0002.sql"),
    include_str!("../sql/sqlite_0003.sql"),
    include_str!("../sql/sqlite_0004.sql"),
    include_str!("../sql/sqlite_0005.sql"),
    include_str!("../sql/sqlite_0006.sql"),
    include_str!("../sql/sqlite_0007.sql"),
];

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db("start a migration"))?;
        // Read inside the write lock: another process may have migrated meanwhile.
        let current: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db("read the schema version"))?;
        if current > known {
            return Err(BackofficeError::SchemaTooNew {
                found: current,
                known,
            });
        }
        let Some(sql) = MIGRATIONS.get(current as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql).map_err(db("migrate the schema"))?;
        tx.pragma_update(None, "user_version", current + 1)
            .map_err(db("record the schema version"))?;
        tx.commit().map_err(db("commit a migration"))?;
        tracing::info!(version = current + 1, "sqlite schema migrated");
    }
}

pub(super) fn seed_tx(c: &mut Connection, seed: &Seed) -> Result<()> {
    let tx = write_tx(c)?;
    for q in &seed.queues {
        tx.execute(
            "INSERT OR IGNORE INTO queues (code, name) VALUES (?1, ?2)",
            params![q.code, q.name],
        )
        .map_err(db("seed queues"))?;
    }
    for w in &seed.workstations {
        tx.execute(
            "INSERT OR IGNORE INTO workstations (id, window_name, secret_hash) VALUES (?1, ?2, ?3)",
            params![w.id, w.window_name, w.secret_hash],
        )
        .map_err(db("seed workstations"))?;
    }
    for k in &seed.clerks {
        tx.execute(
            "INSERT OR IGNORE INTO clerks (id, name, roles, queues, secret_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![k.id, k.name, roles_json(&k.roles)?, queues_json(&k.queues)?, k.secret_hash],
        )
        .map_err(db("seed clerks"))?;
    }
    hall::seed_hall(&tx, seed)?;
    tx.commit().map_err(db("commit the seed"))
}
