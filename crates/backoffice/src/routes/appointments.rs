//! Real-name appointments (实名预约): booked by the online booking system, checked in at the
//! kiosk by code or at a window by the ID card.

use crate::auth::Auth;
use crate::domain::now_ms;
use crate::error::BackofficeError;
use crate::extract::JsonBody;
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::tickets::{validate_appointment, validate_check_in};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{AppointmentBooked, AppointmentRequest, CheckIn, Ticket};

#[utoipa::path(post, path = "/appointments", tag = "tickets", security(("bearer" = [])),
    request_body = AppointmentRequest,
    responses(
        (status = 201, description = "Booked; the six-digit code is unique among appointments not checked in", body = AppointmentBooked),
        (status = 403, description = "Needs the admin token or an administrator (the booking system)", body = ErrorBody),
        (status = 404, description = "Unknown group", body = ErrorBody),
        (status = 422, description = "Bad name, ID number, slot, items or answers", body = ErrorBody)))]
pub async fn book(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<AppointmentRequest>,
) -> Result<(StatusCode, Json<AppointmentBooked>), BackofficeError> {
    p.require_admin()?;
    validate_appointment(&req)?;
    let code = st.storage().book_appointment(req, now_ms()).await?;
    Ok((StatusCode::CREATED, Json(AppointmentBooked { code })))
}

#[utoipa::path(post, path = "/appointments/check-in", tag = "tickets", security(("bearer" = [])),
    request_body = CheckIn,
    responses(
        (status = 201, description = "Checked in: an appointment ticket, with the appointment's details; with `here`, the calling window's own", body = Ticket),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 404, description = "No open appointment today for this code or ID number", body = ErrorBody),
        (status = 422, description = "Not exactly one of code and ID number", body = ErrorBody)))]
pub async fn check_in(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<CheckIn>,
) -> Result<(StatusCode, Json<Ticket>), BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    let by = validate_check_in(&req, true)?;
    let here = req.here.then_some(ws);
    let row = st
        .storage()
        .check_in(by, here, Some(p.actor()), now_ms())
        .await?;
    Ok((StatusCode::CREATED, Json(row.to_ticket(true))))
}
