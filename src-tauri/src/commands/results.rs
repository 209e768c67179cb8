//! The `results` domain: the pickup list, the hand-over at the window, and the supplement
//! for a returned case.

use crate::state::Shell;
use ow_case::{CaseDraft, CaseId};
use ow_desk::{CaseView, CollectorProof, HandOutDone, PickupEntry, ResultsSummary};
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

/// Hands the result to the collector here (their ID checked against the case, or the reason
/// recorded); it goes to the back office through the outbox. Returns the list without it and
/// the collection record (领取凭证) to print and have signed.
#[tauri::command]
#[specta::specta]
pub async fn results_hand_out(
    shell: State<'_, Shell>,
    case_number: String,
    collector: CollectorProof,
) -> Result<HandOutDone, ErrorBody> {
    let desk = shell.clerk()?;
    let done = desk.hand_out(&case_number, &collector)?;
    Ok(HandOutDone {
        list: desk.pickup_list()?,
        record: done.record,
    })
}

/// Opens the supplement (补正) for a case its department returned (the open one if there is
/// one): the same item and answers, the pages still to scan.
#[tauri::command]
#[specta::specta]
pub async fn results_start_supplement(
    shell: State<'_, Shell>,
    case_number: String,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.start_supplement(&case_number)?)
}

/// Sends the supplement's pages to the back office through the outbox, once.
#[tauri::command]
#[specta::specta]
pub async fn case_send_supplement(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<CaseView, ErrorBody> {
    Ok(shell.clerk()?.send_supplement(id)?)
}
