//! The workstation's local store.
//!
//! One SQLite file (SQLCipher when a key is given) in WAL mode with a busy timeout, migrated
//! by numbered SQL files in `migrations/` tracked in `PRAGMA user_version`. A database written
//! by a newer schema is refused rather than guessed at: an older build could otherwise damage
//! a newer one's data.

mod audit;
mod blobs;
mod cases;
mod catalogs;
mod decisions;
mod encrypt;
mod error;
mod migrate;
mod outbox;
mod pages;
mod papers;
mod people;
mod ratings;
mod reference;
mod results;
mod retention;
mod training;

pub use audit::AuditRecord;
pub use catalogs::StoredCatalog;
pub use decisions::{DecisionTx, NewOutboxEntry, NewPaper};
pub use error::StoreError;
pub use migrate::SCHEMA_VERSION;
pub use outbox::{
    OutboxCounts, OutboxEntry, OutboxJob, OutboxListing, KIND_CASE, KIND_HAND_OUT, KIND_NOTICE,
    KIND_NOTICE_CARRIED, KIND_RATING, KIND_RATING_INVITE, KIND_SUPPLEMENT, KIND_TICKET_SERVED,
};
pub use pages::{BlobRef, NewPage, StoredPage};
pub use papers::PaperRecord;
pub use people::KnownPerson;
pub use reference::StoredCalendarYear;
pub use results::ResultRow;
pub use retention::{PurgeReport, PurgedCase};
pub use training::{TrainingRunRow, WindowReset};

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// A 256-bit database key (held in the OS keyring by the shell).
#[derive(Clone)]
pub struct DbKey([u8; 32]);

impl DbKey {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    pub(crate) fn pragma_value(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("\"x'{hex}'\"")
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(***)")
    }
}

/// The local store. Cheap to share behind an `Arc`; calls are serialized on one connection,
/// which is plenty for one clerk and keeps SQLite's locking out of the picture.
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating when missing) the store at `path`, keyed with `key` when given.
    /// A plaintext store met with a key is encrypted in place first.
    pub fn open(path: &Path, key: Option<&DbKey>) -> Result<Self, StoreError> {
        let open = || {
            Connection::open(path).map_err(|e| StoreError::Open {
                path: path.display().to_string(),
                source: e,
            })
        };
        match (Self::init(open()?, key, true), key) {
            (Err(StoreError::WrongKeyOrNotADatabase), Some(key)) if encrypt::is_plaintext(path) => {
                encrypt::encrypt_in_place(path, key)?;
                Self::init(open()?, Some(key), true)
            }
            (result, _) => result,
        }
    }

    /// An in-memory store, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            path: ":memory:".into(),
            source: e,
        })?;
        Self::init(conn, None, false)
    }

    fn init(conn: Connection, key: Option<&DbKey>, wal: bool) -> Result<Self, StoreError> {
        if let Some(key) = key {
            conn.execute_batch(&format!("PRAGMA key = {};", key.pragma_value()))?;
        }
        // The first real read is where SQLCipher notices a wrong key.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(StoreError::classify_first_read)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        if wal {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // FULL: a power cut after a commit must not lose the commit.
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted rows (purged cases) are overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        let mut conn = conn;
        migrate::run(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
}

#[cfg(test)]
mod outbox_tests;
#[cfg(test)]
mod tests;
