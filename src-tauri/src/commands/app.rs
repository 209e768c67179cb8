//! The `app` domain: who and where, live status, start-up timing.

use crate::state::Shell;
use ow_desk::{AppInfo, StatusSnapshot};
use ow_error::ErrorBody;
use tauri::State;

/// Who and where the workstation is; fails with the start-up error when it refuses to serve.
#[tauri::command]
#[specta::specta]
pub fn app_info(shell: State<'_, Shell>) -> Result<AppInfo, ErrorBody> {
    Ok(shell.desk()?.info())
}

/// The top bar's current state (changes arrive as `StatusChanged` events).
#[tauri::command]
#[specta::specta]
pub fn status(shell: State<'_, Shell>) -> StatusSnapshot {
    // Waits for the desk, whose opening puts the first real snapshot in place.
    let _ = shell.desk();
    shell.status.borrow().clone()
}

/// Called by the UI once the clerk's screen is painted; the start-up benchmark reads the line.
#[tauri::command]
#[specta::specta]
pub fn ui_ready(shell: State<'_, Shell>) {
    let ms = shell.started.elapsed().as_millis();
    println!("OW_READY {ms}");
    tracing::info!(ms, "clerk screen painted");
    shell.first_paint.mark();
}
