//! The back office's side: claim from a queue, decide, reassign; the shift lead's overview.

use crate::auth::{may_work, Auth, Principal};
use crate::domain::{now_ms, plan, to_time, CaseFacts, Command};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::storage::{parse_state, view_from_rows, Decide};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ow_api::{
    ApproveRequest, AtRisk, CaseState, CaseView, Overview, QueueDef, QueueLoad, ReadyRequest,
    ReassignRequest, RejectRequest, ReturnRequest, StateCount, Waiting, WindowLoad,
};
use std::collections::BTreeMap;

/// Validates, then runs the state machine inside the backend's transaction.
pub(crate) async fn apply(
    st: &AppState,
    p: Principal,
    number: String,
    cmd: Command,
) -> Result<Json<CaseView>, BackofficeError> {
    cmd.validate()?;
    // A case can only be given to someone who exists and may work its (new) queue.
    let target = match &cmd {
        Command::Reassign(ReassignRequest { clerk: Some(c), .. }) => Some(
            st.storage()
                .clerk(c)
                .await?
                .ok_or_else(|| BackofficeError::UnknownClerk { clerk: c.clone() })?,
        ),
        _ => None,
    };
    let actor = p.actor();
    let decide: Decide = Box::new(move |row| {
        let facts = CaseFacts {
            state: parse_state(&row.state)?,
            queue: row.queue.clone(),
            assignee: row.assignee.clone(),
            notice_by: notice_by(&row.body),
            today: crate::tickets::hall_date(now_ms()),
        };
        let out = plan(&facts, &cmd, &p)?;
        if let Some(t) = &target {
            if !may_work(&t.roles, &t.queues, &out.queue) {
                return Err(BackofficeError::invalid(
                    "clerk",
                    format!("{} does not work queue {}", t.id, out.queue),
                ));
            }
        }
        Ok(out)
    });
    let (row, events) = st
        .storage()
        .transition(&number, actor, now_ms(), decide)
        .await?;
    Ok(Json(view_from_rows(&row, &events)?))
}

/// The intake's `notice_by`, read from the stored body (absent in bodies from older desks).
fn notice_by(body: &str) -> Option<chrono::NaiveDate> {
    #[derive(serde::Deserialize)]
    struct Deadline {
        #[serde(default)]
        notice_by: Option<chrono::NaiveDate>,
    }
    serde_json::from_str::<Deadline>(body).ok()?.notice_by
}

#[utoipa::path(get, path = "/queues", tag = "queues", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every department queue", body = Vec<QueueDef>),
        (status = 401, description = "Sign in first", body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    _auth: Auth,
) -> Result<Json<Vec<QueueDef>>, BackofficeError> {
    Ok(Json(st.storage().queues().await?))
}

#[utoipa::path(post, path = "/queues/{queue}/claim", tag = "queues", security(("bearer" = [])),
    params(("queue" = String, Path, description = "The queue code")),
    responses(
        (status = 200, description = "The case is now yours: most urgent, then longest waiting", body = CaseView),
        (status = 204, description = "The queue is empty"),
        (status = 403, description = "Not an approver of this queue", body = ErrorBody),
        (status = 404, description = "Unknown queue", body = ErrorBody)))]
pub async fn claim(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(queue): PathParam<String>,
) -> Result<Response, BackofficeError> {
    if !p.works_queue(&queue) {
        // Say "no such queue" rather than "forbidden" when that is the real problem.
        let known = st.storage().queues().await?;
        if !known.iter().any(|q| q.code == queue) {
            return Err(BackofficeError::UnknownQueue { queue });
        }
        return Err(BackofficeError::Forbidden {
            needed: "an approver of this queue or a shift lead",
        });
    }
    match st.storage().claim_next(&queue, p.actor(), now_ms()).await? {
        Some((row, events)) => Ok(Json(view_from_rows(&row, &events)?).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

#[utoipa::path(post, path = "/cases/{case_number}/approve", tag = "queues", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = ApproveRequest,
    responses(
        (status = 200, description = "Approved", body = CaseView),
        (status = 403, description = "Not yours", body = ErrorBody),
        (status = 404, description = "Unknown case", body = ErrorBody),
        (status = 409, description = "Not in review", body = ErrorBody)))]
pub async fn approve(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<ApproveRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    apply(&st, p, number, Command::Approve(req)).await
}

#[utoipa::path(post, path = "/cases/{case_number}/return", tag = "queues", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = ReturnRequest,
    responses(
        (status = 200, description = "Returned for supplement with the reasons", body = CaseView),
        (status = 403, description = "Not yours", body = ErrorBody),
        (status = 409, description = "Not in review", body = ErrorBody),
        (status = 422, description = "No reasons given", body = ErrorBody)))]
pub async fn return_for_supplement(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<ReturnRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    apply(&st, p, number, Command::Return(req)).await
}

#[utoipa::path(post, path = "/cases/{case_number}/reject", tag = "queues", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected with the reason", body = CaseView),
        (status = 403, description = "Not yours", body = ErrorBody),
        (status = 409, description = "Not in review", body = ErrorBody),
        (status = 422, description = "No reason given", body = ErrorBody)))]
pub async fn reject(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<RejectRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    apply(&st, p, number, Command::Reject(req)).await
}

#[utoipa::path(post, path = "/cases/{case_number}/ready", tag = "queues", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = ReadyRequest,
    responses(
        (status = 200, description = "The result is at the window", body = CaseView),
        (status = 409, description = "Not approved", body = ErrorBody)))]
pub async fn ready(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<ReadyRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    apply(&st, p, number, Command::Ready(req)).await
}

#[utoipa::path(post, path = "/cases/{case_number}/reassign", tag = "queues", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "The back-office case number")),
    request_body = ReassignRequest,
    responses(
        (status = 200, description = "Moved; the reason is in the history", body = CaseView),
        (status = 403, description = "Needs a shift lead", body = ErrorBody),
        (status = 404, description = "Unknown case, queue or clerk", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody)))]
pub async fn reassign(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
    JsonBody(req): JsonBody<ReassignRequest>,
) -> Result<Json<CaseView>, BackofficeError> {
    p.require_lead()?;
    apply(&st, p, number, Command::Reassign(req)).await
}

fn counts(rows: &[(String, String, i64)], key: &str) -> Vec<StateCount> {
    let mut by_state: BTreeMap<CaseState, u32> = BTreeMap::new();
    for (k, state, n) in rows {
        if k == key {
            if let Some(s) = CaseState::parse(state) {
                *by_state.entry(s).or_default() += u32::try_from(*n).unwrap_or(u32::MAX);
            }
        }
    }
    by_state
        .into_iter()
        .map(|(state, count)| StateCount { state, count })
        .collect()
}

#[utoipa::path(get, path = "/overview", tag = "hall", security(("bearer" = [])),
    responses(
        (status = 200, description = "Counts per queue and state, per window, and the longest wait", body = Overview),
        (status = 403, description = "Needs a shift lead", body = ErrorBody)))]
pub async fn overview(
    State(st): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<Overview>, BackofficeError> {
    p.require_lead()?;
    let rows = st.storage().overview().await?;
    let now = now_ms();
    let queues =
        rows.queues
            .iter()
            .map(|q| QueueLoad {
                queue: q.code.clone(),
                name: q.name.clone(),
                counts: counts(&rows.per_queue, &q.code),
                oldest_waiting: rows.oldest.iter().find(|(c, _, _)| *c == q.code).map(
                    |(_, n, at)| Waiting {
                        case_number: n.clone(),
                        since: to_time(*at),
                        waited_seconds: u32::try_from((now - at).max(0) / 1000).unwrap_or(u32::MAX),
                    },
                ),
            })
            .collect();
    // Windows that forwarded cases but were since removed still show, by id.
    let mut ids: Vec<(String, String)> = rows.windows.clone();
    for (w, _, _) in &rows.per_window {
        if !ids.iter().any(|(id, _)| id == w) {
            ids.push((w.clone(), w.clone()));
        }
    }
    let windows = ids
        .into_iter()
        .map(|(id, name)| WindowLoad {
            counts: counts(&rows.per_window, &id),
            workstation_id: id,
            window_name: name,
        })
        .collect();
    Ok(Json(Overview {
        generated_at: to_time(now),
        queues,
        windows,
    }))
}

/// At most this many open cases are looked at for the at-risk lists (a large hall has a few
/// thousand open at once); the oldest come first, and they are the likeliest at risk.
const AT_RISK_SCAN: u32 = 20_000;

#[utoipa::path(get, path = "/hall/at-risk", tag = "hall", security(("bearer" = [])),
    responses(
        (status = 200, description = "Promised dates near or past, five-day clocks running out, owed materials past their day, returned cases waiting (200 per list at most)", body = AtRisk),
        (status = 403, description = "Needs a shift lead", body = ErrorBody)))]
pub async fn at_risk(
    State(st): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<AtRisk>, BackofficeError> {
    p.require_lead()?;
    let rows = st.storage().open_cases(AT_RISK_SCAN).await?;
    let cal = crate::routes::ratings::calendar(&st).await?;
    Ok(Json(crate::risk::at_risk(&rows, &cal, now_ms())))
}
