//! Who is asking: bearer tokens, roles, and secret and PIN hashing. (The sign-in lockout is
//! in storage, so it holds across restarts and across back-office instances: see
//! [`crate::storage::LockoutStep`].)
//!
//! Tokens are random and stored only as SHA-256 hashes, so a copy of the database does not
//! let anyone sign in. Secrets and PINs are hashed with Argon2id because PINs are short.

use crate::error::BackofficeError;
use crate::state::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ow_api::{Actor, ActorKind, ClerkRole};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

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
        roles: Vec<ClerkRole>,
        queues: Vec<String>,
    },
    Admin,
}

/// Shift leads work every queue; approvers the queues they were given. Shared by the
/// session check and by reassignment, which asks it of the person a case is given to.
pub fn may_work(roles: &[ClerkRole], queues: &[String], queue: &str) -> bool {
    roles.contains(&ClerkRole::Lead)
        || (roles.contains(&ClerkRole::Approver) && queues.iter().any(|q| q == queue))
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

    /// Whether a person holds `role` (never true for a workstation or the admin token).
    pub fn has_role(&self, role: ClerkRole) -> bool {
        matches!(self, Self::Clerk { roles, .. } if roles.contains(&role))
    }

    /// Approvers work the queues they were given; shift leads work every queue.
    pub fn works_queue(&self, queue: &str) -> bool {
        match self {
            Self::Clerk { roles, queues, .. } => may_work(roles, queues, queue),
            _ => false,
        }
    }

    pub fn require_workstation(&self) -> Result<&str, BackofficeError> {
        self.workstation_id().ok_or(BackofficeError::Forbidden {
            needed: "a workstation session",
        })
    }

    /// The admin token, or a person with the admin role.
    pub fn require_admin(&self) -> Result<(), BackofficeError> {
        if matches!(self, Self::Admin) || self.has_role(ClerkRole::Admin) {
            return Ok(());
        }
        Err(BackofficeError::Forbidden {
            needed: "the admin token or an administrator",
        })
    }

    pub fn require_lead(&self) -> Result<(), BackofficeError> {
        if self.has_role(ClerkRole::Lead) {
            return Ok(());
        }
        Err(BackofficeError::Forbidden {
            needed: "a shift lead",
        })
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
        let hash = token_hash(bearer(&parts.headers)?);
        if state.admin_token_hash().is_some_and(|h| h == hash) {
            return Ok(Self(Principal::Admin));
        }
        state.session(&hash).await.map(Self)
    }
}

/// The token of an `Authorization: Bearer <token>` header, or 401. The scheme's case does
/// not matter (RFC 7235: `bearer` and `BEARER` are the same scheme).
pub fn bearer(headers: &HeaderMap) -> Result<&str, BackofficeError> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or(BackofficeError::Unauthorized)
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

/// Verifies `secret` against an account's hash. An unknown account (`None`) is verified
/// against a throwaway hash and fails: it takes as long as a wrong secret, so timing does not
/// tell which ids exist.
pub fn verify_account(stored: Option<&str>, secret: &str) -> bool {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    match stored {
        Some(h) => verify_secret(h, secret),
        None => {
            if let Some(h) = DUMMY.get_or_init(|| hash_secret("not-an-account").ok()) {
                verify_secret(h, secret);
            }
            false
        }
    }
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

#[cfg(test)]
mod tests {
    use axum::http::{header::AUTHORIZATION, HeaderMap, HeaderValue};

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_nothing_else_passes() {
        for ok in [
            "Bearer owb_x",
            "bearer owb_x",
            "BEARER owb_x",
            "Bearer  owb_x ",
        ] {
            assert_eq!(bearer(&with(ok)).unwrap(), "owb_x", "{ok}");
        }
        for bad in [
            "Basic owb_x",
            "Bearer",
            "Bearer ",
            "Bearerowb_x",
            "owb_x",
            "Token owb_x",
        ] {
            assert!(bearer(&with(bad)).is_err(), "{bad}");
        }
        assert!(bearer(&HeaderMap::new()).is_err());
    }

    use super::*;

    #[test]
    fn secrets_verify_and_wrong_ones_do_not() {
        let h = hash_secret("1234").unwrap();
        assert!(verify_secret(&h, "1234"));
        assert!(!verify_secret(&h, "1235"));
        assert!(!verify_secret("garbage", "1234"));
        assert!(verify_account(Some(&h), "1234"));
        assert!(!verify_account(None, "1234"));
    }

    fn person(roles: &[ClerkRole], queues: &[&str]) -> Principal {
        Principal::Clerk {
            id: "p".into(),
            name: "p".into(),
            roles: roles.to_vec(),
            queues: queues.iter().map(|q| (*q).to_owned()).collect(),
        }
    }

    #[test]
    fn leads_work_every_queue_and_approvers_their_own() {
        let lead = person(&[ClerkRole::Clerk, ClerkRole::Lead], &[]);
        let approver = person(&[ClerkRole::Approver], &["huzheng"]);
        let clerk = person(&[ClerkRole::Clerk], &["huzheng"]);
        assert!(lead.works_queue("shuiwu") && lead.require_lead().is_ok());
        assert!(approver.works_queue("huzheng") && !approver.works_queue("shuiwu"));
        assert!(approver.require_lead().is_err());
        // Queues without the approver role give nothing.
        assert!(!clerk.works_queue("huzheng"));
    }

    #[test]
    fn the_admin_token_or_an_administrator_provisions() {
        assert!(Principal::Admin.require_admin().is_ok());
        assert!(person(&[ClerkRole::Admin], &[]).require_admin().is_ok());
        assert!(person(&[ClerkRole::Lead], &[]).require_admin().is_err());
        let ws = Principal::Workstation {
            id: "w".into(),
            name: "w".into(),
        };
        assert!(ws.require_admin().is_err() && !ws.has_role(ClerkRole::Admin));
        // A person with the admin role is still a person of the hall.
        assert!(person(&[ClerkRole::Admin], &[])
            .require_hall_member()
            .is_ok());
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
    }
}
