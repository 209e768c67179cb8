//! `tracing` to a daily rolling file that prunes itself, plus stderr. Personal data never
//! reaches here in clear: the PII newtypes mask themselves when formatted.

use crate::startup::Boot;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// Installs the subscriber; keep the guard alive until exit so the last lines are flushed.
pub fn init(boot: &Boot) -> Option<WorkerGuard> {
    let (filter, keep) = boot
        .config
        .as_ref()
        .ok()
        .map(|c| (c.logging.filter.clone(), c.logging.keep_days))
        .unwrap_or_else(|| ("info".into(), 30));
    let filter =
        EnvFilter::try_from_env("ONEWINDOW_LOG").unwrap_or_else(|_| EnvFilter::new(filter));
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let appender = std::fs::create_dir_all(&boot.log_dir).ok().and_then(|()| {
        Builder::new()
            .rotation(Rotation::DAILY)
            .filename_prefix("onewindow")
            .filename_suffix("log")
            .max_log_files(keep.max(1))
            .build(&boot.log_dir)
            .ok()
    });
    match appender {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer);
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .with(file)
                .try_init();
            Some(guard)
        }
        None => {
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .try_init();
            tracing::warn!(dir = %boot.log_dir.display(), "log folder unavailable; logging to stderr only");
            None
        }
    }
}
