//! The workstation's side of the back-office link: the health check the top bar shows, and
//! the [`Forwarder`] that drains the outbox (`forwarder.rs`, calls in `intake.rs`).

mod backoff;
mod forwarder;
mod intake;
mod lead;
mod notices;
mod people;
mod reference;
mod results;
mod session;
mod tickets;

pub use backoff::Backoff;
pub use forwarder::{DrainStats, Forwarder, ForwarderSettings};
pub use intake::{Failure, MAX_RETRY_AFTER};
pub use people::SignInRefusal;
pub use reference::{Fetched, ReferenceKind};
pub use session::{SessionFailure, WorkstationSession};

use ow_api::{Health, Mode, API_PREFIX};
use ow_error::ErrorCode;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;

/// Errors talking to the back office.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the back office at {url} cannot be reached")]
    Unreachable {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("the back office answered {status}")]
    Status { status: u16 },
    #[error("the back office runs in {found} mode but this workstation is in {expected} mode")]
    WrongMode { expected: String, found: String },
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("the back office refused this workstation's sign-in ({status}): {code}: {message}")]
    SignInRefused {
        status: u16,
        /// The back office's stable code, e.g. `backoffice.bad_credentials`.
        code: String,
        message: String,
    },
    #[error("the outbox cannot be read or written")]
    Store(#[from] ow_store::StoreError),
}

impl ErrorCode for SyncError {
    fn code(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "sync.unreachable",
            Self::Status { .. } => "sync.bad_status",
            Self::WrongMode { .. } => "sync.wrong_mode",
            Self::Client(_) => "sync.client",
            Self::SignInRefused { .. } => "sync.sign_in_refused",
            Self::Store(_) => "sync.store",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::SignInRefused { status, code, .. } => {
                Some(serde_json::json!({ "status": status, "backoffice_code": code }))
            }
            Self::WrongMode { expected, found } => {
                Some(serde_json::json!({ "expected": expected, "found": found }))
            }
            _ => None,
        }
    }
}

/// The link state the top bar shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// Not checked yet.
    Checking,
    Online,
    /// Unreachable or unhealthy; the stable error code says why.
    Offline {
        code: String,
    },
}

/// Timeouts and connection reuse of a [`BackofficeClient`].
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// For a whole request, body included.
    pub request_timeout: Duration,
    /// Keep connections open between requests (off: one connection per request).
    pub reuse_connections: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(3),
            request_timeout: Duration::from_secs(10),
            reuse_connections: true,
        }
    }
}

/// A client for one back office.
#[derive(Clone)]
pub struct BackofficeClient {
    base: String,
    mode: Mode,
    http: reqwest::Client,
}

impl BackofficeClient {
    /// A client for `base` (e.g. `http://127.0.0.1:4100`), expecting the server's `mode`.
    pub fn new(base: &str, mode: Mode) -> Result<Self, SyncError> {
        Self::with_options(base, mode, ClientOptions::default())
    }

    /// [`BackofficeClient::new`] with other timeouts.
    pub fn with_options(base: &str, mode: Mode, opts: ClientOptions) -> Result<Self, SyncError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.request_timeout);
        if !opts.reuse_connections {
            builder = builder.pool_max_idle_per_host(0);
        }
        let http = builder.build().map_err(SyncError::Client)?;
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            mode,
            http,
        })
    }

    /// Checks the server is up and in the same mode as the workstation (a sandbox must never
    /// forward to production, nor the other way round).
    pub async fn health(&self) -> Result<Health, SyncError> {
        let url = format!("{}{API_PREFIX}/health", self.base);
        let resp = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|source| SyncError::Unreachable {
                url: url.clone(),
                source,
            })?;
        if !resp.status().is_success() {
            return Err(SyncError::Status {
                status: resp.status().as_u16(),
            });
        }
        let health: Health = resp
            .json()
            .await
            .map_err(|source| SyncError::Unreachable { url, source })?;
        if health.mode != self.mode.as_str() {
            return Err(SyncError::WrongMode {
                expected: self.mode.as_str().to_owned(),
                found: health.mode,
            });
        }
        Ok(health)
    }

    /// The health check folded into the state the top bar shows.
    pub async fn link_state(&self) -> LinkState {
        match self.health().await {
            Ok(_) => LinkState::Online,
            Err(e) => LinkState::Offline {
                code: e.code().to_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_backoffice::{spawn, ServerInfo};

    #[tokio::test]
    async fn online_when_the_server_answers_in_our_mode() {
        let addr = spawn(
            "127.0.0.1:0".parse().unwrap(),
            ServerInfo {
                mode: "sandbox".into(),
            },
        )
        .await
        .unwrap();
        let c = BackofficeClient::new(&format!("http://{addr}"), Mode::Sandbox).unwrap();
        assert_eq!(c.link_state().await, LinkState::Online);
    }

    #[tokio::test]
    async fn a_server_in_the_other_mode_is_refused() {
        let addr = spawn(
            "127.0.0.1:0".parse().unwrap(),
            ServerInfo {
                mode: "production".into(),
            },
        )
        .await
        .unwrap();
        let c = BackofficeClient::new(&format!("http://{addr}"), Mode::Sandbox).unwrap();
        assert_eq!(
            c.link_state().await,
            LinkState::Offline {
                code: "sync.wrong_mode".into()
            }
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_offline() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let c = BackofficeClient::new(&format!("http://{addr}"), Mode::Sandbox).unwrap();
        assert_eq!(
            c.link_state().await,
            LinkState::Offline {
                code: "sync.unreachable".into()
            }
        );
    }
}
