//! Scans, content-addressed by SHA-256. Uploading is idempotent: a retry of the same bytes
//! is a no-op, so a workstation can resume after a dropped link by re-sending what `HEAD`
//! says is missing.

use crate::auth::Auth;
use crate::domain::{is_sha256_hex, now_ms, sha256_hex};
use crate::error::{from_bytes_rejection, BackofficeError};
use crate::extract::PathParam;
use crate::openapi::ErrorBody;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ow_api::BlobStored;

/// The header `HEAD /blobs/{sha256}` answers with.
pub const SIZE_HEADER: &str = "x-blob-size";

fn check(sha256: &str) -> Result<(), BackofficeError> {
    if is_sha256_hex(sha256) {
        Ok(())
    } else {
        Err(BackofficeError::BadHash {
            path: sha256.chars().take(80).collect(),
        })
    }
}

#[utoipa::path(put, path = "/blobs/{sha256}", tag = "blobs", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "Lowercase hex SHA-256 of the body")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored", body = BlobStored),
        (status = 200, description = "Already stored (an idempotent retry)", body = BlobStored),
        (status = 400, description = "Bad hash, or the body hashes to something else", body = ErrorBody),
        (status = 401, description = "Sign in first", body = ErrorBody),
        (status = 413, description = "Over the size limit", body = ErrorBody)))]
pub async fn put(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(sha256): PathParam<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<BlobStored>), BackofficeError> {
    p.require_hall_member()?;
    check(&sha256)?;
    let body = body.map_err(|r| from_bytes_rejection(r, st.limits().blob_bytes))?;
    // Hashing 32 MiB takes a while: not on an async worker.
    let (actual, body) = tokio::task::spawn_blocking(move || (sha256_hex(&body), body)).await?;
    if actual != sha256 {
        return Err(BackofficeError::BlobHashMismatch {
            expected: sha256,
            actual,
        });
    }
    let size = u32::try_from(body.len()).unwrap_or(u32::MAX);
    let created = st
        .storage()
        .put_blob(sha256.clone(), body.to_vec(), now_ms())
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(BlobStored {
            sha256,
            size,
            created,
        }),
    ))
}

#[utoipa::path(head, path = "/blobs/{sha256}", tag = "blobs", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "Lowercase hex SHA-256")),
    responses(
        (status = 200, description = "Stored; X-Blob-Size gives its size"),
        (status = 404, description = "Not uploaded yet")))]
pub async fn head(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(sha256): PathParam<String>,
) -> Result<Response, BackofficeError> {
    p.require_hall_member()?;
    check(&sha256)?;
    let size = st
        .storage()
        .blob_size(&sha256)
        .await?
        .ok_or(BackofficeError::UnknownBlob { sha256 })?;
    Ok((StatusCode::OK, [(SIZE_HEADER, HeaderValue::from(size))]).into_response())
}

#[utoipa::path(get, path = "/blobs/{sha256}", tag = "blobs", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "Lowercase hex SHA-256")),
    responses(
        (status = 200, description = "The bytes", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "Not uploaded", body = ErrorBody)))]
pub async fn get(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(sha256): PathParam<String>,
) -> Result<Response, BackofficeError> {
    p.require_hall_member()?;
    check(&sha256)?;
    let body = st
        .storage()
        .blob(&sha256)
        .await?
        .ok_or(BackofficeError::UnknownBlob { sha256 })?;
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        body,
    )
        .into_response())
}
