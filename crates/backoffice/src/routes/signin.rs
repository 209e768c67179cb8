//! Sign-in for workstations and clerks; provisioning with the admin token.

use crate::auth::{hash_secret, new_token, token_hash, verify_secret, Auth, Principal};
use crate::domain::{check_id, now_ms, to_time};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::storage::{ClerkRecord, SessionRecord, WorkstationRecord};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ow_api::{
    ClerkProvision, ClerkRole, ClerkSignIn, QueueDef, QueueName, SessionKind, SignedIn,
    WorkstationProvision, WorkstationSignIn,
};

/// Argon2 takes tens of milliseconds of CPU: keep it off the async workers.
async fn verify(stored: Option<String>, secret: String) -> Result<bool, BackofficeError> {
    Ok(
        tokio::task::spawn_blocking(move || stored.is_some_and(|h| verify_secret(&h, &secret)))
            .await?,
    )
}

async fn hash(secret: String) -> Result<String, BackofficeError> {
    tokio::task::spawn_blocking(move || hash_secret(&secret)).await?
}

async fn issue(st: &AppState, principal: Principal) -> Result<SignedIn, BackofficeError> {
    let token = new_token();
    let ttl = i64::try_from(st.session_ttl().as_millis()).unwrap_or(i64::MAX / 2);
    let expires_at = now_ms().saturating_add(ttl);
    st.storage()
        .put_session(SessionRecord {
            token_hash: token_hash(&token),
            principal: principal.clone(),
            expires_at,
        })
        .await?;
    let (kind, subject, name, role, queues) = match principal {
        Principal::Workstation { id, name } => {
            (SessionKind::Workstation, id, name, None, Vec::new())
        }
        Principal::Clerk {
            id,
            name,
            role,
            queues,
        } => (SessionKind::Clerk, id, name, Some(role), queues),
        Principal::Admin => {
            return Err(BackofficeError::Internal("no session for the admin".into()))
        }
    };
    Ok(SignedIn {
        token,
        expires_at: to_time(expires_at),
        kind,
        subject,
        name,
        role,
        queues,
    })
}

#[utoipa::path(post, path = "/auth/workstation", tag = "auth", request_body = WorkstationSignIn,
    responses(
        (status = 200, description = "Signed in", body = SignedIn),
        (status = 401, description = "Unknown workstation or wrong secret", body = ErrorBody),
        (status = 429, description = "Too many failures; wait", body = ErrorBody)))]
pub async fn workstation(
    State(st): State<AppState>,
    JsonBody(req): JsonBody<WorkstationSignIn>,
) -> Result<Json<SignedIn>, BackofficeError> {
    let key = format!("workstation:{}", req.workstation_id);
    st.throttle().check(&key)?;
    let rec = st.storage().workstation(&req.workstation_id).await?;
    let stored = rec.as_ref().map(|r| r.secret_hash.clone());
    if !verify(stored, req.secret).await? {
        st.throttle().failed(&key);
        return Err(BackofficeError::BadCredentials);
    }
    st.throttle().succeeded(&key);
    let rec = rec.ok_or(BackofficeError::BadCredentials)?;
    Ok(Json(
        issue(
            &st,
            Principal::Workstation {
                id: rec.id,
                name: rec.window_name,
            },
        )
        .await?,
    ))
}

#[utoipa::path(post, path = "/auth/clerk", tag = "auth", request_body = ClerkSignIn,
    responses(
        (status = 200, description = "Signed in", body = SignedIn),
        (status = 401, description = "Unknown clerk or wrong PIN", body = ErrorBody),
        (status = 429, description = "Five wrong PINs: locked for a minute", body = ErrorBody)))]
pub async fn clerk(
    State(st): State<AppState>,
    JsonBody(req): JsonBody<ClerkSignIn>,
) -> Result<Json<SignedIn>, BackofficeError> {
    let key = format!("clerk:{}", req.clerk_id);
    st.throttle().check(&key)?;
    let rec = st.storage().clerk(&req.clerk_id).await?;
    let stored = rec.as_ref().map(|r| r.pin_hash.clone());
    if !verify(stored, req.pin).await? {
        st.throttle().failed(&key);
        return Err(BackofficeError::BadCredentials);
    }
    st.throttle().succeeded(&key);
    let rec = rec.ok_or(BackofficeError::BadCredentials)?;
    let principal = Principal::Clerk {
        id: rec.id,
        name: rec.name,
        role: rec.role,
        queues: rec.queues,
    };
    Ok(Json(issue(&st, principal).await?))
}

#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "The token no longer works"),
        (status = 401, description = "No valid token", body = ErrorBody)))]
pub async fn sign_out(
    State(st): State<AppState>,
    _auth: Auth,
    headers: axum::http::HeaderMap,
) -> Result<StatusCode, BackofficeError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(BackofficeError::Unauthorized)?;
    st.storage().delete_session(&token_hash(token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/admin/workstations/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "The workstation id")),
    request_body = WorkstationProvision,
    responses(
        (status = 204, description = "Saved; its old sessions end"),
        (status = 403, description = "Needs the admin token", body = ErrorBody),
        (status = 422, description = "Secret too short", body = ErrorBody)))]
pub async fn put_workstation(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
    JsonBody(req): JsonBody<WorkstationProvision>,
) -> Result<StatusCode, BackofficeError> {
    p.require_admin()?;
    check_id("id", &id)?;
    if req.window_name.trim().is_empty() {
        return Err(BackofficeError::invalid("window_name", "must not be empty"));
    }
    if req.secret.chars().count() < 16 {
        return Err(BackofficeError::invalid(
            "secret",
            "use at least 16 characters",
        ));
    }
    let secret_hash = hash(req.secret).await?;
    st.storage()
        .put_workstation(WorkstationRecord {
            id,
            window_name: req.window_name,
            secret_hash,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/admin/clerks/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "The clerk id")),
    request_body = ClerkProvision,
    responses(
        (status = 204, description = "Saved; the clerk's old sessions end"),
        (status = 403, description = "Needs the admin token", body = ErrorBody),
        (status = 404, description = "A listed queue does not exist", body = ErrorBody),
        (status = 422, description = "Bad PIN", body = ErrorBody)))]
pub async fn put_clerk(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(id): PathParam<String>,
    JsonBody(req): JsonBody<ClerkProvision>,
) -> Result<StatusCode, BackofficeError> {
    p.require_admin()?;
    check_id("id", &id)?;
    if req.name.trim().is_empty() {
        return Err(BackofficeError::invalid("name", "must not be empty"));
    }
    if !(4..=12).contains(&req.pin.len()) || !req.pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BackofficeError::invalid("pin", "use 4 to 12 digits"));
    }
    if req.role != ClerkRole::Approver && !req.queues.is_empty() {
        return Err(BackofficeError::invalid(
            "queues",
            "only approvers have queues",
        ));
    }
    let known = st.storage().queues().await?;
    if let Some(q) = req
        .queues
        .iter()
        .find(|q| !known.iter().any(|k| &k.code == *q))
    {
        return Err(BackofficeError::UnknownQueue { queue: q.clone() });
    }
    let pin_hash = hash(req.pin).await?;
    st.storage()
        .put_clerk(ClerkRecord {
            id,
            name: req.name,
            role: req.role,
            queues: req.queues,
            pin_hash,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/admin/queues/{code}", tag = "auth", security(("bearer" = [])),
    params(("code" = String, Path, description = "Stable queue code, e.g. huzheng")),
    request_body = QueueName,
    responses(
        (status = 204, description = "Saved"),
        (status = 403, description = "Needs the admin token", body = ErrorBody)))]
pub async fn put_queue(
    State(st): State<AppState>,
    Auth(p): Auth,
    PathParam(code): PathParam<String>,
    JsonBody(req): JsonBody<QueueName>,
) -> Result<StatusCode, BackofficeError> {
    p.require_admin()?;
    check_id("code", &code)?;
    if req.name.trim().is_empty() {
        return Err(BackofficeError::invalid("name", "must not be empty"));
    }
    st.storage()
        .put_queue(QueueDef {
            code,
            name: req.name,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
