//! Results in the shell: once the back office is known, polls `GET /changes` every few
//! seconds and tells the UI (`ResultsChanged`) when the pickup list changes. Hand-overs go
//! through the outbox, not through this link.

use ow_desk::{Desk, ResultsSummary};
use ow_error::ErrorBody;
use ow_sync::{BackofficeClient, Failure, WorkstationSession};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::OnceCell;

/// The top bar's pickup count listens to this.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct ResultsChanged(pub ResultsSummary);

const POLL_EVERY: Duration = Duration::from_secs(5);
/// An unchanged presence is sent again this often: the back office counts a window closed
/// after 45 s without one (`ow_api::PRESENCE_STALE_SECONDS`), so three may go missing.
const PRESENCE_AGAIN: Duration = Duration::from_secs(15);

/// The last presence the back office accepted, and when: a change goes at once, the same
/// again only every [`PRESENCE_AGAIN`].
#[derive(Default)]
struct PresenceBeat {
    last: Option<(ow_api::WindowPresence, std::time::Instant)>,
}

/// The back office as the window's own commands reach it: set once the link is up.
#[derive(Default)]
pub struct ResultsLink {
    session: OnceCell<Arc<WorkstationSession>>,
}

impl ResultsLink {
    /// The back office once the monitor has connected, waiting up to `max` for it (the
    /// sandbox's embedded one starts after the first paint, so the first sign-in may come
    /// before it); `None` when it does not come: the sign-in then goes offline.
    pub async fn client_within(&self, max: Duration) -> Option<BackofficeClient> {
        let until = tokio::time::Instant::now() + max;
        loop {
            if let Some(c) = self.client_now() {
                return Some(c);
            }
            if tokio::time::Instant::now() >= until {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The back office, if connected.
    pub fn client_now(&self) -> Option<BackofficeClient> {
        self.session.get().map(|s| s.client().clone())
    }

    fn session(&self) -> Result<&Arc<WorkstationSession>, ErrorBody> {
        self.session.get().ok_or_else(|| {
            ErrorBody::new("sync.unreachable", "the back office is not connected yet")
        })
    }

    /// Runs one request with the workstation's token, signing in again once if the back office
    /// ended the session; the back office's own code on refusal.
    pub async fn call<T, F, Fut>(&self, call: F) -> Result<T, ErrorBody>
    where
        F: Fn(BackofficeClient, String) -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        self.session()?
            .call(call)
            .await
            .map_err(|e| e.to_error_body())
    }
}

/// Starts polling through the workstation's `session`.
pub fn start(
    app: AppHandle,
    desk: Arc<Desk>,
    link: Arc<ResultsLink>,
    session: Arc<WorkstationSession>,
) {
    if link.session.set(session).is_err() {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let mut last: Option<ResultsSummary> = None;
        let mut beat = PresenceBeat::default();
        loop {
            poll(&desk, &link, &mut beat).await;
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

async fn poll(desk: &Desk, link: &ResultsLink, beat: &mut PresenceBeat) {
    let Ok(session) = link.session() else { return };
    let Ok(token) = session.token().await else {
        return;
    };
    match desk.poll_results(session.client(), &token).await {
        Ok(_) => {}
        Err(Failure::SignInAgain) => return session.forget(&token).await,
        Err(f) => tracing::debug!(reason = %f.reason(), "results: poll failed; next time"),
    }
    // The floor learns who sits here with the same beat; a missed report only ages it.
    let Ok(presence) = desk.presence() else {
        return;
    };
    let due = beat
        .last
        .as_ref()
        .is_none_or(|(sent, at)| *sent != presence || at.elapsed() >= PRESENCE_AGAIN);
    if due {
        match session.client().post_presence(&token, &presence).await {
            Ok(()) => beat.last = Some((presence, std::time::Instant::now())),
            Err(f) => tracing::debug!(reason = %f.reason(), "presence: not reported; next time"),
        }
    }
}
