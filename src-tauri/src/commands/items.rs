//! The `items` domain: search the catalog, choose an item, answer situation questions.

use crate::state::Shell;
use ow_case::CaseId;
use ow_catalog::{AnswerValue, SearchHit};
use ow_desk::{CaseView, CatalogInfo};
use ow_error::ErrorBody;
use tauri::State;

/// Items matching what the clerk typed; with nothing typed, this window's frequent items.
#[tauri::command]
#[specta::specta]
pub async fn item_search(
    shell: State<'_, Shell>,
    query: String,
    limit: u32,
) -> Result<Vec<SearchHit>, ErrorBody> {
    Ok(shell.clerk()?.search_items(&query, limit)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_choose_item(
    shell: State<'_, Shell>,
    id: CaseId,
    code: String,
) -> Result<CaseView, ErrorBody> {
    Ok(shell.clerk()?.choose_item(id, &code)?)
}

/// Sets one situation answer (`null` clears it) and returns the re-evaluated case.
#[tauri::command]
#[specta::specta]
pub async fn case_answer(
    shell: State<'_, Shell>,
    id: CaseId,
    question: String,
    value: Option<AnswerValue>,
) -> Result<CaseView, ErrorBody> {
    Ok(shell.clerk()?.answer(id, question, value)?)
}

/// The case with its checklist, next questions, decision and promised date.
#[tauri::command]
#[specta::specta]
pub async fn case_view(shell: State<'_, Shell>, id: CaseId) -> Result<CaseView, ErrorBody> {
    Ok(shell.clerk()?.case_view(id)?)
}

/// The catalog in force, and the last refused one with its file, item and line.
#[tauri::command]
#[specta::specta]
pub async fn catalog_info(shell: State<'_, Shell>) -> Result<CatalogInfo, ErrorBody> {
    Ok(shell.clerk()?.catalog_info())
}
