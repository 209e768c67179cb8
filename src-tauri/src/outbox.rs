//! The outbox in the shell: runs the forwarder as a background task once the back office is
//! known, and tells the UI (`OutboxChanged`) whenever the counts change.

use ow_desk::{Desk, OutboxSummary};
use ow_sync::{BackofficeClient, Forwarder, ForwarderSettings};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;

/// The event the top bar and the sync panel listen to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct OutboxChanged(pub OutboxSummary);

/// Counting is one small query: a second is quick enough for the clerk and costs nothing.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Starts the forwarder on `client`'s back office.
pub fn start_forwarder(desk: &Desk, client: BackofficeClient) {
    let cfg = desk.config();
    let settings = ForwarderSettings::new(
        &cfg.window.workstation_id,
        &cfg.backoffice.workstation_secret,
    );
    let forwarder = Forwarder::new(desk.shared_store(), client, settings, desk.outbox_wake());
    tauri::async_runtime::spawn(forwarder.run());
}

/// Emits `OutboxChanged` whenever the counts differ from the last ones sent.
pub fn spawn_reporter(app: AppHandle, desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        let mut last: Option<OutboxSummary> = None;
        loop {
            match desk.outbox_summary() {
                Ok(s) if last != Some(s) => {
                    last = Some(s);
                    let _ = OutboxChanged(s).emit(&app);
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %ow_error::chain_message(&e), "outbox: cannot count")
                }
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}
