//! The catalog and the working-day calendar: versioned JSON documents, served with an ETag
//! so a workstation polls cheaply (`If-None-Match` → 304).

use crate::auth::Auth;
use crate::domain::{now_ms, sha256_hex};
use crate::error::{from_bytes_rejection, BackofficeError};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ow_api::{CalendarDocument, CatalogDocument, ReferenceStored};

/// The header carrying the served version number.
pub const VERSION_HEADER: &str = "x-reference-version";

fn quoted(etag: &str) -> String {
    format!("\"{etag}\"")
}

fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag))
        })
}

async fn download(
    st: AppState,
    kind: &'static str,
    headers: HeaderMap,
) -> Result<Response, BackofficeError> {
    let doc = st
        .storage()
        .latest_reference(kind)
        .await?
        .ok_or(BackofficeError::NoReference { kind })?;
    let etag = quoted(&doc.etag);
    let etag_value =
        HeaderValue::from_str(&etag).map_err(|e| BackofficeError::Internal(e.to_string()))?;
    let version = HeaderValue::from(doc.version);
    if matches(&headers, &etag) {
        let headers = [
            (header::ETAG, etag_value),
            (header::HeaderName::from_static(VERSION_HEADER), version),
        ];
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let mut resp = (StatusCode::OK, doc.body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::ETAG, etag_value);
    h.insert(VERSION_HEADER, version);
    Ok(resp)
}

/// Refuses a catalog or calendar the workstations would refuse, with their loader's own
/// error (file, item and line): a broken version is never stored, so no window is left
/// quietly on the old one.
fn loads(kind: &'static str, body: &[u8]) -> Result<(), BackofficeError> {
    let refuse = |e: ow_error::ErrorBody| BackofficeError::BadReference {
        kind,
        problem: e.message.clone(),
        loader: serde_json::json!({ "code": e.code, "details": e.details }),
    };
    let shape = |e: serde_json::Error| BackofficeError::InvalidBody(Box::new(e));
    if kind == "catalog" {
        let doc: CatalogDocument = serde_json::from_slice(body).map_err(shape)?;
        ow_catalog::Catalog::load_files(doc.files.iter().map(|f| (&f.name, &f.text)))
            .map_err(|e| refuse(ow_error::ErrorBody::from_error(&e)))?;
    } else {
        let doc: CalendarDocument = serde_json::from_slice(body).map_err(shape)?;
        if doc.years.is_empty() {
            return Err(BackofficeError::invalid("years", "give at least one year"));
        }
        let mut calendar = ow_calendar::WorkingCalendar::empty();
        for f in &doc.years {
            calendar
                .load_str(&f.name, &f.text)
                .map_err(|e| refuse(ow_error::ErrorBody::from_error(&e)))?;
        }
    }
    Ok(())
}

async fn upload(
    st: AppState,
    p: crate::auth::Principal,
    kind: &'static str,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ReferenceStored>, BackofficeError> {
    p.require_admin()?;
    let body = body.map_err(|r| from_bytes_rejection(r, st.limits().reference_bytes))?;
    serde_json::from_slice::<serde::de::IgnoredAny>(&body)
        .map_err(|e| BackofficeError::MalformedJson(Box::new(e)))?;
    loads(kind, &body)?;
    let size = u32::try_from(body.len()).unwrap_or(u32::MAX);
    let etag = sha256_hex(&body);
    let doc = st
        .storage()
        .put_reference(kind, body.to_vec(), etag, now_ms())
        .await?;
    Ok(Json(ReferenceStored {
        kind: kind.into(),
        version: doc.version,
        etag: quoted(&doc.etag),
        size,
    }))
}

#[utoipa::path(get, path = "/catalog", tag = "reference", security(("bearer" = [])),
    params(("If-None-Match" = Option<String>, Header, description = "The ETag you have")),
    responses(
        (status = 200, description = "The latest catalog; headers ETag and X-Reference-Version", body = Object),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Sign in first", body = ErrorBody),
        (status = 404, description = "Nothing uploaded yet", body = ErrorBody)))]
pub async fn get_catalog(
    State(st): State<AppState>,
    _auth: Auth,
    headers: HeaderMap,
) -> Result<Response, BackofficeError> {
    download(st, "catalog", headers).await
}

#[utoipa::path(get, path = "/calendar", tag = "reference", security(("bearer" = [])),
    params(("If-None-Match" = Option<String>, Header, description = "The ETag you have")),
    responses(
        (status = 200, description = "The latest working-day calendar; headers ETag and X-Reference-Version", body = Object),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Sign in first", body = ErrorBody),
        (status = 404, description = "Nothing uploaded yet", body = ErrorBody)))]
pub async fn get_calendar(
    State(st): State<AppState>,
    _auth: Auth,
    headers: HeaderMap,
) -> Result<Response, BackofficeError> {
    download(st, "calendar", headers).await
}

#[utoipa::path(put, path = "/catalog", tag = "reference", security(("bearer" = [])),
    request_body(content = Object, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored (identical content keeps its version)", body = ReferenceStored),
        (status = 400, description = "Not JSON", body = ErrorBody),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
        (status = 413, description = "Too large", body = ErrorBody),
        (status = 422, description = "Not a catalog document, or one the workstations' loader refuses (`backoffice.bad_catalog`, details: the loader's code, file, item and line); nothing stored", body = ErrorBody)))]
pub async fn put_catalog(
    State(st): State<AppState>,
    Auth(p): Auth,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ReferenceStored>, BackofficeError> {
    upload(st, p, "catalog", body).await
}

#[utoipa::path(put, path = "/calendar", tag = "reference", security(("bearer" = [])),
    request_body(content = Object, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored (identical content keeps its version)", body = ReferenceStored),
        (status = 400, description = "Not JSON", body = ErrorBody),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
        (status = 413, description = "Too large", body = ErrorBody),
        (status = 422, description = "Not a calendar document, or a year the workstations' loader refuses (`backoffice.bad_calendar`); nothing stored", body = ErrorBody)))]
pub async fn put_calendar(
    State(st): State<AppState>,
    Auth(p): Auth,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ReferenceStored>, BackofficeError> {
    upload(st, p, "calendar", body).await
}
