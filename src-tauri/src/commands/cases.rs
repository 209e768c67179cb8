//! The `cases` domain: create, autosave, list, resume, carry a notice on.

use crate::state::Shell;
use ow_case::{CaseDraft, CaseEdit, CaseId, CaseSummary};
use ow_desk::{OpenNotice, OwedCase};
use ow_error::ErrorBody;
use tauri::State;

/// Another item for the same visit: the same ticket, applicant, agent and green channel.
#[tauri::command]
#[specta::specta]
pub async fn case_add_visit_item(
    shell: State<'_, Shell>,
    from: CaseId,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.add_visit_item(from)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_create(
    shell: State<'_, Shell>,
    ticket: Option<String>,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.create_case(ticket)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_update(
    shell: State<'_, Shell>,
    id: CaseId,
    edit: CaseEdit,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.update_case(id, edit)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_get(shell: State<'_, Shell>, id: CaseId) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.case(id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_recent(
    shell: State<'_, Shell>,
    limit: u32,
) -> Result<Vec<CaseSummary>, ErrorBody> {
    Ok(shell.clerk()?.recent_cases(limit)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_resume(shell: State<'_, Shell>) -> Result<Option<CaseDraft>, ErrorBody> {
    Ok(shell.clerk()?.resume()?)
}

/// The one-time notices issued here to the case's applicant that no case carries on yet.
#[tauri::command]
#[specta::specta]
pub async fn case_open_notices(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<Vec<OpenNotice>, ErrorBody> {
    Ok(shell.clerk()?.open_notices(id)?)
}

/// Continues a notice in this case: its answers and the lines it had received, with pages.
#[tauri::command]
#[specta::specta]
pub async fn case_continue_notice(
    shell: State<'_, Shell>,
    id: CaseId,
    notice: CaseId,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.continue_notice(id, notice)?)
}

/// The case's applicant's cases accepted here that still owe materials (容缺).
#[tauri::command]
#[specta::specta]
pub async fn case_owed_cases(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<Vec<OwedCase>, ErrorBody> {
    Ok(shell.clerk()?.owed_cases(id)?)
}

/// Makes this case the supplement that brings what `accepted` owes.
#[tauri::command]
#[specta::specta]
pub async fn case_take_owed(
    shell: State<'_, Shell>,
    id: CaseId,
    accepted: CaseId,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.take_owed(id, accepted)?)
}
