//! Managed state: the desk (or why there is none) and the live status.

use crate::startup::Boot;
use crate::{card_reader, monitor, printer};
use ow_desk::{Desk, StatusSnapshot};
use ow_error::ErrorBody;
use std::sync::Arc;
use std::time::Instant;
use tauri::{AppHandle, Manager};
use tokio::sync::watch;

/// What every command reaches through `State<'_, Shell>`.
pub struct Shell {
    desk: Result<Arc<Desk>, ErrorBody>,
    pub status: watch::Receiver<StatusSnapshot>,
    pub started: Instant,
    /// The back office for the window's own requests (the hand-over), once connected.
    pub results: Arc<crate::results::ResultsLink>,
}

impl Shell {
    /// The desk, or the start-up error the UI shows instead of the clerk's screen.
    pub fn desk(&self) -> Result<&Desk, ErrorBody> {
        self.desk.as_deref().map_err(Clone::clone)
    }

    /// The desk as a shared handle, for work moved to a blocking thread.
    pub fn desk_arc(&self) -> Result<Arc<Desk>, ErrorBody> {
        self.desk.clone()
    }
}

pub fn manage(app: &tauri::App, boot: Boot, started: Instant) {
    let desk = boot.desk.map(Arc::new);
    let results = Arc::new(crate::results::ResultsLink::default());
    let status = match &desk {
        Ok(desk) => {
            crate::outbox::spawn_reporter(app.handle().clone(), Arc::clone(desk));
            crate::retention::spawn(Arc::clone(desk));
            let (tx, rx) =
                monitor::spawn(app.handle().clone(), Arc::clone(desk), Arc::clone(&results));
            card_reader::spawn(app.handle().clone(), desk, tx.clone());
            printer::spawn(app.handle().clone(), Arc::clone(desk), tx.clone());
            crate::scanner::spawn(app.handle().clone(), Arc::clone(desk), tx);
            rx
        }
        Err(_) => watch::channel(StatusSnapshot::unavailable()).1,
    };
    app.manage(Shell {
        desk,
        status,
        started,
        results,
    });
}

pub fn focus_main_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}
