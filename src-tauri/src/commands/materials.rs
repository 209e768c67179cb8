//! The `materials` domain: the checklist lines' marks and pages — scan, import, turn,
//! reorder, delete, accept with a reason. Scanning, importing and turning block (libsane,
//! decoding, checks), so they run on a blocking thread, never on the async runtime's.

use crate::state::Shell;
use ow_case::{CaseId, LineMark};
use ow_desk::{Desk, DeskError, MaterialsView};
use ow_error::ErrorBody;
use tauri::State;

/// Runs desk work that blocks (libsane, imports, image work) off the async runtime, as the clerk.
pub(crate) async fn blocking<T: Send + 'static>(
    shell: &Shell,
    f: impl FnOnce(&Desk) -> Result<T, DeskError> + Send + 'static,
) -> Result<T, ErrorBody> {
    let desk = shell.clerk_arc()?;
    tauri::async_runtime::spawn_blocking(move || f(&desk))
        .await
        .map_err(|_| ErrorBody::from(DeskError::ScanAborted))?
        .map_err(ErrorBody::from)
}

/// The case with every page of its checklist lines.
#[tauri::command]
#[specta::specta]
pub async fn materials_get(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<MaterialsView, ErrorBody> {
    Ok(shell.clerk()?.materials(id)?)
}

/// Takes the pages the visit's other items already have for the same materials.
#[tauri::command]
#[specta::specta]
pub async fn materials_share_visit(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<MaterialsView, ErrorBody> {
    Ok(shell.clerk()?.share_visit_pages(id)?)
}

/// Records a line's mark (received, defective with a reason, 容缺, data check, pending).
#[tauri::command]
#[specta::specta]
pub async fn case_mark_line(
    shell: State<'_, Shell>,
    id: CaseId,
    line: String,
    mark: LineMark,
) -> Result<MaterialsView, ErrorBody> {
    Ok(shell.clerk()?.mark_line(id, line, mark)?)
}

/// Scans from this window's scanner into a line; pages are checked and stored.
#[tauri::command]
#[specta::specta]
pub async fn materials_scan(
    shell: State<'_, Shell>,
    id: CaseId,
    line: String,
) -> Result<MaterialsView, ErrorBody> {
    blocking(&shell, move |d| d.scan_into_line(id, line)).await
}

/// Stops the scan in flight (Esc while scanning); false when none was running.
#[tauri::command]
#[specta::specta]
pub async fn materials_cancel_scan(shell: State<'_, Shell>) -> Result<bool, ErrorBody> {
    Ok(shell.clerk()?.cancel_scan())
}

/// Imports a file's bytes (picked or dropped in the window) into a line.
#[tauri::command]
#[specta::specta]
pub async fn materials_import(
    shell: State<'_, Shell>,
    id: CaseId,
    line: String,
    file_name: Option<String>,
    bytes: Vec<u8>,
) -> Result<MaterialsView, ErrorBody> {
    blocking(&shell, move |d| {
        d.import_into_line(id, line, file_name, bytes)
    })
    .await
}

/// Turns a page clockwise by 90, 180 or 270 degrees and checks it again.
#[tauri::command]
#[specta::specta]
pub async fn materials_rotate_page(
    shell: State<'_, Shell>,
    id: CaseId,
    page: String,
    clockwise_deg: u16,
) -> Result<MaterialsView, ErrorBody> {
    blocking(&shell, move |d| d.rotate_page(id, page, clockwise_deg)).await
}

#[tauri::command]
#[specta::specta]
pub async fn materials_delete_page(
    shell: State<'_, Shell>,
    id: CaseId,
    page: String,
) -> Result<MaterialsView, ErrorBody> {
    Ok(shell.clerk()?.delete_page(id, page)?)
}

/// Moves a page to position `to` within its line.
#[tauri::command]
#[specta::specta]
pub async fn materials_move_page(
    shell: State<'_, Shell>,
    id: CaseId,
    page: String,
    to: u32,
) -> Result<MaterialsView, ErrorBody> {
    Ok(shell.clerk()?.move_page(id, page, to)?)
}

/// Keeps a page the checks held up, with the clerk's reason.
#[tauri::command]
#[specta::specta]
pub async fn materials_accept_page(
    shell: State<'_, Shell>,
    id: CaseId,
    page: String,
    reason: String,
) -> Result<MaterialsView, ErrorBody> {
    Ok(shell.clerk()?.accept_page(id, page, reason)?)
}

/// One page in full (a data URL), for the zoomed view.
#[tauri::command]
#[specta::specta]
pub async fn materials_page_image(
    shell: State<'_, Shell>,
    id: CaseId,
    page: String,
) -> Result<String, ErrorBody> {
    blocking(&shell, move |d| d.page_image(id, &page)).await
}
