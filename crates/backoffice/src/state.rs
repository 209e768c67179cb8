//! What every handler shares.

use crate::auth::{token_hash, Principal};
use crate::config::{Config, Limits, PasswordPolicy};
use crate::error::BackofficeError;
use crate::storage::{LockoutStep, SessionRecord, Storage};
use ow_api::{Admission, LockoutPolicy};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The server's shared state: cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    storage: Arc<dyn Storage>,
    mode: String,
    admin_token_hash: Option<String>,
    limits: Limits,
    session_ttl: Duration,
    password_policy: PasswordPolicy,
    lockout: LockoutPolicy,
    kiosk_networks: Option<Vec<ipnet::IpNet>>,
    secret_checks: AtomicU64,
    /// One figures report at a time per server (a year is a million rows).
    reports: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, config: &Config) -> Self {
        Self(Arc::new(Inner {
            storage,
            mode: config.mode.clone(),
            admin_token_hash: config.admin_token.as_deref().map(token_hash),
            limits: config.limits.clone(),
            session_ttl: config.session_ttl,
            password_policy: config.password_policy,
            lockout: config.lockout,
            kiosk_networks: config.kiosk_networks.clone(),
            secret_checks: AtomicU64::new(0),
            reports: tokio::sync::Semaphore::new(1),
        }))
    }

    /// The permit a figures report holds while it is worked out.
    pub fn reports(&self) -> &tokio::sync::Semaphore {
        &self.0.reports
    }

    pub fn storage(&self) -> &dyn Storage {
        self.0.storage.as_ref()
    }

    pub fn mode(&self) -> &str {
        &self.0.mode
    }

    pub fn limits(&self) -> &Limits {
        &self.0.limits
    }

    pub(crate) fn session_ttl(&self) -> Duration {
        self.0.session_ttl
    }

    /// How many sign-in secrets this server has verified since it started (each an Argon2
    /// run). What the lockout bounds: an operator reading it against the sign-ins sees guessing,
    /// and the tests see that a burst of guesses got no more than its allowance.
    pub fn secret_checks(&self) -> u64 {
        self.0.secret_checks.load(Ordering::Relaxed)
    }

    pub(crate) fn count_secret_check(&self) {
        self.0.secret_checks.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn password_policy(&self) -> &PasswordPolicy {
        &self.0.password_policy
    }

    /// One lockout step for `key` at the current time: `Err(TooManyAttempts)` when locked.
    pub(crate) async fn lockout(
        &self,
        key: &str,
        step: LockoutStep,
    ) -> Result<(), BackofficeError> {
        self.lockout_with(key, step, self.0.lockout).await
    }

    /// [`AppState::lockout`] under another policy (the kiosk's check-in guesses).
    pub(crate) async fn lockout_with(
        &self,
        key: &str,
        step: LockoutStep,
        policy: ow_api::LockoutPolicy,
    ) -> Result<(), BackofficeError> {
        let now = crate::domain::now_ms();
        match self.storage().lockout(key, step, policy, now).await? {
            Admission::Go => Ok(()),
            Admission::Locked { retry_after_secs } => Err(BackofficeError::TooManyAttempts {
                retry_after_seconds: retry_after_secs,
            }),
        }
    }

    /// Whether a kiosk route may answer a caller at `addr` (see `Config::kiosk_networks`).
    pub(crate) fn kiosk_allows(
        &self,
        addr: Option<std::net::IpAddr>,
    ) -> Result<(), BackofficeError> {
        let Some(networks) = &self.0.kiosk_networks else {
            return Ok(());
        };
        let addr = addr.map(|a| match a {
            std::net::IpAddr::V6(v6) => v6
                .to_ipv4_mapped()
                .map_or(std::net::IpAddr::V6(v6), std::net::IpAddr::V4),
            v4 => v4,
        });
        if addr.is_some_and(|a| networks.iter().any(|n| n.contains(&a))) {
            Ok(())
        } else {
            Err(BackofficeError::KioskNotAllowed)
        }
    }

    pub(crate) fn admin_token_hash(&self) -> Option<&str> {
        self.0.admin_token_hash.as_deref()
    }

    /// The principal behind a token hash, or 401.
    pub(crate) async fn session(&self, hash: &str) -> Result<Principal, BackofficeError> {
        self.session_record(hash).await.map(|s| s.principal)
    }

    /// The live session behind a token hash, or 401 once it was ended or has expired.
    pub(crate) async fn session_record(
        &self,
        hash: &str,
    ) -> Result<SessionRecord, BackofficeError> {
        self.storage()
            .session(hash, crate::domain::now_ms())
            .await?
            .ok_or(BackofficeError::Unauthorized)
    }
}
