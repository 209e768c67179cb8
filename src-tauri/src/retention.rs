//! Retention in the shell: purges expired cases a little after start-up (so the first screen
//! is not kept waiting) and then every hour.

use ow_desk::Desk;
use std::sync::Arc;
use std::time::Duration;

const FIRST_AFTER: Duration = Duration::from_secs(20);
const EVERY: Duration = Duration::from_secs(60 * 60);

pub fn spawn(desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_AFTER).await;
        loop {
            let d = Arc::clone(&desk);
            match tokio::task::spawn_blocking(move || d.purge_expired(chrono::Utc::now())).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    tracing::warn!(error = %ow_error::chain_message(&e), "retention: purge failed")
                }
                Err(e) => tracing::warn!(error = %e, "retention: purge task failed"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
