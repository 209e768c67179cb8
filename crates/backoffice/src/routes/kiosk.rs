//! The kiosk (取号机): its page at `GET /kiosk`, and the three routes it uses without signing
//! in. They only issue tickets, bounded by the body limit and the per-group daily cap; the
//! kiosk never sees an appointment's personal details.

use crate::domain::now_ms;
use crate::error::BackofficeError;
use crate::extract::{ClientAddr, JsonBody};
use crate::openapi::ErrorBody;
use crate::routes::pages::{html_page, page_csp};
use crate::routes::tickets::issue;
use crate::state::AppState;
use crate::storage::LockoutStep;
use crate::tickets::validate_check_in;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use ow_api::{CheckIn, ServiceGroup, Ticket, TicketRequest};
use std::sync::OnceLock;

const PAGE: &str = include_str!("../kiosk.html");

#[utoipa::path(get, path = "/kiosk/groups", tag = "kiosk",
    responses(
        (status = 200, description = "The groups a ticket can be taken for", body = Vec<ServiceGroup>),
        (status = 403, description = "Not from a kiosk network (`backoffice.kiosk_not_allowed`)", body = ErrorBody)))]
pub async fn groups(
    State(st): State<AppState>,
    ClientAddr(addr): ClientAddr,
) -> Result<Json<Vec<ServiceGroup>>, BackofficeError> {
    st.kiosk_allows(addr)?;
    Ok(Json(st.storage().hall_setup().await?.groups))
}

#[utoipa::path(post, path = "/kiosk/tickets", tag = "kiosk",
    request_body = TicketRequest,
    responses(
        (status = 201, description = "The printed ticket: number, group, how many are ahead", body = Ticket),
        (status = 403, description = "Not from a kiosk network (`backoffice.kiosk_not_allowed`)", body = ErrorBody),
        (status = 404, description = "Unknown group", body = ErrorBody),
        (status = 409, description = "The group has given its 999 tickets today", body = ErrorBody)))]
pub async fn ticket(
    State(st): State<AppState>,
    ClientAddr(addr): ClientAddr,
    JsonBody(req): JsonBody<TicketRequest>,
) -> Result<(StatusCode, Json<Ticket>), BackofficeError> {
    st.kiosk_allows(addr)?;
    issue(&st, req, None).await
}

#[utoipa::path(post, path = "/kiosk/check-in", tag = "kiosk",
    request_body = CheckIn,
    responses(
        (status = 201, description = "Checked in by the code; no personal details on the answer", body = Ticket),
        (status = 403, description = "Not from a kiosk network (`backoffice.kiosk_not_allowed`)", body = ErrorBody),
        (status = 404, description = "No open appointment today with this code", body = ErrorBody),
        (status = 422, description = "Not six digits, or an ID number (check in by ID at a window)", body = ErrorBody),
        (status = 429, description = "Too many wrong codes at the kiosk: check-in by code is locked for a while (`Retry-After`)", body = ErrorBody)))]
pub async fn check_in(
    State(st): State<AppState>,
    ClientAddr(addr): ClientAddr,
    JsonBody(req): JsonBody<CheckIn>,
) -> Result<(StatusCode, Json<Ticket>), BackofficeError> {
    st.kiosk_allows(addr)?;
    let by = validate_check_in(&req, false)?;
    // Anyone at the kiosk may try a code, so wrong codes share one hall-wide budget: guessing
    // six digits stops after a few tries, and a lock answers 429 before any lookup.
    st.lockout_with(KIOSK_GUESSES, LockoutStep::Check, KIOSK_POLICY)
        .await?;
    match st.storage().check_in(by, None, None, now_ms()).await {
        Ok(row) => Ok((StatusCode::CREATED, Json(row.to_ticket(false)))),
        Err(e @ BackofficeError::UnknownAppointment) => {
            st.lockout_with(KIOSK_GUESSES, LockoutStep::Admit, KIOSK_POLICY)
                .await?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// The lockout row of the kiosk's wrong check-in codes.
const KIOSK_GUESSES: &str = "kiosk:check-in";

/// Twenty wrong codes in ten minutes lock the kiosk's check-in for ten minutes, doubling up to
/// a day; a citizen can always check in by ID card at a window.
const KIOSK_POLICY: ow_api::LockoutPolicy = ow_api::LockoutPolicy {
    max_failures: 20,
    window_secs: 600,
    lock_secs: 600,
    max_lock_secs: 24 * 3600,
};

async fn page(State(st): State<AppState>, ClientAddr(addr): ClientAddr) -> Response {
    if let Err(e) = st.kiosk_allows(addr) {
        return e.into_response();
    }
    static CSP: OnceLock<String> = OnceLock::new();
    html_page(PAGE, CSP.get_or_init(|| page_csp(PAGE)))
}

/// The page, outside the API prefix.
pub fn pages() -> Router<AppState> {
    Router::new().route("/kiosk", get(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_pins_the_inline_script_and_style() {
        crate::routes::pages::assert_pinned(PAGE);
    }
}
