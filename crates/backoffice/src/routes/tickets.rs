//! Tickets at the windows: issue, call, recall, start, no-show, transfer, finish; visits served
//! offline; the shift lead's list. Calls and steps need the window's own (workstation) session;
//! the body names the clerk at it.

use crate::auth::{Auth, Principal};
use crate::domain::{check_id, now_ms};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam, QueryParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::storage::{NewTicket, Recorded};
use crate::tickets::{
    hall_day, validate_finish, validate_offline, validate_ticket_id, validate_transfer, Step,
    StepBy,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{
    CallRequest, Called, ClerkRole, FinishRequest, OfflineServed, Ticket, TicketRequest,
    TicketState, TransferRequest,
};
use serde::Deserialize;
use utoipa::IntoParams;

/// The lead's list shows at most this many tickets (a busy hall gives ~3,000 a day).
const LIST_LIMIT: u32 = 2000;

/// The person named at a window must exist and hold the clerk role.
pub(crate) async fn check_clerk(st: &AppState, clerk_id: &str) -> Result<(), BackofficeError> {
    check_id("clerk_id", clerk_id)?;
    let clerk = st
        .storage()
        .clerk(clerk_id)
        .await?
        .ok_or_else(|| BackofficeError::invalid("clerk_id", "no such person"))?;
    if !clerk.roles.contains(&ClerkRole::Clerk) {
        return Err(BackofficeError::Forbidden {
            needed: "clerk_id of a person with the clerk role",
        });
    }
    Ok(())
}

/// Issues a walk-in ticket; shared with the kiosk (`actor` None).
pub(crate) async fn issue(
    st: &AppState,
    req: TicketRequest,
    actor: Option<ow_api::Actor>,
) -> Result<(StatusCode, Json<Ticket>), BackofficeError> {
    check_id("group", &req.group)?;
    let row = st
        .storage()
        .issue_ticket(NewTicket {
            group: req.group,
            green: req.green,
            actor,
            now: now_ms(),
        })
        .await?;
    Ok((StatusCode::CREATED, Json(row.to_ticket(false))))
}

#[utoipa::path(post, path = "/tickets", tag = "tickets", security(("bearer" = [])),
    request_body = TicketRequest,
    responses(
        (status = 201, description = "Issued. `ahead`: the group's waiting tickets the call order (calling::choose) \
            would call before this one if nobody else arrived", body = Ticket),
        (status = 403, description = "Needs a workstation, or a clerk or shift lead", body = ErrorBody),
        (status = 404, description = "Unknown group", body = ErrorBody),
        (status = 409, description = "The group has given its 999 tickets today (`tickets.sold_out`)", body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<TicketRequest>,
) -> Result<(StatusCode, Json<Ticket>), BackofficeError> {
    let allowed =
        p.workstation_id().is_some() || p.has_role(ClerkRole::Clerk) || p.has_role(ClerkRole::Lead);
    if !allowed {
        return Err(BackofficeError::Forbidden {
            needed: "a workstation, clerk or shift lead session",
        });
    }
    issue(&st, req, Some(p.actor())).await
}

#[utoipa::path(post, path = "/tickets/call", tag = "tickets", security(("bearer" = [])),
    request_body = CallRequest,
    responses(
        (status = 200, description = "The ticket called to this window, or `ticket: null` when nobody waits", body = Called),
        (status = 403, description = "Needs a workstation session; clerk_id must hold the clerk role", body = ErrorBody),
        (status = 409, description = "`tickets.window_paused`, or `tickets.window_busy`: finish, no-show or transfer the current ticket first", body = ErrorBody),
        (status = 422, description = "Unknown clerk", body = ErrorBody)))]
pub async fn call(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<CallRequest>,
) -> Result<Json<Called>, BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    check_clerk(&st, &req.clerk_id).await?;
    let out = st.storage().call_next(&ws, &req.clerk_id, now_ms()).await?;
    Ok(Json(Called {
        ticket: out.ticket.map(|t| t.to_ticket(true)),
        waiting: out.waiting,
    }))
}

async fn step(
    st: &AppState,
    p: &Principal,
    id: &str,
    step: Step,
) -> Result<Json<Ticket>, BackofficeError> {
    let by = StepBy::Window(p.require_workstation()?.to_owned());
    validate_ticket_id(id)?;
    let row = st.storage().ticket_step(id, &by, step, now_ms()).await?;
    Ok(Json(row.to_ticket(true)))
}

#[utoipa::path(post, path = "/tickets/{id}/recall", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket id, e.g. 20261203-A023")),
    responses(
        (status = 200, description = "Called again; `recalls` counts it", body = Ticket),
        (status = 403, description = "Another window's ticket, or not a workstation", body = ErrorBody),
        (status = 404, description = "Unknown ticket", body = ErrorBody),
        (status = 409, description = "Not called (`tickets.wrong_state`)", body = ErrorBody)))]
pub async fn recall(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
) -> Result<Json<Ticket>, BackofficeError> {
    step(&st, &p, &id, Step::Recall).await
}

#[utoipa::path(post, path = "/tickets/{id}/start", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket id")),
    responses(
        (status = 200, description = "The citizen is at the window: serving, `started_at` set", body = Ticket),
        (status = 403, description = "Another window's ticket", body = ErrorBody),
        (status = 404, description = "Unknown ticket", body = ErrorBody),
        (status = 409, description = "Not called", body = ErrorBody)))]
pub async fn start(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
) -> Result<Json<Ticket>, BackofficeError> {
    step(&st, &p, &id, Step::Start).await
}

#[utoipa::path(post, path = "/tickets/{id}/no-show", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket id")),
    responses(
        (status = 200, description = "Marked no-show", body = Ticket),
        (status = 403, description = "Another window's ticket", body = ErrorBody),
        (status = 404, description = "Unknown ticket", body = ErrorBody),
        (status = 409, description = "`tickets.recall_first` until the hall's recalls are made, or not called", body = ErrorBody)))]
pub async fn no_show(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
) -> Result<Json<Ticket>, BackofficeError> {
    step(&st, &p, &id, Step::NoShow).await
}

#[utoipa::path(post, path = "/tickets/{id}/transfer", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket id")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Waiting again from now, in the new group or for that one window", body = Ticket),
        (status = 403, description = "Another window's ticket", body = ErrorBody),
        (status = 404, description = "Unknown ticket, group or window", body = ErrorBody),
        (status = 409, description = "Not at this window", body = ErrorBody),
        (status = 422, description = "No reason, or not exactly one of group and window", body = ErrorBody)))]
pub async fn transfer(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
    JsonBody(req): JsonBody<TransferRequest>,
) -> Result<Json<Ticket>, BackofficeError> {
    validate_transfer(&req, p.require_workstation()?)?;
    step(&st, &p, &id, Step::Transfer(req)).await
}

#[utoipa::path(post, path = "/tickets/{id}/finish", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket id")),
    request_body = FinishRequest,
    responses(
        (status = 200, description = "The visit is over", body = Ticket),
        (status = 403, description = "Another window's ticket", body = ErrorBody),
        (status = 404, description = "Unknown ticket", body = ErrorBody),
        (status = 409, description = "Not being served", body = ErrorBody)))]
pub async fn finish(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
    JsonBody(req): JsonBody<FinishRequest>,
) -> Result<Json<Ticket>, BackofficeError> {
    validate_finish(&req)?;
    step(&st, &p, &id, Step::Finish(req)).await
}

#[utoipa::path(post, path = "/tickets/offline", tag = "tickets", security(("bearer" = [])),
    request_body = OfflineServed,
    responses(
        (status = 201, description = "Recorded (a waiting ticket with that number today is closed with these times)", body = Ticket),
        (status = 200, description = "Recorded before (same window, number and start): the first answer", body = Ticket),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 404, description = "No group has the number's letter", body = ErrorBody),
        (status = 422, description = "Bad number, clerk or times", body = ErrorBody)))]
pub async fn offline(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<OfflineServed>,
) -> Result<(StatusCode, Json<Ticket>), BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    let now = now_ms();
    validate_offline(&req, now)?;
    check_clerk(&st, &req.clerk_id).await?;
    Ok(match st.storage().offline_served(&ws, req, now).await? {
        Recorded::Created(t) => (StatusCode::CREATED, Json(t.to_ticket(true))),
        Recorded::Replayed(t) => (StatusCode::OK, Json(t.to_ticket(true))),
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketsQuery {
    /// Only tickets in this state.
    pub state: Option<TicketState>,
}

#[utoipa::path(get, path = "/tickets", tag = "tickets", security(("bearer" = [])),
    params(TicketsQuery),
    responses(
        (status = 200, description = "Today's tickets (the hall's local day), oldest first, at most 2000", body = Vec<Ticket>),
        (status = 400, description = "Unknown state", body = ErrorBody),
        (status = 403, description = "Needs a shift lead", body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    Auth(p): Auth,
    QueryParam(q): QueryParam<TicketsQuery>,
) -> Result<Json<Vec<Ticket>>, BackofficeError> {
    p.require_lead()?;
    let rows = st
        .storage()
        .tickets_of_day(&hall_day(now_ms()), q.state, LIST_LIMIT)
        .await?;
    Ok(Json(rows.iter().map(|r| r.to_ticket(false)).collect()))
}
