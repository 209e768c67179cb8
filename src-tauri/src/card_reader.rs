//! Starts the desk's readers (the SAM card reader and the PC/SC chip reader) and relays what
//! they report: state changes into the top bar's status (`StatusChanged`), reads to the
//! applicant panel (`CardRead`).

use crate::monitor::StatusChanged;
use ow_desk::{Desk, HubUpdate, IdentityRead, StatusSnapshot};
use std::sync::Arc;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio::sync::watch;

/// A card was read (or a read failed): the applicant panel shows it and applies it by id.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct CardRead(pub IdentityRead);

fn relay(app: AppHandle, tx: watch::Sender<StatusSnapshot>) -> impl FnMut(HubUpdate) + Send {
    move |update: HubUpdate| match update {
        HubUpdate::State(kind, state) => {
            if tx.send_if_modified(|s| s.set_device(kind, state)) {
                let _ = StatusChanged(tx.borrow().clone()).emit(&app);
            }
        }
        HubUpdate::Read(read) => {
            let _ = CardRead(*read).emit(&app);
        }
    }
}

pub fn spawn(app: AppHandle, desk: &Arc<Desk>, tx: watch::Sender<StatusSnapshot>) {
    // A reader that cannot start has already put its reason in the bar.
    if let Err(e) = desk.start_card_reader(relay(app.clone(), tx.clone())) {
        tracing::warn!(code = ow_error::ErrorCode::code(&e), error = %e, "card reader not started");
    }
    if let Err(e) = desk.start_chip_reader(relay(app, tx)) {
        tracing::warn!(code = ow_error::ErrorCode::code(&e), error = %e, "chip reader not started");
    }
}
