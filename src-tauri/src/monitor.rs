//! Keeps the top bar's status fresh: starts the embedded back office in sandbox mode (and the
//! outbox forwarder once the back office is known), checks the link every few seconds, and
//! emits `StatusChanged` when anything changes.

use ow_desk::{Desk, StatusSnapshot};
use ow_error::ErrorBody;
use ow_sync::{BackofficeClient, LinkState, WorkstationSession};
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::watch;

/// The event the UI listens to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct StatusChanged(pub StatusSnapshot);

const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Connects to the back office and keeps the link state in `tx`, the status every command
/// and reader shares.
pub fn spawn(
    app: AppHandle,
    desk: Arc<Desk>,
    results: Arc<crate::results::ResultsLink>,
    tx: watch::Sender<StatusSnapshot>,
) {
    tauri::async_runtime::spawn(async move {
        let client = match connect(&desk).await {
            Ok(c) => c,
            Err(e) => {
                publish(&app, &tx, LinkState::Offline { code: e.code });
                return;
            }
        };
        // One session at the back office for the forwarder, the refresh and the results.
        let cfg = desk.config();
        let session = WorkstationSession::new(
            client.clone(),
            &cfg.window.workstation_id,
            &cfg.backoffice.workstation_secret,
        );
        crate::outbox::start_forwarder(&desk, Arc::clone(&session));
        crate::reference::spawn(app.clone(), Arc::clone(&desk), Arc::clone(&session));
        crate::results::start(app.clone(), Arc::clone(&desk), results, session);
        crate::session::spawn_check(app.clone(), Arc::clone(&desk), client.clone());
        loop {
            publish(&app, &tx, client.link_state().await);
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}

async fn connect(desk: &Desk) -> Result<BackofficeClient, ErrorBody> {
    let cfg = desk.config();
    let mode = cfg.mode;
    let base = if cfg.backoffice.is_embedded() {
        // Only sandbox runs one (the config rules refuse an embedded office in production).
        // On a file: in memory, a restart emptied it and later results stayed below the
        // window's stored cursor.
        let config = ow_backoffice::Config::embedded_sandbox(desk.data_dir());
        let addr = ow_backoffice::spawn_with(([127, 0, 0, 1], 0).into(), config).await?;
        let base = format!("http://{addr}");
        // Its port is chosen now: the rating QR code on the papers points here.
        desk.set_backoffice_base(&base);
        let client = BackofficeClient::new(&base, mode)?;
        // The embedded office knows only its training window: enrol this one, so the
        // forwarder signs in with the same id and secret as against a real back office.
        client
            .provision_workstation(
                ow_backoffice::seed::ADMIN_TOKEN,
                &cfg.window.workstation_id,
                &format!("综合窗口 {}", cfg.window.number),
                &cfg.backoffice.workstation_secret,
            )
            .await?;
        // …and let it call tickets of every service group, as the training window does.
        let groups = ow_backoffice::seed::service_groups(&ow_backoffice::seed::queues()?)?;
        client
            .put_window_groups(
                ow_backoffice::seed::ADMIN_TOKEN,
                &ow_api::WindowGroups {
                    workstation_id: cfg.window.workstation_id.clone(),
                    groups: groups.into_iter().map(|g| g.code).collect(),
                },
            )
            .await?;
        return Ok(client);
    } else {
        cfg.backoffice.url.clone()
    };
    Ok(BackofficeClient::new(&base, mode)?)
}

fn publish(app: &AppHandle, tx: &watch::Sender<StatusSnapshot>, link: LinkState) {
    let changed = tx.send_if_modified(|s| {
        let changed = s.backoffice != link;
        s.backoffice = link.clone();
        changed
    });
    if changed {
        tracing::info!(link = ?link, "back-office link changed");
        let _ = StatusChanged(tx.borrow().clone()).emit(app);
    }
}
