//! Encrypting a store that was written before it had a key.
//!
//! Early sandbox builds kept the store unkeyed. When such a file meets a key, its contents are
//! exported into a keyed copy that then replaces it, so a trainer's cases survive the switch
//! and no plaintext copy stays behind.

use crate::{DbKey, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// True when `path` opens without a key: a plaintext SQLite file.
pub(crate) fn is_plaintext(path: &Path) -> bool {
    Connection::open(path)
        .and_then(|c| {
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .is_ok()
}

/// Rewrites the plaintext store at `path` as a SQLCipher file keyed with `key`.
pub(crate) fn encrypt_in_place(path: &Path, key: &DbKey) -> Result<(), StoreError> {
    let tmp = sibling(path, "encrypting");
    remove_if_present(&tmp)?;
    {
        let plain = Connection::open(path)?;
        let version: i64 = plain.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let target = tmp.to_string_lossy().replace('\'', "''");
        // The key is hex from `DbKey`, so formatting it into the statement is safe.
        plain.execute_batch(&format!(
            "ATTACH DATABASE '{target}' AS enc KEY {key};
             SELECT sqlcipher_export('enc');
             PRAGMA enc.user_version = {version};
             DETACH DATABASE enc;",
            key = key.pragma_value()
        ))?;
        // Fold the plaintext WAL into the file so nothing is left in a side file to delete.
        plain.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    }
    for side in ["wal", "shm"] {
        remove_if_present(&sibling(path, side))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| StoreError::Replace(e.to_string()))?;
    tracing::info!("local store encrypted in place");
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-");
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::Replace(e.to_string())),
    }
}
