//! Keeps the catalog and the working-day calendar current: asks the back office every
//! `catalog.refresh_minutes` (a 304 when nothing is new) and tells the UI (`CatalogChanged`)
//! when a version was installed or refused.

use ow_desk::{CatalogInfo, Desk, RefreshOutcome};
use ow_sync::WorkstationSession;
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;

/// The top bar's catalog tag listens to this.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct CatalogChanged(pub CatalogInfo);

pub fn spawn(app: AppHandle, desk: Arc<Desk>, session: Arc<WorkstationSession>) {
    let every = Duration::from_secs(60 * desk.config().catalog.refresh_minutes.max(1) as u64);
    tauri::async_runtime::spawn(async move {
        loop {
            refresh(&app, &desk, &session).await;
            tokio::time::sleep(every).await;
        }
    });
}

async fn refresh(app: &AppHandle, desk: &Desk, session: &WorkstationSession) {
    let token = match session.token().await {
        Ok(t) => t,
        Err(e) => {
            tracing::info!(error = %ow_error::chain_message(&e), "reference refresh: not signed in; next time");
            return;
        }
    };
    let outcomes = desk.refresh_references(session.client(), &token).await;
    let news = outcomes.iter().any(|(_, o)| {
        matches!(
            o,
            RefreshOutcome::Installed { .. } | RefreshOutcome::Refused { .. }
        )
    });
    if news {
        let _ = CatalogChanged(desk.catalog_info()).emit(app);
    }
}
