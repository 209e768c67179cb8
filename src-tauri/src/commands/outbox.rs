//! The `outbox` domain: the top bar's count, the sync panel, the clerk's retry.

use crate::state::Shell;
use ow_case::CaseId;
use ow_desk::{OutboxItem, OutboxSummary};
use ow_error::ErrorBody;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn outbox_summary(shell: State<'_, Shell>) -> Result<OutboxSummary, ErrorBody> {
    Ok(shell.clerk()?.outbox_summary()?)
}

/// Failed, sending and waiting cases first, then the latest confirmed.
#[tauri::command]
#[specta::specta]
pub async fn outbox_list(
    shell: State<'_, Shell>,
    limit: u32,
) -> Result<Vec<OutboxItem>, ErrorBody> {
    Ok(shell.clerk()?.outbox_list(limit)?)
}

/// Sends a failed (or waiting) case now.
#[tauri::command]
#[specta::specta]
pub async fn outbox_retry(shell: State<'_, Shell>, id: CaseId) -> Result<OutboxItem, ErrorBody> {
    Ok(shell.clerk()?.outbox_retry(id)?)
}
