//! The hall's set-up: ticket groups, which windows call from them, the calling rules.

use crate::auth::Auth;
use crate::domain::check_id;
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::tickets::{validate_group, validate_settings};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{HallSettings, HallSetup, ServiceGroup, WindowGroups};

/// A window listing more groups than this is a client bug.
const MAX_GROUPS_PER_WINDOW: usize = 100;

#[utoipa::path(get, path = "/hall/setup", tag = "tickets", security(("bearer" = [])),
    responses(
        (status = 200, description = "Ticket groups, the windows' groups, the calling rules", body = HallSetup),
        (status = 401, description = "Sign in first", body = ErrorBody)))]
pub async fn setup(
    State(st): State<AppState>,
    _auth: Auth,
) -> Result<Json<HallSetup>, BackofficeError> {
    Ok(Json(st.storage().hall_setup().await?))
}

#[utoipa::path(put, path = "/admin/groups/{code}", tag = "tickets", security(("bearer" = [])),
    params(("code" = String, Path, description = "The group's code, e.g. huzheng")),
    request_body = ServiceGroup,
    responses(
        (status = 204, description = "Saved"),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
        (status = 409, description = "Another group has this prefix (`tickets.prefix_taken`)", body = ErrorBody),
        (status = 422, description = "Bad code, name or prefix, or the body's code is not the path's", body = ErrorBody)))]
pub async fn put_group(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(code): PathParam<String>,
    JsonBody(g): JsonBody<ServiceGroup>,
) -> Result<StatusCode, BackofficeError> {
    p.require_admin()?;
    check_id("code", &code)?;
    if g.code != code {
        return Err(BackofficeError::invalid("code", "must be the path's code"));
    }
    validate_group(&g)?;
    st.storage().put_group(g).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/admin/windows/{workstation_id}/groups", tag = "tickets", security(("bearer" = [])),
    params(("workstation_id" = String, Path, description = "The window's workstation id")),
    request_body = WindowGroups,
    responses(
        (status = 204, description = "The window now calls from exactly these groups"),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
        (status = 404, description = "Unknown window or group", body = ErrorBody),
        (status = 422, description = "Bad ids, or the body's window is not the path's", body = ErrorBody)))]
pub async fn put_window_groups(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(ws): PathParam<String>,
    JsonBody(mut w): JsonBody<WindowGroups>,
) -> Result<StatusCode, BackofficeError> {
    p.require_admin()?;
    check_id("workstation_id", &ws)?;
    if w.workstation_id != ws {
        return Err(BackofficeError::invalid(
            "workstation_id",
            "must be the path's window",
        ));
    }
    if w.groups.len() > MAX_GROUPS_PER_WINDOW {
        return Err(BackofficeError::invalid("groups", "too many groups"));
    }
    w.groups.iter().try_for_each(|g| check_id("groups", g))?;
    w.groups.sort();
    w.groups.dedup();
    st.storage().put_window_groups(w).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/admin/hall-settings", tag = "tickets", security(("bearer" = [])),
    request_body = HallSettings,
    responses(
        (status = 204, description = "Saved; the next call uses them"),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
        (status = 422, description = "Out of range: cap 0–20, recalls 0–10, early 0–120 min, follow-up 1–30 days", body = ErrorBody)))]
pub async fn put_settings(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(s): JsonBody<HallSettings>,
) -> Result<StatusCode, BackofficeError> {
    p.require_admin()?;
    validate_settings(&s)?;
    st.storage().put_hall_settings(s).await?;
    Ok(StatusCode::NO_CONTENT)
}
