//! The `hall` domain: the shift lead's view of the whole hall. Needs the `lead` role here and
//! at the back office, which checks the person's own token.

use crate::state::Shell;
use chrono::NaiveDate;
use ow_api::{
    AtRisk, ClerkRole, Figures, FiguresFormat, HallNow, Overview, ReassignRequest, Ticket,
    TransferRequest,
};
use ow_desk::OpenDraft;
use ow_error::ErrorBody;
use tauri::{AppHandle, State};

/// The hall at a glance: each queue's and window's cases, the longest wait.
#[tauri::command]
#[specta::specta]
pub async fn hall_overview(shell: State<'_, Shell>) -> Result<Overview, ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    client.overview(&token).await.map_err(|f| f.to_error_body())
}

/// What the lead chases: promised dates near or past, five-day clocks running out, owed
/// materials past their day, returned cases waiting for the citizen.
#[tauri::command]
#[specta::specta]
pub async fn hall_at_risk(shell: State<'_, Shell>) -> Result<AtRisk, ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    client.at_risk(&token).await.map_err(|f| f.to_error_body())
}

/// The floor now: every window with who sits there and the ticket and case in hand, each
/// service group's line, the waiting tickets.
#[tauri::command]
#[specta::specta]
pub async fn hall_now(shell: State<'_, Shell>) -> Result<HallNow, ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    client.hall_now(&token).await.map_err(|f| f.to_error_body())
}

/// Moves a waiting ticket to another service group or one window, with the reason.
#[tauri::command]
#[specta::specta]
pub async fn hall_move_ticket(
    shell: State<'_, Shell>,
    id: String,
    request: TransferRequest,
) -> Result<Ticket, ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    client
        .move_ticket(&token, &id, &request)
        .await
        .map_err(|f| f.to_error_body())
}

/// Sends a case still with its department (queued or in review) to another queue, with the
/// reason: a misrouted case. The console asks for the hall again to show where it went.
#[tauri::command]
#[specta::specta]
pub async fn hall_move_case(
    shell: State<'_, Shell>,
    case_number: String,
    request: ReassignRequest,
) -> Result<(), ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    client
        .reassign_case(&token, &case_number, &request)
        .await
        .map(|_| ())
        .map_err(|f| f.to_error_body())
}

/// The hall's figures for hall days `from..=to`, worked out by the back office.
#[tauri::command]
#[specta::specta]
pub async fn hall_figures(
    shell: State<'_, Shell>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Figures, ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    client
        .figures(&token, from, to)
        .await
        .map_err(|f| f.to_error_body())
}

/// Saves the figures as a workbook or CSV in the person's downloads folder (the documents
/// folder, or the app's own, when there is none); the file's path.
#[tauri::command]
#[specta::specta]
pub async fn hall_figures_export(
    app: AppHandle,
    shell: State<'_, Shell>,
    from: NaiveDate,
    to: NaiveDate,
    format: FiguresFormat,
) -> Result<String, ErrorBody> {
    let (client, token) = lead_link(&shell)?;
    let bytes = client
        .figures_export(&token, from, to, format)
        .await
        .map_err(|f| f.to_error_body())?;
    // The time of the export in the name: a second export of the same days keeps the first.
    let name = format!(
        "全厅统计-{}-{}-{}.{}",
        from.format("%Y%m%d"),
        to.format("%Y%m%d"),
        chrono::Local::now().format("%H%M%S"),
        format.extension()
    );
    crate::commands::downloads::save(&app, &name, &bytes, "hall.export_failed")
}

/// The back office and the lead's own token: the lead's lists are asked for as the lead.
fn lead_link(shell: &Shell) -> Result<(ow_sync::BackofficeClient, String), ErrorBody> {
    let desk = shell.desk_for(ClerkRole::Lead)?;
    let token = desk.person_token()?.ok_or_else(|| {
        ErrorBody::new(
            "auth.needs_online_sign_in",
            "the hall view needs a sign-in made while the back office was reachable",
        )
    })?;
    let client = shell.results.client_now().ok_or_else(|| {
        ErrorBody::new("sync.unreachable", "the back office is not connected yet")
    })?;
    Ok((client, token))
}

/// The work left open on this workstation, everyone's: a clerk who left keeps their cases, and
/// the lead sees whose work waits.
#[tauri::command]
#[specta::specta]
pub async fn hall_open_drafts(shell: State<'_, Shell>) -> Result<Vec<OpenDraft>, ErrorBody> {
    Ok(shell.desk_for(ClerkRole::Lead)?.open_drafts_here(100)?)
}
