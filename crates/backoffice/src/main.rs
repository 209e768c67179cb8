//! `ow-backoffice`: the back-office server for a hall.
//!
//! ```text
//! ow-backoffice --listen 0.0.0.0:4100 --database postgres://ow@db/backoffice --mode production
//! ```
//! The admin token comes from `--admin-token` or `OW_BACKOFFICE_ADMIN_TOKEN`.

use clap::Parser;
use ow_backoffice::{open, serve_until, Config, Database, LockoutPolicy};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "ow-backoffice",
    version,
    about = "OneWindow back-office queue server"
)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:4100")]
    listen: SocketAddr,
    /// `sqlite::memory:`, `sqlite:PATH` or `postgres://user@host/db`.
    #[arg(long, default_value = "sqlite:backoffice.db")]
    database: String,
    /// `production` or `sandbox` (sandbox seeds training accounts).
    #[arg(long, default_value = "production")]
    mode: String,
    /// Token for provisioning and reference uploads.
    #[arg(long, env = "OW_BACKOFFICE_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Largest accepted blob, in MiB.
    #[arg(long, default_value_t = 32)]
    blob_limit_mib: usize,
    /// PostgreSQL connections.
    #[arg(long, default_value_t = 16)]
    pool_size: usize,
    /// Shortest password or PIN, in characters [default: 8 in production, 4 in the sandbox].
    #[arg(long, env = "OW_BACKOFFICE_PASSWORD_MIN_LENGTH")]
    password_min_length: Option<usize>,
    /// Whether a password needs a letter and a digit [default: true in production, false in
    /// the sandbox].
    #[arg(long, env = "OW_BACKOFFICE_PASSWORD_LETTER_AND_DIGIT")]
    password_letter_and_digit: Option<bool>,
    /// Failed sign-ins within the window that lock an account.
    #[arg(long, env = "OW_BACKOFFICE_LOCKOUT_MAX_FAILURES", default_value_t = LockoutPolicy::default().max_failures)]
    lockout_max_failures: u32,
    /// The window failed sign-ins are counted in, in seconds.
    #[arg(long, env = "OW_BACKOFFICE_LOCKOUT_WINDOW_SECS", default_value_t = LockoutPolicy::default().window_secs)]
    lockout_window_secs: u32,
    /// The first lock, in seconds; each further lock without a successful sign-in doubles it.
    #[arg(long, env = "OW_BACKOFFICE_LOCKOUT_SECS", default_value_t = LockoutPolicy::default().lock_secs)]
    lockout_secs: u32,
    /// The longest lock, in seconds.
    #[arg(long, env = "OW_BACKOFFICE_LOCKOUT_MAX_SECS", default_value_t = LockoutPolicy::default().max_lock_secs)]
    lockout_max_secs: u32,
    /// The networks the ticket kiosks are on (e.g. `10.20.0.0/24,10.20.1.7/32`): the kiosk page
    /// and its routes answer nobody else. Unset: no kiosk (sandbox: any address).
    #[arg(long, env = "OW_BACKOFFICE_KIOSK_NETWORKS", value_delimiter = ',')]
    kiosk_networks: Option<Vec<ipnet::IpNet>>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let body = ow_error::ErrorBody::from_error(&e);
            eprintln!("ow-backoffice: {body}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), ow_backoffice::BackofficeError> {
    let database: Database = args.database.parse()?;
    let mut config = Config::new(&args.mode, database);
    if args.admin_token.is_some() {
        config.admin_token = args.admin_token;
    }
    if config.admin_token.is_none() {
        tracing::warn!("no admin token: provisioning and reference uploads are disabled");
    }
    config.limits.blob_bytes = args.blob_limit_mib.saturating_mul(1024 * 1024);
    config.pg_pool_size = args.pool_size;
    if let Some(n) = args.password_min_length {
        config.password_policy.min_length = n;
    }
    if let Some(b) = args.password_letter_and_digit {
        config.password_policy.require_letter_and_digit = b;
    }
    config.lockout = LockoutPolicy {
        max_failures: args.lockout_max_failures,
        window_secs: args.lockout_window_secs,
        lock_secs: args.lockout_secs,
        max_lock_secs: args.lockout_max_secs,
    };
    if let Some(networks) = args.kiosk_networks {
        config.kiosk_networks = Some(networks);
    }
    let state = open(config).await?;
    serve_until(args.listen, state, shutdown()).await
}

/// Ctrl-C, or SIGTERM from a service manager: finish open requests, then exit.
async fn shutdown() {
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
