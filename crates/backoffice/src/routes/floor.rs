//! The floor: windows report who sits at them; the shift lead sees the floor now and moves
//! waiting tickets, each move with its reason in the ticket's audit.

use crate::auth::Auth;
use crate::domain::{check_id, now_ms, opt_text, text, MAX_ID};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::tickets::{hall_day, validate_ticket_id, validate_transfer, Step, StepBy};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{HallNow, Ticket, TransferRequest, WindowPresence};

/// The steps a case in hand may report (the workstation's `CaseStep`).
const STEPS: [&str; 5] = ["applicant", "item", "materials", "decision", "paper"];

fn validate_presence(p: &WindowPresence) -> Result<(), BackofficeError> {
    if let Some(c) = &p.clerk_id {
        check_id("clerk_id", c)?;
    }
    if let Some(h) = &p.in_hand {
        opt_text("in_hand.item_name", h.item_name.as_deref(), MAX_ID)?;
        text("in_hand.step", &h.step, 20)?;
        if !STEPS.contains(&h.step.as_str()) {
            return Err(BackofficeError::invalid("in_hand.step", "not a case step"));
        }
    }
    Ok(())
}

#[utoipa::path(post, path = "/windows/presence", tag = "hall", security(("bearer" = [])),
    request_body = WindowPresence,
    responses(
        (status = 204, description = "Recorded; the window counts as open for 45 s"),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 422, description = "Unknown person, or a bad step or item name", body = ErrorBody)))]
pub async fn presence(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<WindowPresence>,
) -> Result<StatusCode, BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    validate_presence(&req)?;
    if let Some(c) = &req.clerk_id {
        if st.storage().clerk(c).await?.is_none() {
            return Err(BackofficeError::invalid("clerk_id", "no such person"));
        }
    }
    st.storage().put_presence(&ws, &req, now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/hall/now", tag = "hall", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every window (open, paused or closed; who, the ticket and case in hand), \
            each service group's line, the waiting tickets oldest first (200 at most), results waiting for pickup", body = HallNow),
        (status = 403, description = "Needs a shift lead", body = ErrorBody)))]
pub async fn now(
    State(st): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<HallNow>, BackofficeError> {
    p.require_lead()?;
    let now = now_ms();
    let storage = st.storage();
    let floor = storage.floor(&hall_day(now)).await?;
    let setup = storage.hall_setup().await?;
    let overview = storage.overview().await?;
    Ok(Json(crate::floor::hall_now(floor, &setup, &overview, now)))
}

#[utoipa::path(post, path = "/hall/tickets/{id}/move", tag = "hall", security(("bearer" = [])),
    params(("id" = String, Path, description = "The ticket id, e.g. 20261203-A023")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Moved: it keeps its place in the line (its wait began at issue); the reason is in the ticket's audit", body = Ticket),
        (status = 403, description = "Needs a shift lead", body = ErrorBody),
        (status = 404, description = "Unknown ticket, group or window", body = ErrorBody),
        (status = 409, description = "No longer waiting (called, served, gone)", body = ErrorBody),
        (status = 422, description = "No reason, or not exactly one of group and window", body = ErrorBody)))]
pub async fn move_ticket(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
    JsonBody(req): JsonBody<TransferRequest>,
) -> Result<Json<Ticket>, BackofficeError> {
    p.require_lead()?;
    validate_ticket_id(&id)?;
    validate_transfer(&req, "")?;
    let by = StepBy::Lead(p.actor());
    let row = st
        .storage()
        .ticket_step(&id, &by, Step::Move(req), now_ms())
        .await?;
    Ok(Json(row.to_ticket(false)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_api::CaseInHand;

    #[test]
    fn a_presence_names_a_real_step_and_a_short_item() {
        let mut p = WindowPresence {
            clerk_id: Some("1024".into()),
            open_cases: 2,
            in_hand: Some(CaseInHand {
                item_name: Some("市外迁入".into()),
                step: "materials".into(),
                since: chrono::Utc::now(),
            }),
        };
        assert!(validate_presence(&p).is_ok());
        p.in_hand.as_mut().unwrap().step = "drop table".into();
        assert!(validate_presence(&p).is_err());
        p.in_hand.as_mut().unwrap().step = "item".into();
        p.in_hand.as_mut().unwrap().item_name = Some("名".repeat(300));
        assert!(validate_presence(&p).is_err());
        p.in_hand = None;
        p.clerk_id = Some("a/b".into());
        assert!(validate_presence(&p).is_err());
    }
}
