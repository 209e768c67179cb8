//! Catalog versions kept on the workstation, so a restart offline still has the latest one.

use crate::{Store, StoreError};
use rusqlite::params;

/// One stored catalog version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCatalog {
    pub version: String,
    pub received_at: String,
    /// Where it came from, e.g. `backoffice` or `directory:/etc/onewindow/catalog`.
    pub source: String,
    /// The files as validated: (name relative to the catalog root, text).
    pub files: Vec<(String, String)>,
}

impl Store {
    /// Keeps a validated catalog version (replacing a stored copy of the same version).
    pub fn save_catalog(&self, c: &StoredCatalog) -> Result<(), StoreError> {
        let files = serde_json::to_string(&c.files)?;
        self.conn()?.execute(
            "INSERT OR REPLACE INTO catalog_versions (version, received_at, source, files)
             VALUES (?1, ?2, ?3, ?4)",
            params![c.version, c.received_at, c.source, files],
        )?;
        Ok(())
    }

    /// Stored versions, most recently received first.
    pub fn stored_catalogs(&self) -> Result<Vec<StoredCatalog>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT version, received_at, source, files FROM catalog_versions
             ORDER BY received_at DESC, version DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(version, received_at, source, files)| {
                Ok(StoredCatalog {
                    version,
                    received_at,
                    source,
                    files: serde_json::from_str(&files)?,
                })
            })
            .collect()
    }
}
