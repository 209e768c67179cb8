//! A window's calling state: pause (暂停服务), resume, and what is at it now.

use crate::auth::Auth;
use crate::domain::now_ms;
use crate::error::BackofficeError;
use crate::extract::JsonBody;
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::tickets::validate_pause_reason;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{PauseRequest, WindowState};

#[utoipa::path(post, path = "/windows/pause", tag = "tickets", security(("bearer" = [])),
    request_body = PauseRequest,
    responses(
        (status = 204, description = "Paused: calls are refused until it resumes"),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 422, description = "No reason", body = ErrorBody)))]
pub async fn pause(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<PauseRequest>,
) -> Result<StatusCode, BackofficeError> {
    let ws = p.require_workstation()?;
    validate_pause_reason(&req.reason)?;
    st.storage()
        .set_paused(ws, Some(req.reason), now_ms())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/windows/resume", tag = "tickets", security(("bearer" = [])),
    responses(
        (status = 204, description = "Calling again"),
        (status = 403, description = "Needs a workstation session", body = ErrorBody)))]
pub async fn resume(
    State(st): State<AppState>,
    Auth(p): Auth,
) -> Result<StatusCode, BackofficeError> {
    let ws = p.require_workstation()?;
    st.storage().set_paused(ws, None, now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/windows/me", tag = "tickets", security(("bearer" = [])),
    responses(
        (status = 200, description = "Paused or not, the ticket at the window, how many wait for it", body = WindowState),
        (status = 403, description = "Needs a workstation session", body = ErrorBody)))]
pub async fn me(
    State(st): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<WindowState>, BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    let w = st.storage().window_state(&ws, now_ms()).await?;
    Ok(Json(WindowState {
        workstation_id: ws,
        paused: w.paused,
        pause_reason: w.pause_reason,
        current: w.current.map(|t| t.to_ticket(true)),
        waiting: w.waiting,
    }))
}
