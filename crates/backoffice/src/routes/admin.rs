//! Provisioning: workstations, people and queues, by the admin token or an administrator.

use crate::auth::{hash_secret, Auth};
use crate::domain::check_id;
use crate::error::BackofficeError;
use crate::extract::{JsonBody, PathParam};
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::storage::{ClerkRecord, WorkstationRecord};
use axum::extract::State;
use axum::http::StatusCode;
use ow_api::{ClerkProvision, ClerkRole, QueueDef, QueueName, WorkstationProvision};

/// Argon2 takes tens of milliseconds of CPU: keep it off the async workers.
async fn hash(secret: String) -> Result<String, BackofficeError> {
    tokio::task::spawn_blocking(move || hash_secret(&secret)).await?
}

#[utoipa::path(put, path = "/admin/workstations/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "The workstation id")),
    request_body = WorkstationProvision,
    responses(
        (status = 204, description = "Saved; its old sessions end"),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
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
    params(("id" = String, Path, description = "The person's account (工号)")),
    request_body = ClerkProvision,
    responses(
        (status = 204, description = "Saved; the person's old sessions end"),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody),
        (status = 404, description = "A listed queue does not exist", body = ErrorBody),
        (status = 422, description = "No role, queues without the approver role, or a secret that breaks the \
            hall's password policy (`details.field` = `secret`, `details.problem` states the rule)", body = ErrorBody)))]
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
    let mut roles = req.roles;
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(BackofficeError::invalid("roles", "give at least one role"));
    }
    if !roles.contains(&ClerkRole::Approver) && !req.queues.is_empty() {
        return Err(BackofficeError::invalid(
            "queues",
            "only approvers have queues",
        ));
    }
    st.password_policy().check(&req.secret)?;
    let known = st.storage().queues().await?;
    if let Some(q) = req
        .queues
        .iter()
        .find(|q| !known.iter().any(|k| &k.code == *q))
    {
        return Err(BackofficeError::UnknownQueue { queue: q.clone() });
    }
    let secret_hash = hash(req.secret).await?;
    st.storage()
        .put_clerk(ClerkRecord {
            id,
            name: req.name,
            roles,
            queues: req.queues,
            secret_hash,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/admin/queues/{code}", tag = "auth", security(("bearer" = [])),
    params(("code" = String, Path, description = "Stable queue code, e.g. huzheng")),
    request_body = QueueName,
    responses(
        (status = 204, description = "Saved"),
        (status = 403, description = "Needs the admin token or an administrator", body = ErrorBody)))]
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
