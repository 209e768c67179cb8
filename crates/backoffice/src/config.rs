//! How a back office is started: mode, database, admin token, limits, and the hall's
//! sign-in rules (password policy, lockout).

use crate::error::BackofficeError;
use ow_api::LockoutPolicy;
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

/// What a person's password or PIN must look like: a hall setting. Checked when an account
/// is provisioned, never at sign-in (an account made under an older rule still signs in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// In characters (not bytes): a Chinese passphrase counts its characters.
    pub min_length: usize,
    /// At least one letter and one digit (a PIN of digits only is refused).
    pub require_letter_and_digit: bool,
}

/// Longer secrets are a paste accident, and each one costs an Argon2 run at every sign-in.
const MAX_SECRET_CHARS: usize = 128;

impl PasswordPolicy {
    /// The sandbox: PINs of four digits, so trainees can type the training PIN `0000`.
    pub const SANDBOX: Self = Self {
        min_length: 4,
        require_letter_and_digit: false,
    };

    /// A production hall: eight characters with a letter and a digit. Lockout alone makes a
    /// 4-digit PIN guessable in days across many accounts; this makes it impractical.
    pub const PRODUCTION: Self = Self {
        min_length: 8,
        require_letter_and_digit: true,
    };

    /// The rule in words, as the 422 answer states it.
    pub fn rule(&self) -> String {
        let n = self.min_length.max(1);
        if self.require_letter_and_digit {
            format!(
                "use {n} to {MAX_SECRET_CHARS} characters, with at least one letter and one digit"
            )
        } else {
            format!("use {n} to {MAX_SECRET_CHARS} characters")
        }
    }

    /// `Err` with [`Self::rule`] when `secret` breaks the policy.
    pub fn check(&self, secret: &str) -> Result<(), BackofficeError> {
        let len = secret.chars().count();
        let letters = secret.chars().any(char::is_alphabetic);
        let digits = secret.chars().any(|c| c.is_ascii_digit());
        let ok = (self.min_length.max(1)..=MAX_SECRET_CHARS).contains(&len)
            && !secret.chars().any(char::is_control)
            && (!self.require_letter_and_digit || (letters && digits));
        if ok {
            Ok(())
        } else {
            Err(BackofficeError::invalid("secret", self.rule()))
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
    /// What a person's password or PIN must look like.
    pub password_policy: PasswordPolicy,
    /// How many failed sign-ins lock an account, and for how long (kept in the database, so
    /// it holds across restarts and across servers sharing one PostgreSQL).
    pub lockout: LockoutPolicy,
    /// Where the ticket kiosks are: the kiosk page and its routes (no sign-in there) answer
    /// only these networks, so nobody elsewhere on the network can take the day's tickets.
    /// `None` answers everyone (the sandbox); the production default is nobody until set.
    pub kiosk_networks: Option<Vec<ipnet::IpNet>>,
}

/// The embedded sandbox back office's database file (see [`Config::embedded_sandbox`]).
pub const EMBEDDED_SANDBOX_FILE: &str = "sandbox-backoffice.db";

impl Config {
    /// An in-memory sandbox with its training seed and admin token.
    pub fn sandbox() -> Self {
        Self::new("sandbox", Database::Memory)
    }

    /// The back office a sandbox workstation runs inside itself: seeded, on a file in the
    /// workstation's data folder, so that after the app restarts it still has the forwarded
    /// cases and its results feed goes on from where the window's cursor stands.
    pub fn embedded_sandbox(data_dir: &std::path::Path) -> Self {
        Self::new(
            crate::seed::SANDBOX,
            Database::Sqlite(data_dir.join(EMBEDDED_SANDBOX_FILE)),
        )
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
            password_policy: if sandbox {
                PasswordPolicy::SANDBOX
            } else {
                PasswordPolicy::PRODUCTION
            },
            lockout: LockoutPolicy::default(),
            kiosk_networks: if sandbox { None } else { Some(Vec::new()) },
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

    #[test]
    fn production_wants_a_letter_and_a_digit_and_the_sandbox_takes_pins() {
        let prod = Config::new("production", Database::Memory).password_policy;
        let sandbox = Config::sandbox().password_policy;
        for bad in ["1234", "12345678", "abcdefgh", "abc123", ""] {
            let err = prod.check(bad).unwrap_err();
            assert!(
                matches!(&err, BackofficeError::Invalid { field: "secret", problem } if problem.contains("letter")),
                "{bad}: {err}"
            );
        }
        prod.check("window2025").unwrap();
        prod.check("窗口密码2025ab").unwrap();
        sandbox.check("0000").unwrap();
        assert!(sandbox.check("000").is_err());
        assert!(sandbox.check(&"1".repeat(129)).is_err());
        assert!(
            sandbox.check("12\u{7}34").is_err(),
            "control characters are refused"
        );
    }
}
