//! The PostgreSQL schema: migrations in order, one server at a time.

use super::pg;
use crate::error::BackofficeError;
use crate::storage::Result;
use deadpool_postgres::Object;

const MIGRATIONS: &[&str] = &[
    include_str!("../sql/postgres_0001.sql"),
    include_str!("../sql/postgres_0002.sql"),
    include_str!("../sql/postgres_0003.sql"),
    include_str!("../sql/postgres_0004.sql"),
    include_str!("../sql/postgres_0005.sql"),
    include_str!("../sql/postgres_0006.sql"),
    include_str!("../sql/postgres_0007.sql"),
];

/// Any fixed number: it only has to be the same for every server sharing a database.
const MIGRATION_LOCK: i64 = 0x6f77_626f;

/// `postgres://user:secret@host/db` → `postgres://***@host/db`, for error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_owned(),
    }
}

/// Brings the schema up to date in one transaction; a schema newer than this build is refused.
pub(super) async fn migrate(client: &mut Object) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let tx = client
        .transaction()
        .await
        .map_err(pg("start a migration"))?;
    // Servers starting together take turns; the second finds the work done.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(pg("lock the schema"))?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS ow_schema (version BIGINT NOT NULL)")
        .await
        .map_err(pg("create the schema table"))?;
    let current: i64 = tx
        .query_opt("SELECT max(version) FROM ow_schema", &[])
        .await
        .map_err(pg("read the schema version"))?
        .and_then(|r| r.try_get::<_, Option<i64>>(0).ok().flatten())
        .unwrap_or(0);
    if current > known {
        return Err(BackofficeError::SchemaTooNew {
            found: current,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.batch_execute(sql)
            .await
            .map_err(pg("migrate the schema"))?;
        tx.execute(
            "INSERT INTO ow_schema (version) VALUES ($1)",
            &[&(i as i64 + 1)],
        )
        .await
        .map_err(pg("record the schema version"))?;
        tracing::info!(version = i + 1, "postgres schema migrated");
    }
    tx.commit().await.map_err(pg("commit the migration"))
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://u:pw@h:5432/db"),
            "postgres://***@h:5432/db"
        );
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }
}
