//! Keeps the device bar's scanner entry true: lists the SANE devices on a blocking thread a
//! moment after start-up (libsane and USB discovery stay off the first paint's path), then
//! follows what each scan found.

use crate::monitor::StatusChanged;
use ow_desk::{Desk, DeviceKind, StatusSnapshot};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::watch;

const FIRST_AFTER: Duration = Duration::from_secs(3);
/// Reading the last scan's outcome is one mutex: cheap enough to look often.
const LOOK_EVERY: Duration = Duration::from_millis(500);

pub fn spawn(app: AppHandle, desk: Arc<Desk>, tx: watch::Sender<StatusSnapshot>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_AFTER).await;
        let d = Arc::clone(&desk);
        if let Ok(state) = tokio::task::spawn_blocking(move || d.scanner_state()).await {
            publish(&app, &tx, state);
        }
        loop {
            tokio::time::sleep(LOOK_EVERY).await;
            if let Some(state) = desk.scanner_observed() {
                publish(&app, &tx, state);
            }
        }
    });
}

fn publish(app: &AppHandle, tx: &watch::Sender<StatusSnapshot>, state: ow_desk::DeviceState) {
    if tx.send_if_modified(|s| s.set_device(DeviceKind::Scanner, state.clone())) {
        tracing::info!(?state, "scanner state changed");
        let _ = StatusChanged(tx.borrow().clone()).emit(app);
    }
}
