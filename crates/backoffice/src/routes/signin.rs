//! Sign-in for workstations and people, sign-out, and who a token stands for.
//!
//! Every guess goes through the lockout in storage: counted before its Argon2 verification
//! (so a burst of parallel guesses gets only the allowance), settled after. Unknown accounts
//! are counted and verified like known ones, so the answer never tells which ids exist.

use crate::auth::{bearer, new_token, token_hash, verify_account, Auth, Principal};
use crate::domain::{now_ms, to_time};
use crate::error::BackofficeError;
use crate::extract::JsonBody;
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::storage::LockoutStep;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ow_api::{ClerkRole, ClerkSignIn, SessionKind, SignedIn, Whoami, WorkstationSignIn};

/// Counts the guess at `key`, verifies it off the async workers, and settles the count.
/// `stored` is the account's hash, `None` for an unknown account.
async fn check_guess(
    st: &AppState,
    key: &str,
    stored: Option<String>,
    secret: String,
) -> Result<(), BackofficeError> {
    st.count_secret_check();
    let ok =
        tokio::task::spawn_blocking(move || verify_account(stored.as_deref(), &secret)).await?;
    if ok {
        st.lockout(key, LockoutStep::Succeeded).await
    } else {
        // The failure that uses up the allowance answers 429 at once.
        st.lockout(key, LockoutStep::Failed).await?;
        Err(BackofficeError::BadCredentials)
    }
}

/// What a session shows of its principal, in [`SignedIn`] and [`Whoami`].
struct Shown {
    kind: SessionKind,
    subject: String,
    name: String,
    roles: Vec<ClerkRole>,
    queues: Vec<String>,
}

fn describe(p: Principal) -> Result<Shown, BackofficeError> {
    let (kind, subject, name, roles, queues) = match p {
        Principal::Workstation { id, name } => {
            (SessionKind::Workstation, id, name, Vec::new(), Vec::new())
        }
        Principal::Clerk {
            id,
            name,
            roles,
            queues,
        } => (SessionKind::Clerk, id, name, roles, queues),
        Principal::Admin => {
            return Err(BackofficeError::Forbidden {
                needed: "a workstation or clerk session",
            })
        }
    };
    Ok(Shown {
        kind,
        subject,
        name,
        roles,
        queues,
    })
}

async fn issue(st: &AppState, principal: Principal) -> Result<SignedIn, BackofficeError> {
    let token = new_token();
    let now = now_ms();
    let ttl = i64::try_from(st.session_ttl().as_millis()).unwrap_or(i64::MAX / 2);
    let expires_at = now.saturating_add(ttl);
    st.storage()
        .put_session(crate::storage::SessionRecord {
            token_hash: token_hash(&token),
            principal: principal.clone(),
            expires_at,
        })
        .await?;
    let shown = describe(principal)?;
    Ok(SignedIn {
        token,
        expires_at: to_time(expires_at),
        kind: shown.kind,
        subject: shown.subject,
        name: shown.name,
        roles: shown.roles,
        queues: shown.queues,
        server_time: to_time(now),
    })
}

#[utoipa::path(post, path = "/auth/workstation", tag = "auth", request_body = WorkstationSignIn,
    responses(
        (status = 200, description = "Signed in", body = SignedIn),
        (status = 401, description = "Unknown workstation or wrong secret (`backoffice.bad_credentials`)", body = ErrorBody),
        (status = 429, description = "Locked after too many failures (`backoffice.too_many_attempts`); \
            `details.retry_after_seconds` and the `Retry-After` header say when to try again", body = ErrorBody)))]
pub async fn workstation(
    State(st): State<AppState>,
    JsonBody(req): JsonBody<WorkstationSignIn>,
) -> Result<Json<SignedIn>, BackofficeError> {
    let key = format!("workstation:{}", req.workstation_id);
    st.lockout(&key, LockoutStep::Admit).await?;
    let rec = st.storage().workstation(&req.workstation_id).await?;
    check_guess(
        &st,
        &key,
        rec.as_ref().map(|r| r.secret_hash.clone()),
        req.secret,
    )
    .await?;
    let rec = rec.ok_or(BackofficeError::BadCredentials)?;
    let principal = Principal::Workstation {
        id: rec.id,
        name: rec.window_name,
    };
    Ok(Json(issue(&st, principal).await?))
}

#[utoipa::path(post, path = "/auth/clerk", tag = "auth", request_body = ClerkSignIn,
    responses(
        (status = 200, description = "Signed in: the person's roles and queues", body = SignedIn),
        (status = 401, description = "Unknown person or wrong password/PIN (`backoffice.bad_credentials`)", body = ErrorBody),
        (status = 429, description = "Locked after too many failures (`backoffice.too_many_attempts`); \
            `details.retry_after_seconds` and the `Retry-After` header say when to try again", body = ErrorBody)))]
pub async fn clerk(
    State(st): State<AppState>,
    JsonBody(req): JsonBody<ClerkSignIn>,
) -> Result<Json<SignedIn>, BackofficeError> {
    let key = format!("clerk:{}", req.clerk_id);
    st.lockout(&key, LockoutStep::Admit).await?;
    let rec = st.storage().clerk(&req.clerk_id).await?;
    check_guess(
        &st,
        &key,
        rec.as_ref().map(|r| r.secret_hash.clone()),
        req.secret,
    )
    .await?;
    let rec = rec.ok_or(BackofficeError::BadCredentials)?;
    let principal = Principal::Clerk {
        id: rec.id,
        name: rec.name,
        roles: rec.roles,
        queues: rec.queues,
    };
    Ok(Json(issue(&st, principal).await?))
}

#[utoipa::path(get, path = "/auth/me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "Who the token stands for, and until when", body = Whoami),
        (status = 401, description = "No token, or it was ended or has expired", body = ErrorBody),
        (status = 403, description = "The admin token is not a session", body = ErrorBody)))]
pub async fn me(
    State(st): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Whoami>, BackofficeError> {
    let hash = token_hash(bearer(&headers)?);
    if st.admin_token_hash().is_some_and(|h| h == hash) {
        return Err(BackofficeError::Forbidden {
            needed: "a workstation or clerk session",
        });
    }
    let session = st.session_record(&hash).await?;
    let shown = describe(session.principal)?;
    Ok(Json(Whoami {
        kind: shown.kind,
        subject: shown.subject,
        name: shown.name,
        roles: shown.roles,
        queues: shown.queues,
        expires_at: to_time(session.expires_at),
    }))
}

#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "The token no longer works"),
        (status = 401, description = "No valid token", body = ErrorBody)))]
pub async fn sign_out(
    State(st): State<AppState>,
    _auth: Auth,
    headers: HeaderMap,
) -> Result<StatusCode, BackofficeError> {
    st.storage()
        .delete_session(&token_hash(bearer(&headers)?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
