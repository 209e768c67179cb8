//! The `decisions` domain: the decision and its papers.

use crate::state::Shell;
use ow_case::CaseId;
use ow_desk::{CaseView, DecisionRequest, IssuedPaper, PaperEntry};
use ow_error::ErrorBody;
use tauri::State;

/// Accept, one-time notice or reject; refused with the reasons when not possible.
#[tauri::command]
#[specta::specta]
pub async fn case_decide(
    shell: State<'_, Shell>,
    id: CaseId,
    decision: DecisionRequest,
) -> Result<CaseView, ErrorBody> {
    Ok(shell.clerk()?.decide(id, decision)?)
}

/// The decided case's paper (made on first request).
#[tauri::command]
#[specta::specta]
pub async fn paper_issue(shell: State<'_, Shell>, id: CaseId) -> Result<IssuedPaper, ErrorBody> {
    Ok(shell.clerk()?.issue_paper(id)?)
}

/// A reprint (补打) of one paper.
#[tauri::command]
#[specta::specta]
pub async fn paper_reprint(shell: State<'_, Shell>, paper: u32) -> Result<IssuedPaper, ErrorBody> {
    Ok(shell.clerk()?.reprint_paper(paper)?)
}

/// One paper with its PDF.
#[tauri::command]
#[specta::specta]
pub async fn paper_get(shell: State<'_, Shell>, paper: u32) -> Result<IssuedPaper, ErrorBody> {
    Ok(shell.clerk()?.paper(paper)?)
}

/// Every paper of a case.
#[tauri::command]
#[specta::specta]
pub async fn paper_list(shell: State<'_, Shell>, id: CaseId) -> Result<Vec<PaperEntry>, ErrorBody> {
    Ok(shell.clerk()?.case_papers(id)?)
}

/// Prints the paper (sandbox: the preview is the print) and records the outcome.
#[tauri::command]
#[specta::specta]
pub async fn paper_print(shell: State<'_, Shell>, paper: u32) -> Result<PaperEntry, ErrorBody> {
    Ok(shell.clerk()?.print_paper(paper).await?)
}

/// 办事回执: one paper listing every decided item of the case's visit, with its own number.
#[tauri::command]
#[specta::specta]
pub async fn paper_visit_receipt(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<IssuedPaper, ErrorBody> {
    Ok(shell.clerk()?.issue_visit_receipt(id)?)
}
