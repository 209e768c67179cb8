//! Versioned migrations tracked in `PRAGMA user_version`.
//!
//! Hand-rolled on purpose: migration crates pull in their own `libsqlite3-sys`, and only one
//! may be linked beside SQLCipher.

use crate::StoreError;
use rusqlite::Connection;

/// Every migration, in order; the index + 1 is its version.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_cases.sql"),
    include_str!("../migrations/0002_catalog_versions.sql"),
    include_str!("../migrations/0003_decisions.sql"),
    include_str!("../migrations/0004_pages.sql"),
    include_str!("../migrations/0005_retention.sql"),
    include_str!("../migrations/0006_reference.sql"),
    include_str!("../migrations/0007_results.sql"),
    include_str!("../migrations/0008_audit.sql"),
    include_str!("../migrations/0009_page_count.sql"),
    include_str!("../migrations/0010_people.sql"),
    include_str!("../migrations/0011_outbox_kinds.sql"),
    include_str!("../migrations/0012_rating_codes.sql"),
    include_str!("../migrations/0013_print_failures.sql"),
    include_str!("../migrations/0014_result_holders.sql"),
    include_str!("../migrations/0015_paper_data.sql"),
    include_str!("../migrations/0016_training.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .and_then(|()| tx.pragma_update(None, "user_version", version))
            .map_err(|source| StoreError::Migration { version, source })?;
        tx.commit()?;
        tracing::info!(version, "local store migrated");
    }
    Ok(())
}
