//! Store errors with stable codes.

use ow_error::ErrorCode;

/// What can go wrong with the local store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the local store at {path}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the local store's key is wrong or the file is not a database")]
    WrongKeyOrNotADatabase,
    #[error("the local store was written by a newer version (schema {found}, this build knows {supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("migration {version} failed")]
    Migration {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
    #[error("a stored case could not be read")]
    CorruptRecord(#[from] serde_json::Error),
    #[error("no case with id {0}")]
    NotFound(String),
    #[error("could not replace the unencrypted store with its encrypted copy: {0}")]
    Replace(String),
    #[error("a previous store operation panicked; restart the application")]
    Poisoned,
    #[error("the local store was made for {found} and this app runs in {running}")]
    WrongMode { found: String, running: String },
    #[error("local store error")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn classify_first_read(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Self::WrongKeyOrNotADatabase,
            _ => Self::Sqlite(e),
        }
    }
}

impl ErrorCode for StoreError {
    fn code(&self) -> &'static str {
        match self {
            Self::Open { .. } => "store.open_failed",
            Self::WrongKeyOrNotADatabase => "store.wrong_key",
            Self::SchemaTooNew { .. } => "store.schema_too_new",
            Self::Migration { .. } => "store.migration_failed",
            Self::CorruptRecord(_) => "store.corrupt_record",
            Self::NotFound(_) => "store.not_found",
            Self::Replace(_) => "store.encrypt_failed",
            Self::Poisoned => "store.poisoned",
            Self::WrongMode { .. } => "store.wrong_mode",
            Self::Sqlite(_) => "store.sqlite",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Open { path, .. } => Some(serde_json::json!({ "path": path })),
            Self::SchemaTooNew { found, supported } => {
                Some(serde_json::json!({ "found": found, "supported": supported }))
            }
            Self::Migration { version, .. } => Some(serde_json::json!({ "version": version })),
            Self::WrongMode { found, running } => {
                Some(serde_json::json!({ "found": found, "running": running }))
            }
            _ => None,
        }
    }
}
