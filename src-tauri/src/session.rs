//! The sign-in in the shell: tells the UI (`SessionChanged`) whenever who is signed in changes,
//! and checks every few seconds that the back office still stands by the person's token (a
//! revoked or expired one signs them out here, with the reason on the sign-in screen).

use ow_desk::{Desk, SessionView};
use ow_sync::{BackofficeClient, Failure};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;

/// The event the UI follows to switch between the sign-in screen, the lock and the work.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct SessionChanged(pub SessionView);

const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Emits the desk's current session.
pub fn announce(app: &AppHandle, desk: &Desk) {
    match desk.session() {
        Ok(view) => {
            let _ = SessionChanged(view).emit(app);
        }
        Err(e) => tracing::warn!(error = %ow_error::chain_message(&e), "session: cannot read"),
    }
}

/// Starts the token check on `client`'s back office.
pub fn spawn_check(app: AppHandle, desk: Arc<Desk>, client: BackofficeClient) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            let Ok(Some(token)) = desk.person_token() else {
                continue;
            };
            // Offline or a server fault: the person keeps working; checked again later.
            if let Err(Failure::SignInAgain) = client.whoami(&token).await {
                if desk.session_ended(&token).unwrap_or(false) {
                    announce(&app, &desk);
                }
            }
        }
    });
}
