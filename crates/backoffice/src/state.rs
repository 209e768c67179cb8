//! What every handler shares.

use crate::auth::{token_hash, Principal, Throttle};
use crate::config::{Config, Limits};
use crate::error::BackofficeError;
use crate::storage::Storage;
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
    throttle: Throttle,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, config: &Config) -> Self {
        Self(Arc::new(Inner {
            storage,
            mode: config.mode.clone(),
            admin_token_hash: config.admin_token.as_deref().map(token_hash),
            limits: config.limits.clone(),
            session_ttl: config.session_ttl,
            throttle: Throttle::default(),
        }))
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

    pub(crate) fn throttle(&self) -> &Throttle {
        &self.0.throttle
    }

    pub(crate) fn admin_token_hash(&self) -> Option<&str> {
        self.0.admin_token_hash.as_deref()
    }

    /// The principal behind a token hash, or 401.
    pub(crate) async fn session(&self, hash: &str) -> Result<Principal, BackofficeError> {
        self.storage()
            .session(hash, crate::domain::now_ms())
            .await?
            .map(|s| s.principal)
            .ok_or(BackofficeError::Unauthorized)
    }
}
