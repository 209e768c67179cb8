//! The workstation's one session at the back office: every background task (the outbox
//! forwarder, the results poll, the catalog refresh) and the window's own calls share it, so
//! the workstation signs in once and again only when the back office says the token ended.

use crate::{BackofficeClient, Failure, SyncError};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Signed in with the workstation's id and secret; the token is renewed on a 401.
pub struct WorkstationSession {
    client: BackofficeClient,
    workstation_id: String,
    secret: String,
    token: Mutex<Option<String>>,
}

/// Why a call through the session did not go through.
#[derive(Debug)]
pub enum SessionFailure {
    /// The workstation could not sign in (unreachable, refused).
    SignIn(SyncError),
    /// The call itself failed (after one renewal of the token, when it was a 401).
    Call(Failure),
}

impl SessionFailure {
    /// As the one error model carries it.
    pub fn to_error_body(&self) -> ow_error::ErrorBody {
        match self {
            Self::SignIn(e) => ow_error::ErrorBody::from_error(e),
            Self::Call(f) => f.to_error_body(),
        }
    }
}

impl WorkstationSession {
    pub fn new(client: BackofficeClient, workstation_id: &str, secret: &str) -> Arc<Self> {
        Arc::new(Self {
            client,
            workstation_id: workstation_id.to_owned(),
            secret: secret.to_owned(),
            token: Mutex::new(None),
        })
    }

    pub fn client(&self) -> &BackofficeClient {
        &self.client
    }

    /// The current token, signing in when there is none.
    pub async fn token(&self) -> Result<String, SyncError> {
        let mut slot = self.token.lock().await;
        if let Some(t) = slot.as_ref() {
            return Ok(t.clone());
        }
        let t = self
            .client
            .sign_in_workstation(&self.workstation_id, &self.secret)
            .await?;
        *slot = Some(t.clone());
        Ok(t)
    }

    /// The back office no longer takes `token`: the next call signs in again. (Only that
    /// token: a task that saw an old one fail must not drop a newer one another task got.)
    pub async fn forget(&self, token: &str) {
        let mut slot = self.token.lock().await;
        if slot.as_deref() == Some(token) {
            *slot = None;
        }
    }

    /// Runs `call` with the token; when the back office answers 401, signs in again once and
    /// runs it again.
    pub async fn call<T, F, Fut>(&self, call: F) -> Result<T, SessionFailure>
    where
        F: Fn(BackofficeClient, String) -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        let token = self.token().await.map_err(SessionFailure::SignIn)?;
        match call(self.client.clone(), token.clone()).await {
            Err(Failure::SignInAgain) => {
                self.forget(&token).await;
                let token = self.token().await.map_err(SessionFailure::SignIn)?;
                call(self.client.clone(), token)
                    .await
                    .map_err(SessionFailure::Call)
            }
            other => other.map_err(SessionFailure::Call),
        }
    }
}
