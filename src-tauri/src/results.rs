//! Results in the shell: once the back office is known, polls `GET /changes` every few
//! seconds, tells the UI (`ResultsChanged`) when the pickup list changes, and lends the signed-in
//! link to the hand-over command.

use ow_desk::{Desk, ResultsSummary};
use ow_error::ErrorBody;
use ow_sync::{BackofficeClient, Failure};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::{Mutex, OnceCell};

/// The top bar's pickup count listens to this.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct ResultsChanged(pub ResultsSummary);

const POLL_EVERY: Duration = Duration::from_secs(5);

/// The back office as the window's own commands reach it: set once the link is up.
#[derive(Default)]
pub struct ResultsLink {
    client: OnceCell<BackofficeClient>,
    token: Mutex<Option<String>>,
}

impl ResultsLink {
    fn client(&self) -> Result<&BackofficeClient, ErrorBody> {
        self.client.get().ok_or_else(|| {
            ErrorBody::new("sync.unreachable", "the back office is not connected yet")
        })
    }

    /// A session token, signing in when there is none.
    async fn token(&self, desk: &Desk) -> Result<String, ErrorBody> {
        let mut held = self.token.lock().await;
        if let Some(t) = held.as_ref() {
            return Ok(t.clone());
        }
        let cfg = desk.config();
        let t = self
            .client()?
            .sign_in_workstation(
                &cfg.window.workstation_id,
                &cfg.backoffice.workstation_secret,
            )
            .await?;
        *held = Some(t.clone());
        Ok(t)
    }

    async fn forget_token(&self) {
        *self.token.lock().await = None;
    }

    /// Hands a result out at this window; signs in again once if the session ended.
    pub async fn hand_out(&self, desk: &Desk, case_number: &str) -> Result<(), ErrorBody> {
        let token = self.token(desk).await?;
        match desk.hand_out(self.client()?, &token, case_number).await {
            Err(e)
                if ow_error::ErrorCode::code(&e) == "desk.backoffice_refused"
                    && e.to_string().contains("backoffice.unauthorized") =>
            {
                self.forget_token().await;
                let token = self.token(desk).await?;
                Ok(desk.hand_out(self.client()?, &token, case_number).await?)
            }
            other => Ok(other?),
        }
    }
}

/// Starts polling on `client`.
pub fn start(app: AppHandle, desk: Arc<Desk>, link: Arc<ResultsLink>, client: BackofficeClient) {
    if link.client.set(client).is_err() {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let mut last: Option<ResultsSummary> = None;
        loop {
            poll(&desk, &link).await;
            if let Ok(s) = desk.results_summary() {
                if last != Some(s) {
                    last = Some(s);
                    let _ = ResultsChanged(s).emit(&app);
                }
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    });
}

async fn poll(desk: &Desk, link: &ResultsLink) {
    let (Ok(token), Ok(client)) = (link.token(desk).await, link.client()) else {
        return;
    };
    match desk.poll_results(client, &token).await {
        Ok(_) => {}
        Err(Failure::SignInAgain) => link.forget_token().await,
        Err(f) => tracing::debug!(reason = %f.reason(), "results: poll failed; next time"),
    }
}
