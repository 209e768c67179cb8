//! The windows' side: forward a case, follow it, hand out the result, bring a supplement.

use crate::auth::Auth;
use crate::domain::{now_ms, request_hash, validate_intake, Command, Cursor};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam, QueryParam};
use crate::openapi::ErrorBody;
use crate::routes::queues::apply;
use crate::state::AppState;
use crate::storage::{change_from_rows, view_from_rows, IntakeOutcome, NewCase};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ow_api::{
    CaseIntake, CaseView, ChangesPage, HandOutRequest, IntakeReceipt, SupplementRequest,
    IDEMPOTENCY_KEY,
};
use serde::Deserialize;
use utoipa::IntoParams;

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, BackofficeError> {
    headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .filter(|k| (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned)
        .ok_or(BackofficeError::MissingIdempotencyKey)
}

#[utoipa::path(post, path = "/cases", tag = "cases", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "Unique per case and workstation; retry with the same key")),
    request_body = CaseIntake,
    responses(
        (status = 201, description = "Taken in and queued", body = IntakeReceipt),
        (status = 200, description = "A replay: the first answer, nothing new created", body = IntakeReceipt),
        (status = 400, description = "Malformed JSON or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Sign in first", body = ErrorBody),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 404, description = "Unknown queue", body = ErrorBody),
        (status = 409, description = "Referenced blobs not uploaded; details.missing lists them", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 422, description = "Wrong shape, invalid field, or the key was used with another body", body = ErrorBody)))]
pub async fn intake(
    State(st): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    JsonBody(req): JsonBody<CaseIntake>,
) -> Result<(StatusCode, Json<IntakeReceipt>), BackofficeError> {
    let workstation_id = p.require_workstation()?.to_owned();
    let idempotency_key = idempotency_key(&headers)?;
    validate_intake(&req)?;
    let case = NewCase {
        workstation_id,
        idempotency_key,
        request_hash: request_hash(&req)?,
        intake: req,
        actor: p.actor(),
        now: now_ms(),
    };
    match st.storage().intake(case).await? {
        IntakeOutcome::Created(r) => Ok((StatusCode::CREATED, Json(r))),
        IntakeOutcome::Replayed(r) => Ok((StatusCode::OK, Json(r))),
    }
}

#[utoipa::path(get, path = "/cases/{case_number}", tag = "cases", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    responses(
        (status = 200, description = "The case and its whole audited history", body = CaseView),
        (status = 404, description = "Unknown case", body = ErrorBody)))]
pub async fn get(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
) -> Result<Json<CaseView>, BackofficeError> {
    p.require_hall_member()?;
    let (row, events) = st
        .storage()
        .case(&number)
        .await?
        .ok_or(BackofficeError::UnknownCase {
            case_number: number,
        })?;
    Ok(Json(view_from_rows(&row, &events)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next_cursor` of the previous page; omit to start from the beginning.
    pub since: Option<String>,
    /// At most this many changes (default 100, at most 1000).
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/changes", tag = "cases", security(("bearer" = [])),
    params(ChangesQuery),
    responses(
        (status = 200, description = "Transitions after `since`, oldest first", body = ChangesPage),
        (status = 400, description = "Bad cursor", body = ErrorBody)))]
pub async fn changes(
    State(st): State<AppState>,
    Auth(p): Auth,
    QueryParam(q): QueryParam<ChangesQuery>,
) -> Result<Json<ChangesPage>, BackofficeError> {
    p.require_hall_member()?;
    let since = Cursor::parse(q.since.as_deref())?;
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let rows = st.storage().changes(since, limit).await?;
    let next = rows.last().map_or(since, |(c, _, _)| *c);
    let changes = rows
        .iter()
        .map(|(c, row, ev)| change_from_rows(*c, row, ev))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(ChangesPage {
        changes,
        next_cursor: next.encode(),
    }))
}

#[utoipa::path(post, path = "/cases/{case_number}/hand-out", tag = "cases", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = HandOutRequest,
    responses(
        (status = 200, description = "Handed out", body = CaseView),
        (status = 404, description = "Unknown case", body = ErrorBody),
        (status = 409, description = "Not ready for pickup", body = ErrorBody)))]
pub async fn hand_out(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<HandOutRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    apply(&st, p, number, Command::HandOut(req)).await
}

#[utoipa::path(post, path = "/cases/{case_number}/supplement", tag = "cases", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = SupplementRequest,
    responses(
        (status = 200, description = "Back in its queue with the new materials", body = CaseView),
        (status = 404, description = "Unknown case", body = ErrorBody),
        (status = 409, description = "Not returned, or blobs missing", body = ErrorBody)))]
pub async fn supplement(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<SupplementRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    apply(&st, p, number, Command::Supplement(req)).await
}
