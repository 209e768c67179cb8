//! How a back office is started: mode, database, admin token, limits.

use crate::error::BackofficeError;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Where the back office keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A private in-memory SQLite database: the sandbox default; gone at exit.
    Memory,
    /// An SQLite file (WAL mode).
    Sqlite(PathBuf),
    /// A PostgreSQL URL, e.g. `postgres://ow@db.hall.local/backoffice`.
    Postgres(String),
}

impl FromStr for Database {
    type Err = BackofficeError;

    /// `sqlite::memory:`, `sqlite:PATH`, or `postgres://…` / `postgresql://…`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "sqlite::memory:" || s == "memory" {
            Ok(Self::Memory)
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Self::Postgres(s.to_owned()))
        } else if let Some(path) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(BackofficeError::BadDatabase {
                    database: s.to_owned(),
                    problem: "give a file path after sqlite:".into(),
                });
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else {
            Err(BackofficeError::BadDatabase {
                database: crate::storage::redact(s),
                problem: "use sqlite::memory:, sqlite:PATH or postgres://…".into(),
            })
        }
    }
}

/// Request size limits. A body over its limit is refused with 413 before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// JSON requests (cases, decisions, sign-in).
    pub json_bytes: usize,
    /// One scanned page or attachment.
    pub blob_bytes: usize,
    /// The catalog or the calendar.
    pub reference_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            json_bytes: 1024 * 1024,
            blob_bytes: 32 * 1024 * 1024,
            reference_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Everything [`crate::open`] needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sandbox` seeds training data; anything else (`production`) seeds nothing.
    pub mode: String,
    pub database: Database,
    /// The token that may provision workstations, clerks and queues and upload reference
    /// data. Without one, nobody can.
    pub admin_token: Option<String>,
    pub limits: Limits,
    pub session_ttl: Duration,
    /// PostgreSQL connections kept open.
    pub pg_pool_size: usize,
}

impl Config {
    /// An in-memory sandbox with its training seed and admin token.
    pub fn sandbox() -> Self {
        Self::new("sandbox", Database::Memory)
    }

    pub fn new(mode: &str, database: Database) -> Self {
        let sandbox = mode == crate::seed::SANDBOX;
        Self {
            mode: mode.to_owned(),
            database,
            admin_token: sandbox.then(|| crate::seed::ADMIN_TOKEN.to_owned()),
            limits: Limits::default(),
            session_ttl: Duration::from_secs(12 * 3600),
            pg_pool_size: 16,
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.mode == crate::seed::SANDBOX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_parse() {
        assert_eq!(
            "sqlite::memory:".parse::<Database>().unwrap(),
            Database::Memory
        );
        assert_eq!(
            "sqlite:/var/lib/ow/bo.db".parse::<Database>().unwrap(),
            Database::Sqlite("/var/lib/ow/bo.db".into())
        );
        assert!(matches!(
            "postgres://u@h/db".parse::<Database>().unwrap(),
            Database::Postgres(_)
        ));
        assert!("mysql://x".parse::<Database>().is_err());
        assert!("sqlite:".parse::<Database>().is_err());
    }
}
