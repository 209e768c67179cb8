//! The `tickets` domain: the hall's queue at this window (叫号). F12 calls the next ticket and
//! opens its case; recall, no-show, transfer, pause. The queue is the back office's: these
//! commands need it reachable (offline, the clerk types the number from the paper ticket).

use crate::state::Shell;
use ow_api::{HallSetup, Ticket, TicketState, TransferRequest, WindowState};
use ow_desk::{CalledCase, Desk};
use ow_error::ErrorBody;
use tauri::State;

/// Finishes the ticket this window serves, reporting the visit's cases; a ticket only called
/// whose cases were decided is started first (the clerk went straight to work). Returns the
/// ticket still open at the window, if any (called, nobody came yet).
async fn finish_current(shell: &Shell, desk: &Desk) -> Result<Option<Ticket>, ErrorBody> {
    let window = shell
        .results
        .call(|c, t| async move { c.window_state(&t).await })
        .await?;
    let Some(current) = window.current else {
        return Ok(None);
    };
    // The back office's clock called it; the cases carry this workstation's. Sign-in refuses
    // more skew than this, and a ticket number does not come back within it.
    let skew = chrono::Duration::seconds(
        i64::try_from(desk.config().auth.max_clock_skew_seconds).unwrap_or(300),
    );
    let since = current.called_at.unwrap_or(current.issued_at) - skew;
    let cases = desk.visit_case_numbers(&current.number, since)?;
    let id = current.id.clone();
    if current.state == TicketState::Called {
        if cases.is_empty() {
            return Ok(Some(current));
        }
        shell
            .results
            .call(|c, t| {
                let id = id.clone();
                async move { c.start_ticket(&t, &id).await }
            })
            .await?;
    }
    shell
        .results
        .call(|c, t| {
            let (id, cases) = (id.clone(), cases.clone());
            async move { c.finish_ticket(&t, &id, cases).await }
        })
        .await?;
    // The visit is over: the citizen rates it while the next one is called.
    if !cases.is_empty() {
        desk.request_rating(Some(current.number.clone()), cases)?;
    }
    Ok(None)
}

/// This window's calling state: paused or not, and its current ticket.
#[tauri::command]
#[specta::specta]
pub async fn ticket_window(shell: State<'_, Shell>) -> Result<WindowState, ErrorBody> {
    shell.clerk()?;
    shell
        .results
        .call(|c, t| async move { c.window_state(&t).await })
        .await
}

/// The hall's service groups and windows (for a transfer).
#[tauri::command]
#[specta::specta]
pub async fn ticket_setup(shell: State<'_, Shell>) -> Result<HallSetup, ErrorBody> {
    shell.clerk()?;
    shell
        .results
        .call(|c, t| async move { c.hall_setup(&t).await })
        .await
}

/// Asks the back office for this window's next ticket, for `clerk`.
async fn call_next_for(shell: &Shell, clerk: &str) -> Result<ow_api::Called, ErrorBody> {
    shell
        .results
        .call(|c, t| {
            let clerk = clerk.to_owned();
            async move { c.call_next(&t, &clerk).await }
        })
        .await
}

/// F12: finishes the visit being served, calls the next ticket and opens its case.
#[tauri::command]
#[specta::specta]
pub async fn ticket_call_next(shell: State<'_, Shell>) -> Result<CalledCase, ErrorBody> {
    let desk = shell.clerk()?;
    let clerk = desk.require(ow_api::ClerkRole::Clerk)?.id;
    finish_current(&shell, desk).await?;
    let called = call_next_for(&shell, &clerk).await?;
    let case = match &called.ticket {
        Some(ticket) => Some(desk.open_case_for_ticket(ticket)?),
        None => None,
    };
    Ok(CalledCase { called, case })
}

/// Checks in, at this window, the appointment of the citizen whose ID card was read into case
/// `id` (实名预约, they came straight to the window): the back office gives the ticket to
/// this window, which calls it at once; the case takes the ticket and, when it has no item
/// yet, the item and answers the appointment brought. The visit being served ends first, as
/// with F12.
#[tauri::command]
#[specta::specta]
pub async fn ticket_check_in(
    shell: State<'_, Shell>,
    id: ow_case::CaseId,
) -> Result<CalledCase, ErrorBody> {
    let desk = shell.clerk()?;
    let clerk = desk.require(ow_api::ClerkRole::Clerk)?.id;
    let id_number = desk.check_in_id_number(id)?;
    finish_current(&shell, desk).await?;
    let ticket = shell
        .results
        .call(|c, t| {
            let id_number = id_number.clone();
            async move { c.check_in_by_id(&t, &id_number).await }
        })
        .await?;
    let called = call_next_for(&shell, &clerk).await?;
    // The ticket is this window's own; another one transferred here earlier may still come
    // first, and then opens its own case as F12 would.
    let case = match &called.ticket {
        Some(t) if t.id == ticket.id => Some(desk.apply_ticket(id, t)?),
        Some(t) => Some(desk.open_case_for_ticket(t)?),
        None => None,
    };
    Ok(CalledCase { called, case })
}

/// Ends the visit without calling anyone (the clerk takes a break or hands over).
#[tauri::command]
#[specta::specta]
pub async fn ticket_finish(shell: State<'_, Shell>) -> Result<Option<Ticket>, ErrorBody> {
    let desk = shell.clerk()?;
    finish_current(&shell, desk).await
}

async fn on_ticket(
    shell: &Shell,
    id: String,
    action: fn(ow_sync::BackofficeClient, String, String) -> TicketFuture,
) -> Result<Ticket, ErrorBody> {
    shell.clerk()?;
    shell.results.call(|c, t| action(c, t, id.clone())).await
}

type TicketFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Ticket, ow_sync::Failure>> + Send>>;

/// Calls the ticket again (the citizen did not come yet).
#[tauri::command]
#[specta::specta]
pub async fn ticket_recall(shell: State<'_, Shell>, id: String) -> Result<Ticket, ErrorBody> {
    on_ticket(&shell, id, |c, t, id| {
        Box::pin(async move { c.recall(&t, &id).await })
    })
    .await
}

/// The citizen is at the window: service time starts.
#[tauri::command]
#[specta::specta]
pub async fn ticket_start(shell: State<'_, Shell>, id: String) -> Result<Ticket, ErrorBody> {
    on_ticket(&shell, id, |c, t, id| {
        Box::pin(async move { c.start_ticket(&t, &id).await })
    })
    .await
}

/// 过号: called and recalled, nobody came.
#[tauri::command]
#[specta::specta]
pub async fn ticket_no_show(shell: State<'_, Shell>, id: String) -> Result<Ticket, ErrorBody> {
    on_ticket(&shell, id, |c, t, id| {
        Box::pin(async move { c.no_show(&t, &id).await })
    })
    .await
}

/// Sends the ticket to another service group or window, with the reason.
#[tauri::command]
#[specta::specta]
pub async fn ticket_transfer(
    shell: State<'_, Shell>,
    id: String,
    request: TransferRequest,
) -> Result<Ticket, ErrorBody> {
    shell.clerk()?;
    shell
        .results
        .call(|c, t| {
            let (id, request) = (id.clone(), request.clone());
            async move { c.transfer(&t, &id, &request).await }
        })
        .await
}

/// 暂停服务: nothing is called to this window until it resumes.
#[tauri::command]
#[specta::specta]
pub async fn ticket_pause(
    shell: State<'_, Shell>,
    reason: String,
) -> Result<WindowState, ErrorBody> {
    shell.clerk()?;
    shell
        .results
        .call(|c, t| {
            let reason = reason.clone();
            async move { c.pause_window(&t, &reason).await }
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn ticket_resume(shell: State<'_, Shell>) -> Result<WindowState, ErrorBody> {
    shell.clerk()?;
    shell
        .results
        .call(|c, t| async move { c.resume_window(&t).await })
        .await
}
