//! Keeps the device bar's printer entry true: asks the printer on a background task at
//! start-up (never holding the window up), after each print, and every minute so a printer
//! switched back on shows ready again. The sandbox preview needs no asking.

use crate::monitor::StatusChanged;
use ow_desk::{Desk, DeviceKind, StatusSnapshot};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::watch;

const RECHECK: Duration = Duration::from_secs(60);

pub fn spawn(app: AppHandle, desk: Arc<Desk>, tx: watch::Sender<StatusSnapshot>) {
    if desk.config().devices.printer == ow_config::Devices::SIM {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let wake = desk.printer_wake();
        loop {
            let state = desk.printer_state().await;
            if tx.send_if_modified(|s| s.set_device(DeviceKind::Printer, state.clone())) {
                tracing::info!(?state, "printer state changed");
                let _ = StatusChanged(tx.borrow().clone()).emit(&app);
            }
            // Woken by a print, or the periodic look.
            let _ = tokio::time::timeout(RECHECK, wake.notified()).await;
        }
    });
}
