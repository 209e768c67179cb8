//! The `rating` domain (好差评): the clerk asks the citizen to rate the visit; the citizen's
//! screen shows the waiting visit and sends the grade. Submitting needs no person's role (the
//! citizen is nobody's account) but a visit the clerk asked for.

use crate::state::Shell;
use ow_desk::{RatingInput, VisitToRate};
use ow_error::ErrorBody;
use tauri::State;

/// The clerk turns the screen to the citizen for this visit (a visit without a ticket: its
/// ticket typed from the paper, or none).
#[tauri::command]
#[specta::specta]
pub fn rating_request(
    shell: State<'_, Shell>,
    ticket: Option<String>,
    cases: Vec<String>,
) -> Result<VisitToRate, ErrorBody> {
    Ok(shell.clerk()?.request_rating(ticket, cases)?)
}

/// The visit waiting for the citizen's rating, if any.
#[tauri::command]
#[specta::specta]
pub fn rating_pending(shell: State<'_, Shell>) -> Result<Option<VisitToRate>, ErrorBody> {
    Ok(shell.desk()?.rating_pending()?)
}

/// The citizen's grade (and, for a 差评, reasons): into the outbox, once.
#[tauri::command]
#[specta::specta]
pub fn rating_submit(shell: State<'_, Shell>, input: RatingInput) -> Result<(), ErrorBody> {
    shell.desk()?.submit_rating(input)?;
    Ok(())
}

/// The citizen did not want to rate.
#[tauri::command]
#[specta::specta]
pub fn rating_skip(shell: State<'_, Shell>) -> Result<(), ErrorBody> {
    Ok(shell.desk()?.skip_rating()?)
}
