//! The `results` domain: the pickup list and the hand-over at the window.

use crate::state::Shell;
use ow_desk::{PickupEntry, ResultsSummary};
use ow_error::ErrorBody;
use tauri::State;

/// What is ready to hand out, and this window's cases returned for supplement.
#[tauri::command]
#[specta::specta]
pub async fn results_list(shell: State<'_, Shell>) -> Result<Vec<PickupEntry>, ErrorBody> {
    Ok(shell.clerk()?.pickup_list()?)
}

#[tauri::command]
#[specta::specta]
pub async fn results_summary(shell: State<'_, Shell>) -> Result<ResultsSummary, ErrorBody> {
    Ok(shell.clerk()?.results_summary()?)
}

/// Records that the citizen received the result here; returns the list without it.
#[tauri::command]
#[specta::specta]
pub async fn results_hand_out(
    shell: State<'_, Shell>,
    case_number: String,
) -> Result<Vec<PickupEntry>, ErrorBody> {
    let desk = shell.clerk_arc()?;
    shell.results.hand_out(&desk, &case_number).await?;
    Ok(desk.pickup_list()?)
}
