//! The calls the forwarder makes (sign in, blobs, intake), each answer sorted into: done,
//! try again later, sign in again, or refused for good.

use crate::{BackofficeClient, SyncError};
use ow_api::{IntakeReceipt, SignedIn, WorkstationSignIn, API_PREFIX, IDEMPOTENCY_KEY};
use ow_error::ErrorBody;
use reqwest::{header, Response, StatusCode};
use std::time::Duration;

/// Why one attempt did not go through. Each carries the stable code of the one error model
/// (the server's, or `sync.*` for the link) and its message, never text to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The link, a timeout, 5xx, 408, 409 or 429: send again later (no sooner than
    /// `retry_after` when the server said so).
    Transient {
        code: String,
        message: String,
        retry_after: Option<Duration>,
    },
    /// The session ended: sign in again, then send again.
    SignInAgain,
    /// Any other 4xx: sending the same body again cannot help.
    Permanent { code: String, message: String },
}

/// The link's own failure codes: the call may go through later as it is.
const LINK_CODES: [&str; 2] = ["sync.unreachable", "sync.timeout"];

impl Failure {
    pub(crate) fn network(e: &reqwest::Error) -> Self {
        let code = if e.is_timeout() {
            "sync.timeout"
        } else {
            "sync.unreachable"
        };
        Self::Transient {
            code: code.into(),
            message: ow_error::chain_message(e),
            retry_after: None,
        }
    }

    /// A failure to try again later, with its code.
    pub fn transient(code: &str, message: impl Into<String>) -> Self {
        Self::Transient {
            code: code.to_owned(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// A failure for good, with its code.
    pub fn permanent(code: &str, message: impl Into<String>) -> Self {
        Self::Permanent {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// The stable code.
    pub fn code(&self) -> &str {
        match self {
            Self::Transient { code, .. } | Self::Permanent { code, .. } => code,
            Self::SignInAgain => "backoffice.unauthorized",
        }
    }

    /// The link failed (unreachable, timed out): the same call may go through later as it is.
    /// Any answer from the back office, even a 5xx, is not a link failure.
    pub fn is_link_failure(&self) -> bool {
        matches!(self, Self::Transient { .. }) && LINK_CODES.contains(&self.code())
    }

    /// As the one error model carries it.
    pub fn to_error_body(&self) -> ErrorBody {
        match self {
            Self::Transient { code, message, .. } | Self::Permanent { code, message } => {
                ErrorBody::new(code, message.clone())
            }
            Self::SignInAgain => ErrorBody::new(self.code(), "the session ended"),
        }
    }

    /// The text kept in the outbox row: `code: message` (the UI reads the code before the
    /// first colon; the store's column is older than this type).
    pub fn reason(&self) -> String {
        let body = self.to_error_body();
        format!("{}: {}", body.code, body.message)
    }
}

/// The longest wait a `Retry-After` can impose: a misconfigured server asking for a day must
/// not park accepted cases for a day.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(15 * 60);

/// `Retry-After` as seconds or an HTTP date, capped at [`MAX_RETRY_AFTER`].
fn retry_after(resp: &Response) -> Option<Duration> {
    parse_retry_after(resp).map(|d| d.min(MAX_RETRY_AFTER))
}

fn parse_retry_after(resp: &Response) -> Option<Duration> {
    let v = resp
        .headers()
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
        .to_std()
        .ok()
}

/// Sorts a non-success answer. 401 means sign in again; 408/409/429 and 5xx pass; every
/// other 4xx is for good. The reason is the server's stable code and message.
pub(crate) async fn classify(resp: Response) -> Failure {
    let status = resp.status();
    let after = retry_after(&resp);
    let body = resp.text().await.unwrap_or_default();
    let (code, message) = match serde_json::from_str::<ErrorBody>(&body) {
        Ok(b) => (b.code, b.message),
        Err(_) => (
            "sync.bad_status".to_owned(),
            format!("the back office answered {}", status.as_u16()),
        ),
    };
    if status == StatusCode::UNAUTHORIZED {
        Failure::SignInAgain
    } else if status.is_client_error()
        && !matches!(
            status,
            StatusCode::REQUEST_TIMEOUT | StatusCode::CONFLICT | StatusCode::TOO_MANY_REQUESTS
        )
    {
        Failure::Permanent { code, message }
    } else {
        Failure::Transient {
            code,
            message,
            retry_after: after,
        }
    }
}

impl BackofficeClient {
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    /// `GET path` with a bearer token, its answer as `T`; any other answer sorted by
    /// [`classify`].
    pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, Failure> {
        let resp = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if !resp.status().is_success() {
            return Err(classify(resp).await);
        }
        resp.json().await.map_err(|e| Failure::network(&e))
    }

    /// A successful answer's body, refused with `code` once it passes `max` bytes (a server
    /// that misbehaves cannot fill the workstation's memory).
    pub(crate) async fn read_capped(
        mut resp: reqwest::Response,
        max: usize,
        code: &'static str,
        what: &str,
    ) -> Result<Vec<u8>, Failure> {
        if !resp.status().is_success() {
            return Err(classify(resp).await);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| Failure::network(&e))? {
            if bytes.len() + chunk.len() > max {
                return Err(Failure::permanent(
                    code,
                    format!("{what} is larger than {max} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// A sign-in (`POST path` with `body`), after checking the server is in our mode: a
    /// sandbox never signs in to production, nor the other way round.
    pub(crate) async fn post_sign_in<B: serde::Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<(String, Response), SyncError> {
        self.health().await?;
        let url = self.url(path);
        let resp = self
            .http
            .post(&url)
            .json(body)
            .send()
            .await
            .map_err(|source| SyncError::Unreachable {
                url: url.clone(),
                source,
            })?;
        Ok((url, resp))
    }

    /// `POST /auth/workstation`.
    pub async fn sign_in_workstation(&self, id: &str, secret: &str) -> Result<String, SyncError> {
        let body = WorkstationSignIn {
            workstation_id: id.to_owned(),
            secret: secret.to_owned(),
        };
        let (url, resp) = self.post_sign_in("/auth/workstation", &body).await?;
        if !resp.status().is_success() {
            let status = resp.status().as_u16();
            return Err(match classify(resp).await {
                Failure::SignInAgain => SyncError::SignInRefused {
                    status,
                    code: "backoffice.bad_credentials".into(),
                    message: "unknown workstation or wrong secret".into(),
                },
                f => {
                    let body = f.to_error_body();
                    SyncError::SignInRefused {
                        status,
                        code: body.code,
                        message: body.message,
                    }
                }
            });
        }
        let signed: SignedIn = resp
            .json()
            .await
            .map_err(|source| SyncError::Unreachable { url, source })?;
        Ok(signed.token)
    }

    /// `HEAD /blobs/{sha256}`: whether the back office has these bytes already.
    pub async fn has_blob(&self, token: &str, sha256: &str) -> Result<bool, Failure> {
        let resp = self
            .http
            .head(self.url(&format!("/blobs/{sha256}")))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        match resp.status() {
            s if s.is_success() => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            _ => Err(classify(resp).await),
        }
    }

    /// `PUT /blobs/{sha256}`: idempotent, the server checks the hash.
    pub async fn put_blob(&self, token: &str, sha256: &str, bytes: Vec<u8>) -> Result<(), Failure> {
        let resp = self
            .http
            .put(self.url(&format!("/blobs/{sha256}")))
            .bearer_auth(token)
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(classify(resp).await)
        }
    }

    /// `POST /cases` with the body exactly as stored and its idempotency key: a replay of a
    /// case the server already took returns the first receipt.
    pub async fn post_case(
        &self,
        token: &str,
        idempotency_key: &str,
        payload: String,
    ) -> Result<IntakeReceipt, Failure> {
        let resp = self
            .http
            .post(self.url("/cases"))
            .bearer_auth(token)
            .header(IDEMPOTENCY_KEY, idempotency_key)
            .header(header::CONTENT_TYPE, "application/json")
            .body(payload)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if !resp.status().is_success() {
            return Err(classify(resp).await);
        }
        resp.json().await.map_err(|e| Failure::network(&e))
    }

    /// `PUT /admin/workstations/{id}` with the admin token: the sandbox provisions this
    /// workstation on its embedded back office at start-up.
    /// `PUT /admin/windows/{id}/groups`: which service groups the window calls from.
    pub async fn put_window_groups(
        &self,
        admin_token: &str,
        groups: &ow_api::WindowGroups,
    ) -> Result<(), SyncError> {
        let url = self.url(&format!("/admin/windows/{}/groups", groups.workstation_id));
        let resp = self
            .http
            .put(&url)
            .bearer_auth(admin_token)
            .json(groups)
            .send()
            .await
            .map_err(|source| SyncError::Unreachable { url, source })?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(SyncError::Status {
                status: resp.status().as_u16(),
            })
        }
    }

    pub async fn provision_workstation(
        &self,
        admin_token: &str,
        id: &str,
        window_name: &str,
        secret: &str,
    ) -> Result<(), SyncError> {
        let url = self.url(&format!("/admin/workstations/{id}"));
        let resp = self
            .http
            .put(&url)
            .bearer_auth(admin_token)
            .json(&ow_api::WorkstationProvision {
                window_name: window_name.to_owned(),
                secret: secret.to_owned(),
            })
            .send()
            .await
            .map_err(|source| SyncError::Unreachable { url, source })?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(SyncError::Status {
                status: resp.status().as_u16(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 503 with this `Retry-After`, as reqwest would hand it over.
    fn answer(retry_after: &str) -> Response {
        let http = ::http::Response::builder()
            .status(503)
            .header(header::RETRY_AFTER, retry_after)
            .body(Vec::<u8>::new())
            .unwrap();
        Response::from(http)
    }

    #[test]
    fn retry_after_is_honoured_but_never_longer_than_the_cap() {
        assert_eq!(retry_after(&answer("7")), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&answer("86400")), Some(MAX_RETRY_AFTER));
        let in_a_week = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc2822();
        assert_eq!(retry_after(&answer(&in_a_week)), Some(MAX_RETRY_AFTER));
        assert_eq!(retry_after(&answer("soon")), None);
    }
}
