//! The back office: the server that department queues live in (前台综合收件、后台分类审批、
//! 统一窗口出件). Windows forward cases here; approvers claim and decide; results flow back to
//! the windows through a change feed.
//!
//! - [`spawn`] runs an in-memory sandbox on loopback (the desktop app's embedded back office);
//! - [`open`] + [`serve`] run any [`Config`] (SQLite file or PostgreSQL), as the
//!   `ow-backoffice` binary does;
//! - [`router`] / [`app`] give the axum router for embedding.
//!
//! Map: `routes/` (HTTP), `domain.rs` (state machine, validation), `storage/` (one trait,
//! SQLite and PostgreSQL), `auth.rs`, `openapi.rs`, `error.rs`.

mod auth;
pub mod calling;
mod config;
mod domain;
mod error;
mod extract;
mod figures;
mod figures_export;
mod floor;
mod openapi;
mod risk;
mod routes;
pub mod seed;
mod state;
pub mod storage;
#[cfg(unix)]
pub mod testing;
pub mod tickets;

pub use config::{Config, Database, Limits, PasswordPolicy, EMBEDDED_SANDBOX_FILE};
pub use error::BackofficeError;
pub use openapi::document as openapi_document;
pub use ow_api::LockoutPolicy;
pub use state::AppState;

use axum::Router;
use ow_api::Health;
use std::net::SocketAddr;
use std::sync::Arc;
use storage::{PostgresStorage, SqliteStorage, Storage};

/// How the embedded server was started.
#[derive(Debug, Clone)]
pub struct ServerInfo {
    /// `sandbox` or `production`.
    pub mode: String,
}

impl ServerInfo {
    pub fn sandbox() -> Self {
        Self {
            mode: seed::SANDBOX.into(),
        }
    }
}

impl From<ServerInfo> for Config {
    /// An in-memory database; the sandbox also gets its training seed and admin token.
    fn from(info: ServerInfo) -> Self {
        Config::new(&info.mode, Database::Memory)
    }
}

/// Opens the database (migrating it), seeds the sandbox, and returns the shared state.
pub async fn open(config: Config) -> Result<AppState, BackofficeError> {
    let storage: Arc<dyn Storage> = match &config.database {
        Database::Memory => Arc::new(SqliteStorage::open(None)?),
        Database::Sqlite(path) => {
            let path = path.clone();
            Arc::new(tokio::task::spawn_blocking(move || SqliteStorage::open(Some(&path))).await??)
        }
        Database::Postgres(url) => {
            Arc::new(PostgresStorage::connect(url, config.pg_pool_size).await?)
        }
    };
    if config.is_sandbox() {
        let seed = tokio::task::spawn_blocking(seed::sandbox_seed).await??;
        storage.apply_seed(seed).await?;
    }
    tracing::info!(backend = storage.backend(), mode = %config.mode, "back office opened");
    Ok(AppState::new(storage, &config))
}

/// The whole HTTP application over `state`: every route, JSON errors for unknown routes.
pub fn app(state: AppState) -> Router {
    let (router, _) = routes::api(state.limits()).split_for_parts();
    router
        .merge(routes::kiosk::pages())
        .merge(routes::ratings::pages())
        .fallback(|| async { BackofficeError::NoSuchRoute })
        .method_not_allowed_fallback(|| async { BackofficeError::MethodNotAllowed })
        .with_state(state)
}

/// The HTTP routes over a fresh in-memory database (seeded in sandbox mode).
///
/// Opening an in-memory SQLite database does not fail in practice; if it does, the router
/// still answers health checks, with status `unavailable`, and every other route with 500.
pub fn router(info: ServerInfo) -> Router {
    let config = Config::from(info);
    let opened = SqliteStorage::open(None).and_then(|s| {
        if config.is_sandbox() {
            s.apply_seed_blocking(&seed::sandbox_seed()?)?;
        }
        Ok(s)
    });
    match opened {
        Ok(s) => app(AppState::new(Arc::new(s), &config)),
        Err(e) => {
            tracing::error!(error = %ow_error::chain_message(&e), "the embedded back office cannot open its database");
            let health = Health {
                status: "unavailable".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                mode: config.mode,
            };
            Router::new()
                .route(
                    &format!("{}/health", ow_api::API_PREFIX),
                    axum::routing::get(move || {
                        let h = health.clone();
                        async move { axum::Json(h) }
                    }),
                )
                .fallback(|| async {
                    BackofficeError::Internal("the database is unavailable".into())
                })
        }
    }
}

async fn bind(addr: SocketAddr) -> Result<(tokio::net::TcpListener, SocketAddr), BackofficeError> {
    let bind_err = |source| BackofficeError::Bind {
        addr: addr.to_string(),
        source,
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(bind_err)?;
    let bound = listener.local_addr().map_err(bind_err)?;
    Ok((listener, bound))
}

/// Binds `addr` (port 0 picks a free one) and serves `state` in a background task.
/// Returns the bound address; the task runs until the runtime stops.
pub async fn serve(addr: SocketAddr, state: AppState) -> Result<SocketAddr, BackofficeError> {
    let (listener, bound) = bind(addr).await?;
    let app = app(state);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        {
            tracing::error!(error = %e, "back office stopped");
        }
    });
    tracing::info!(%bound, "back office listening");
    Ok(bound)
}

/// [`serve`] that can be stopped: serves in a background task until `shutdown` completes,
/// then finishes open requests. The task ends once the server has let go of `state` (and so of
/// its database): a test can then open another server on the same data, as after a restart.
pub async fn serve_with_shutdown(
    addr: SocketAddr,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), BackofficeError> {
    let (listener, bound) = bind(addr).await?;
    let app = app(state);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        {
            tracing::error!(error = %e, "back office stopped");
        }
    });
    tracing::info!(%bound, "back office listening");
    Ok((bound, task))
}

/// Serves in the foreground until `shutdown` completes, then finishes open requests.
pub async fn serve_until(
    addr: SocketAddr,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), BackofficeError> {
    let (listener, bound) = bind(addr).await?;
    tracing::info!(%bound, "back office listening");
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|source| BackofficeError::Bind {
        addr: bound.to_string(),
        source,
    })
}

/// The embedded back office: an in-memory database on `addr`, seeded in sandbox mode.
pub async fn spawn(addr: SocketAddr, info: ServerInfo) -> Result<SocketAddr, BackofficeError> {
    let state = open(Config::from(info)).await?;
    serve(addr, state).await
}

/// [`spawn`] for any configuration (e.g. an SQLite file for an embedded production office).
pub async fn spawn_with(addr: SocketAddr, config: Config) -> Result<SocketAddr, BackofficeError> {
    let state = open(config).await?;
    serve(addr, state).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_api::API_PREFIX;
    use ow_error::ErrorCode;

    #[tokio::test]
    async fn health_answers_over_real_http() {
        let addr = spawn(
            "127.0.0.1:0".parse().unwrap(),
            ServerInfo {
                mode: "sandbox".into(),
            },
        )
        .await
        .unwrap();
        let h: Health = reqwest::get(format!("http://{addr}{API_PREFIX}/health"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(h.status, "ok");
        assert_eq!(h.mode, "sandbox");
    }

    #[tokio::test]
    async fn a_taken_port_is_a_clear_error() {
        let first = spawn("127.0.0.1:0".parse().unwrap(), ServerInfo::sandbox())
            .await
            .unwrap();
        let err = spawn(first, ServerInfo::sandbox()).await.unwrap_err();
        assert_eq!(err.code(), "backoffice.bind_failed");
    }

    #[tokio::test]
    async fn the_sync_router_is_seeded() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router(ServerInfo::sandbox())).await });
        let resp = reqwest::Client::new()
            .post(format!("http://{addr}{API_PREFIX}/auth/clerk"))
            .json(&serde_json::json!({"clerk_id": seed::LEAD, "pin": seed::PIN}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
    }
}
