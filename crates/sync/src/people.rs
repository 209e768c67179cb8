//! A person's sign-in at the back office, and the check that their session still stands.

use crate::intake::{classify, Failure};
use crate::{BackofficeClient, SyncError};
use ow_api::{ClerkSignIn, SignedIn, Whoami};
use ow_error::ErrorBody;
use reqwest::StatusCode;

/// Why the back office did not sign a person in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInRefusal {
    /// Unknown account or wrong secret (the server does not say which).
    BadCredentials,
    /// Too many failures: try again after this long.
    Locked { retry_after_seconds: u64 },
    /// The link is down, timed out, or the server failed (5xx): an offline sign-in may help.
    Unreachable { code: String },
    /// Anything else the server refused, with its stable code.
    Refused { code: String, message: String },
}

impl From<SyncError> for SignInRefusal {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Unreachable { ref source, .. } if source.is_timeout() => Self::Unreachable {
                code: "sync.timeout".into(),
            },
            SyncError::Unreachable { .. } | SyncError::Status { .. } => Self::Unreachable {
                code: ow_error::ErrorCode::code(&e).to_owned(),
            },
            other => Self::Refused {
                code: ow_error::ErrorCode::code(&other).to_owned(),
                message: other.to_string(),
            },
        }
    }
}

impl BackofficeClient {
    /// `POST /auth/clerk` for a staff member, after checking the server is in our mode.
    pub async fn sign_in_person(
        &self,
        account: &str,
        secret: &str,
    ) -> Result<SignedIn, SignInRefusal> {
        let body = ClerkSignIn {
            clerk_id: account.to_owned(),
            secret: secret.to_owned(),
        };
        let (_, resp) = self.post_sign_in("/auth/clerk", &body).await?;
        let status = resp.status();
        if status.is_success() {
            return resp
                .json::<SignedIn>()
                .await
                .map_err(|_| SignInRefusal::Unreachable {
                    code: "sync.bad_status".into(),
                });
        }
        if status == StatusCode::UNAUTHORIZED {
            return Err(SignInRefusal::BadCredentials);
        }
        let header_wait = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body: Option<ErrorBody> = resp
            .text()
            .await
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        if status == StatusCode::TOO_MANY_REQUESTS {
            let body_wait = body
                .as_ref()
                .and_then(|b| b.details.as_ref())
                .and_then(|d| d.get("retry_after_seconds"))
                .and_then(serde_json::Value::as_u64);
            return Err(SignInRefusal::Locked {
                retry_after_seconds: header_wait.or(body_wait).unwrap_or(60),
            });
        }
        if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
            return Err(SignInRefusal::Unreachable {
                code: "sync.bad_status".into(),
            });
        }
        Err(match body {
            Some(b) => SignInRefusal::Refused {
                code: b.code,
                message: b.message,
            },
            None => SignInRefusal::Refused {
                code: "sync.bad_status".into(),
                message: format!("the back office answered {}", status.as_u16()),
            },
        })
    }

    /// `GET /auth/me`: whether a person's session still stands. A revoked or expired token is
    /// [`Failure::SignInAgain`].
    pub async fn whoami(&self, token: &str) -> Result<Whoami, Failure> {
        self.get_json("/auth/me", token).await
    }

    /// `POST /auth/sign-out`: the token stops working (best effort: an offline sign-out is
    /// still a sign-out here, and the token expires on its own).
    pub async fn sign_out(&self, token: &str) -> Result<(), Failure> {
        let resp = self
            .http
            .post(self.url("/auth/sign-out"))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(classify(resp).await)
        }
    }
}
