//! The `identity` domain: reads put on the case, and the sandbox trainer's card controls.

use crate::state::Shell;
use ow_case::{CaseDraft, CaseId, PersonRole};
use ow_desk::NumberProblem;
use ow_desk::{GalleryCard, IdentityRead, MrzEntry, MrzKey};
use ow_error::ErrorBody;
use tauri::State;

/// Puts read `read_id` on the case as the applicant or the agent (代办人).
#[tauri::command]
#[specta::specta]
pub async fn identity_apply(
    shell: State<'_, Shell>,
    id: CaseId,
    read_id: u32,
    role: PersonRole,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.apply_identity(id, read_id, role)?)
}

/// The latest read, for a screen that opens after the card was read.
#[tauri::command]
#[specta::specta]
pub async fn identity_latest(shell: State<'_, Shell>) -> Result<Option<IdentityRead>, ErrorBody> {
    Ok(shell.clerk()?.identity().latest())
}

/// The MRZ the clerk typed (three fields): it opens the chip on the PC/SC reader.
#[tauri::command]
#[specta::specta]
pub async fn identity_chip_mrz(
    shell: State<'_, Shell>,
    entry: MrzEntry,
) -> Result<MrzKey, ErrorBody> {
    Ok(shell.clerk()?.chip_mrz(&entry)?)
}

/// What is wrong with a document number as the clerk types it (`None`: nothing).
#[tauri::command]
#[specta::specta]
pub async fn identity_check_number(
    shell: State<'_, Shell>,
    number: String,
) -> Result<Option<NumberProblem>, ErrorBody> {
    Ok(shell.clerk()?.check_typed_number(&number))
}

/// The fictional citizens a trainer can present (sandbox).
#[tauri::command]
#[specta::specta]
pub async fn identity_gallery() -> Result<Vec<GalleryCard>, ErrorBody> {
    Ok(ow_desk::identity::gallery_cards()?)
}

/// Sandbox: puts a fictional citizen's card on the virtual reader.
#[tauri::command]
#[specta::specta]
pub async fn identity_sim_present(shell: State<'_, Shell>, key: String) -> Result<(), ErrorBody> {
    Ok(shell.clerk()?.present_card(&key)?)
}

/// Sandbox: takes the card off the virtual reader.
#[tauri::command]
#[specta::specta]
pub async fn identity_sim_remove(shell: State<'_, Shell>) -> Result<(), ErrorBody> {
    Ok(shell.clerk()?.remove_card()?)
}
