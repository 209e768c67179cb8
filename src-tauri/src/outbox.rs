//! The outbox in the shell: runs the forwarder as a background task once the back office is
//! known, and tells the UI (`OutboxChanged`) whenever the counts change.

use ow_desk::{Desk, OutboxSummary};
use ow_sync::{Forwarder, ForwarderSettings, WorkstationSession};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;

/// The event the top bar and the sync panel listen to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct OutboxChanged(pub OutboxSummary);

/// Counting is one small query: a second is quick enough for the clerk and costs nothing.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Starts the forwarder on the workstation's shared back-office session.
pub fn start_forwarder(desk: &Arc<Desk>, session: Arc<WorkstationSession>) {
    let cfg = desk.config();
    let settings = ForwarderSettings::new(
        &cfg.window.workstation_id,
        &cfg.backoffice.workstation_secret,
    );
    let forwarder =
        Forwarder::with_session(desk.shared_store(), session, settings, desk.outbox_wake());
    let mut blocked = forwarder.blocked();
    tauri::async_runtime::spawn(forwarder.run());
    // The reporter below picks the reason up with the counts.
    let desk = Arc::clone(desk);
    tauri::async_runtime::spawn(async move {
        while blocked.changed().await.is_ok() {
            desk.set_outbox_blocked(blocked.borrow_and_update().as_ref());
        }
    });
}

/// Emits `OutboxChanged` whenever the counts differ from the last ones sent.
pub fn spawn_reporter(app: AppHandle, desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        let mut last: Option<OutboxSummary> = None;
        loop {
            match desk.outbox_summary() {
                Ok(s) if last.as_ref() != Some(&s) => {
                    last = Some(s.clone());
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
