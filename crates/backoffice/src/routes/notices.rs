//! One-time notices across the hall's windows: a window stores the notices it issues; any
//! window finds a returning citizen's open notices by their ID number (or one notice by the
//! number on its paper) and says when a case carries one on. Windows only: an approver or a
//! lead has no business with a notice the citizen has not answered yet.

use crate::auth::Auth;
use crate::domain::{
    check_id, check_materials, now_ms, opt_text, referenced_blobs, sha256_hex, text,
};
use crate::domain::{MAX_ID, MAX_TEXT};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::storage::{NewNotice, NoticeRow};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{NoticeCarried, NoticeRecord, NoticeSearch, StoredNotice};

/// At most this many notices answer one search.
const SEARCH_LIMIT: u32 = 20;
/// At most this many lines a notice lists.
const MAX_LINES: usize = 500;

fn validate(n: &NoticeRecord) -> Result<(), BackofficeError> {
    check_id("document_number", &n.document_number)?;
    text("window_case_no", &n.window_case_no, MAX_ID)?;
    text("window", &n.window, MAX_ID)?;
    text("item_code", &n.item_code, MAX_ID)?;
    text("item_version", &n.item_version, MAX_ID)?;
    text("item_name", &n.item_name, MAX_TEXT)?;
    text("applicant.name", &n.applicant.name, MAX_TEXT)?;
    text("applicant.id_number", &n.applicant.id_number, MAX_ID)?;
    opt_text("applicant.phone", n.applicant.phone.as_deref(), MAX_ID)?;
    if let Some(a) = &n.agent {
        text("agent.name", &a.name, MAX_TEXT)?;
        text("agent.id_number", &a.id_number, MAX_ID)?;
    }
    if n.situation.len() > MAX_LINES || n.answers.len() > MAX_LINES {
        return Err(BackofficeError::invalid("situation", "too many answers"));
    }
    for (q, a) in &n.situation {
        text("situation", q, MAX_ID)?;
        text("situation", a, MAX_TEXT)?;
    }
    for q in n.answers.keys() {
        text("answers", q, MAX_ID)?;
    }
    if n.missing.is_empty() || n.missing.len() > MAX_LINES {
        return Err(BackofficeError::invalid(
            "missing",
            format!("list between 1 and {MAX_LINES} lines"),
        ));
    }
    for l in &n.missing {
        text("missing.code", &l.code, MAX_ID)?;
        text("missing.name", &l.name, MAX_TEXT)?;
    }
    check_materials(&n.received)
}

fn stored(row: NoticeRow) -> Result<StoredNotice, BackofficeError> {
    Ok(StoredNotice {
        record: serde_json::from_str(&row.body)
            .map_err(|e| BackofficeError::Internal(format!("a stored notice: {e}")))?,
        workstation_id: row.workstation_id,
        carried_on_by: row.carried_by,
    })
}

#[utoipa::path(post, path = "/notices", tag = "notices", security(("bearer" = [])),
    request_body = NoticeRecord,
    responses(
        (status = 201, description = "Stored", body = StoredNotice),
        (status = 200, description = "A replay: stored before with this body", body = StoredNotice),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 409, description = "Its pages are not uploaded (details.missing), or the number was stored with another body", body = ErrorBody),
        (status = 422, description = "Wrong shape or an invalid field", body = ErrorBody)))]
pub async fn put(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(record): JsonBody<NoticeRecord>,
) -> Result<(StatusCode, Json<StoredNotice>), BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    validate(&record)?;
    let mut missing = Vec::new();
    for sha in referenced_blobs(&record.received) {
        if st.storage().blob_size(&sha).await?.is_none() {
            missing.push(sha);
        }
    }
    if !missing.is_empty() {
        return Err(BackofficeError::MissingBlobs { hashes: missing });
    }
    let body = serde_json::to_string(&record)
        .map_err(|e| BackofficeError::Internal(format!("a notice: {e}")))?;
    let hash = sha256_hex(format!("{ws}\n{body}").as_bytes());
    let number = record.document_number.clone();
    let taken = st
        .storage()
        .put_notice(NewNotice {
            document_number: number.clone(),
            workstation_id: ws,
            applicant_number: record.applicant.id_number.clone(),
            request_hash: hash.clone(),
            body,
            issued_at: record.issued_at.timestamp_millis(),
            now: now_ms(),
        })
        .await?;
    let status = match taken {
        None => StatusCode::CREATED,
        Some(h) if h == hash => StatusCode::OK,
        Some(_) => {
            return Err(BackofficeError::NoticeTaken {
                document_number: number,
            })
        }
    };
    let row = st
        .storage()
        .notice(&number)
        .await?
        .ok_or_else(|| BackofficeError::Internal("a stored notice vanished".into()))?;
    Ok((status, Json(stored(row)?)))
}

#[utoipa::path(post, path = "/notices/search", tag = "notices", security(("bearer" = [])),
    request_body = NoticeSearch,
    responses(
        (status = 200, description = "The applicant's notices no case carries on yet, newest first (at most 20)", body = [StoredNotice]),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 422, description = "No ID number", body = ErrorBody)))]
pub async fn search(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(q): JsonBody<NoticeSearch>,
) -> Result<Json<Vec<StoredNotice>>, BackofficeError> {
    p.require_workstation()?;
    text("id_number", &q.id_number, MAX_ID)?;
    let rows = st
        .storage()
        .open_notices(q.id_number.trim(), SEARCH_LIMIT)
        .await?;
    Ok(Json(
        rows.into_iter().map(stored).collect::<Result<_, _>>()?,
    ))
}

#[utoipa::path(get, path = "/notices/{document_number}", tag = "notices", security(("bearer" = [])),
    params(("document_number" = String, Path, description = "The number on the notice")),
    responses(
        (status = 200, description = "The notice, and the case that carries it on if any", body = StoredNotice),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 404, description = "Unknown notice", body = ErrorBody)))]
pub async fn get(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(number): PathParam<String>,
) -> Result<Json<StoredNotice>, BackofficeError> {
    p.require_workstation()?;
    check_id("document_number", &number)?;
    let row = st
        .storage()
        .notice(&number)
        .await?
        .ok_or(BackofficeError::UnknownNotice {
            document_number: number,
        })?;
    Ok(Json(stored(row)?))
}

#[utoipa::path(post, path = "/notices/carried-on", tag = "notices", security(("bearer" = [])),
    request_body = NoticeCarried,
    responses(
        (status = 200, description = "Recorded, or recorded before: the case that carried it on first", body = NoticeCarried),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 422, description = "An invalid field", body = ErrorBody)))]
pub async fn carried_on(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(c): JsonBody<NoticeCarried>,
) -> Result<Json<NoticeCarried>, BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    check_id("document_number", &c.document_number)?;
    text("by_case", &c.by_case, MAX_ID)?;
    // Recorded even before the notice itself arrives: the two travel in separate outboxes.
    let first = st
        .storage()
        .carry_notice(&c.document_number, &c.by_case, &ws, now_ms())
        .await?;
    Ok(Json(NoticeCarried {
        document_number: c.document_number,
        by_case: first,
    }))
}
