//! Managed state: the desk (or why there is none) and the live status.

use crate::first_paint::FirstPaint;
use crate::startup::DeskSlot;
use crate::{card_reader, monitor, printer};
use ow_api::ClerkRole;
use ow_desk::{Desk, StatusSnapshot};
use ow_error::ErrorBody;
use std::sync::Arc;
use std::time::Instant;
use tauri::{AppHandle, Manager};
use tokio::sync::watch;

/// What every command reaches through `State<'_, Shell>`.
pub struct Shell {
    desk: Arc<DeskSlot>,
    pub status: watch::Receiver<StatusSnapshot>,
    pub started: Instant,
    pub first_paint: FirstPaint,
    /// The back office for the window's own requests (the hand-over), once connected.
    pub results: Arc<crate::results::ResultsLink>,
}

impl Shell {
    /// The desk, or the start-up error the UI shows instead of the clerk's screen. Waits while
    /// the desk is still opening (it opens beside the window and is normally long open).
    pub fn desk(&self) -> Result<&Desk, ErrorBody> {
        (**self.desk).as_deref().map_err(Clone::clone)
    }

    /// The desk as a shared handle, for work moved to a blocking thread.
    pub fn desk_arc(&self) -> Result<Arc<Desk>, ErrorBody> {
        (**self.desk).clone()
    }

    /// The desk, for a signed-in person holding `role` with the screen unlocked; otherwise
    /// `auth.signed_out`, `auth.screen_locked` or `auth.forbidden`. Every command that acts
    /// comes through here, so a role is enforced below the UI.
    pub fn desk_for(&self, role: ClerkRole) -> Result<&Desk, ErrorBody> {
        let desk = self.desk()?;
        desk.require(role)?;
        Ok(desk)
    }

    /// [`Shell::desk_for`] for work any of `roles` may do.
    pub fn desk_for_any(&self, roles: &[ClerkRole]) -> Result<&Desk, ErrorBody> {
        let desk = self.desk()?;
        desk.require_any(roles)?;
        Ok(desk)
    }

    /// The window's own work: cases, items, materials, decisions, identity, outbox, results.
    pub fn clerk(&self) -> Result<&Desk, ErrorBody> {
        self.desk_for(ClerkRole::Clerk)
    }

    /// [`Shell::clerk`] as a shared handle, for work moved to a blocking thread.
    pub fn clerk_arc(&self) -> Result<Arc<Desk>, ErrorBody> {
        let desk = self.desk_arc()?;
        desk.require(ClerkRole::Clerk)?;
        Ok(desk)
    }
}

/// Background work starts once the desk is open: the readers at once, everything else after
/// the first paint (see `first_paint.rs`).
pub fn manage(
    app: &tauri::App,
    desk: Arc<DeskSlot>,
    status: watch::Sender<StatusSnapshot>,
    started: Instant,
) {
    let rx = status.subscribe();
    let tx = status;
    let results = Arc::new(crate::results::ResultsLink::default());
    let first_paint = FirstPaint::new();
    let painted = first_paint.wait();
    let handle = app.handle().clone();
    let slot = Arc::clone(&desk);
    let link = Arc::clone(&results);
    tauri::async_runtime::spawn(async move {
        let Ok(Ok(desk)) = tokio::task::spawn_blocking(move || (**slot).clone()).await else {
            return;
        };
        card_reader::spawn(handle.clone(), &desk, tx.clone());
        painted.await;
        crate::outbox::spawn_reporter(handle.clone(), Arc::clone(&desk));
        crate::retention::spawn(Arc::clone(&desk));
        monitor::spawn(handle.clone(), Arc::clone(&desk), link, tx.clone());
        printer::spawn(handle.clone(), Arc::clone(&desk), tx.clone());
        crate::scanner::spawn(handle, desk, tx);
    });
    app.manage(Shell {
        desk,
        status: rx,
        started,
        first_paint,
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
