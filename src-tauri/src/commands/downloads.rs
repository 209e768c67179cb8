//! Files a person asks to keep (the lead's figures, a trainee's report): saved in their
//! downloads folder (the documents folder, or the app's own, when there is none).

use ow_error::ErrorBody;
use tauri::{AppHandle, Manager};

/// Writes `bytes` as `name` in the person's downloads folder; the file's path. A failure is
/// `code` (the domain's own, translated in the UI).
pub fn save(app: &AppHandle, name: &str, bytes: &[u8], code: &str) -> Result<String, ErrorBody> {
    let paths = app.path();
    let dir = paths
        .download_dir()
        .or_else(|_| paths.document_dir())
        .or_else(|_| paths.app_data_dir())
        .map_err(|e| ErrorBody::new(code, format!("no folder to save in: {e}")))?;
    let path = dir.join(name);
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, bytes))
        .map_err(|e| ErrorBody::new(code, format!("cannot write {}: {e}", path.display())))?;
    Ok(path.display().to_string())
}
