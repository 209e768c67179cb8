//! Who is asking: bearer tokens, secret and PIN hashing, and the sign-in throttle.
//!
//! Tokens are random and stored only as SHA-256 hashes, so a copy of the database does not
//! let anyone sign in. Secrets and PINs are hashed with Argon2id because PINs are short.

use crate::error::BackofficeError;
use crate::state::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ow_api::{Actor, ActorKind, ClerkRole};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who a valid token stands for. Stored with the session so a request needs one lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    Workstation {
        id: String,
        name: String,
    },
    Clerk {
        id: String,
        name: String,
        role: ClerkRole,
        queues: Vec<String>,
    },
    Admin,
}

impl Principal {
    pub fn actor(&self) -> Actor {
        match self {
            Self::Workstation { id, .. } => Actor {
                kind: ActorKind::Workstation,
                id: id.clone(),
            },
            Self::Clerk { id, .. } => Actor {
                kind: ActorKind::Clerk,
                id: id.clone(),
            },
            Self::Admin => Actor {
                kind: ActorKind::Admin,
                id: "admin".into(),
            },
        }
    }

    pub fn workstation_id(&self) -> Option<&str> {
        match self {
            Self::Workstation { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn clerk_id(&self) -> Option<&str> {
        match self {
            Self::Clerk { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn clerk_role(&self) -> Option<ClerkRole> {
        match self {
            Self::Clerk { role, .. } => Some(*role),
            _ => None,
        }
    }

    /// Approvers work the queues they were given; shift leads work every queue.
    pub fn works_queue(&self, queue: &str) -> bool {
        match self {
            Self::Clerk {
                role: ClerkRole::Lead,
                ..
            } => true,
            Self::Clerk {
                role: ClerkRole::Approver,
                queues,
                ..
            } => queues.iter().any(|q| q == queue),
            _ => false,
        }
    }

    pub fn require_workstation(&self) -> Result<&str, BackofficeError> {
        self.workstation_id().ok_or(BackofficeError::Forbidden {
            needed: "a workstation session",
        })
    }

    pub fn require_admin(&self) -> Result<(), BackofficeError> {
        match self {
            Self::Admin => Ok(()),
            _ => Err(BackofficeError::Forbidden {
                needed: "the admin token",
            }),
        }
    }

    pub fn require_lead(&self) -> Result<(), BackofficeError> {
        match self.clerk_role() {
            Some(ClerkRole::Lead) => Ok(()),
            _ => Err(BackofficeError::Forbidden {
                needed: "a shift lead",
            }),
        }
    }

    /// Workstations and clerks may read case status; the admin token is for provisioning.
    pub fn require_hall_member(&self) -> Result<(), BackofficeError> {
        match self {
            Self::Admin => Err(BackofficeError::Forbidden {
                needed: "a workstation or clerk session",
            }),
            _ => Ok(()),
        }
    }
}

/// The authenticated caller; rejects with 401 before the handler runs.
pub struct Auth(pub Principal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = BackofficeError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(BackofficeError::Unauthorized)?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(BackofficeError::Unauthorized)?;
        let hash = token_hash(token);
        if state.admin_token_hash().is_some_and(|h| h == hash) {
            return Ok(Self(Principal::Admin));
        }
        state.session(&hash).await.map(Self)
    }
}

/// A fresh bearer token: 244 random bits from two v4 UUIDs.
pub fn new_token() -> String {
    format!(
        "owb_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

pub fn token_hash(token: &str) -> String {
    crate::domain::sha256_hex(token.as_bytes())
}

/// Argon2id in PHC format. CPU-heavy: call from a blocking thread.
pub fn hash_secret(secret: &str) -> Result<String, BackofficeError> {
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| BackofficeError::Internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| BackofficeError::Internal(format!("hashing: {e}")))
}

pub fn verify_secret(stored: &str, secret: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Counts failed sign-ins per id: five wrong PINs lock the id for a minute, which turns a
/// 10^4 PIN space from seconds of guessing into weeks.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const MAX_FAILURES: u32 = 5;
const LOCKOUT: Duration = Duration::from_secs(60);

impl Throttle {
    pub fn check(&self, id: &str) -> Result<(), BackofficeError> {
        let map = self
            .failures
            .lock()
            .map_err(|_| BackofficeError::Internal("throttle lock poisoned".into()))?;
        if let Some((n, last)) = map.get(id) {
            let elapsed = last.elapsed();
            if *n >= MAX_FAILURES && elapsed < LOCKOUT {
                return Err(BackofficeError::TooManyAttempts {
                    retry_after_seconds: (LOCKOUT - elapsed).as_secs().max(1),
                });
            }
        }
        Ok(())
    }

    pub fn failed(&self, id: &str) {
        if let Ok(mut map) = self.failures.lock() {
            // Bounded: an attacker cycling ids cannot grow the map forever.
            if map.len() > 10_000 {
                map.retain(|_, (_, last)| last.elapsed() < LOCKOUT);
            }
            let entry = map.entry(id.to_owned()).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= LOCKOUT {
                entry.0 = 0;
            }
            entry.0 += 1;
            entry.1 = Instant::now();
        }
    }

    pub fn succeeded(&self, id: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_verify_and_wrong_ones_do_not() {
        let h = hash_secret("1234").unwrap();
        assert!(verify_secret(&h, "1234"));
        assert!(!verify_secret(&h, "1235"));
        assert!(!verify_secret("garbage", "1234"));
    }

    #[test]
    fn five_failures_lock_the_id() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES {
            t.check("c1").unwrap();
            t.failed("c1");
        }
        assert!(matches!(
            t.check("c1"),
            Err(BackofficeError::TooManyAttempts { .. })
        ));
        assert!(t.check("c2").is_ok());
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
    }
}
