//! The `app` domain: who and where, live status, start-up timing.

use crate::state::Shell;
use ow_case::CaseSummary;
use ow_desk::{AppInfo, CatalogInfo, OutboxSummary, ResultsSummary, SessionView, StatusSnapshot};
use ow_error::ErrorBody;
use serde::{Deserialize, Serialize};
use tauri::State;

/// Everything the clerk's first screen shows. The page asks for it as its script starts, in one
/// call, so the screen's first render is already complete.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FirstScreen {
    pub info: AppInfo,
    /// Who is signed in: nobody at start, so the sign-in screen comes first.
    pub session: SessionView,
    pub status: StatusSnapshot,
    pub catalog: CatalogInfo,
    pub outbox: OutboxSummary,
    pub results: ResultsSummary,
    /// The signed-in person's latest cases, newest first (`recent` of them at most); none
    /// before a sign-in or over a locked screen.
    pub recent: Vec<CaseSummary>,
}

/// The first screen's data; fails with the start-up error when the desk refuses to serve.
/// Async: waiting for the desk to open must not hold the window's thread.
#[tauri::command]
#[specta::specta]
pub async fn first_screen(shell: State<'_, Shell>, recent: u32) -> Result<FirstScreen, ErrorBody> {
    let desk = shell.desk_arc()?;
    let session = desk.session()?;
    let recent = if desk.require(ow_api::ClerkRole::Clerk).is_ok() {
        desk.recent_cases(recent)?
    } else {
        Vec::new()
    };
    Ok(FirstScreen {
        info: desk.info(),
        session,
        status: shell.status.borrow().clone(),
        catalog: desk.catalog_info(),
        outbox: desk.outbox_summary()?,
        results: desk.results_summary()?,
        recent,
    })
}

/// The top bar's current state (changes arrive as `StatusChanged` events).
#[tauri::command]
#[specta::specta]
pub fn status(shell: State<'_, Shell>) -> StatusSnapshot {
    // Waits for the desk, whose opening puts the first real snapshot in place.
    let _ = shell.desk();
    shell.status.borrow().clone()
}

/// Where the page's start-up went: whole milliseconds on the page's own clock
/// (`performance.now()`), which starts when the web view begins loading it.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
pub struct PageTimeline {
    /// The start-up script began to run (the bundle is loaded and parsed).
    pub script: u32,
    /// The first screen's data had arrived.
    pub data: u32,
    /// The first screen was rendered into the page.
    pub rendered: u32,
    /// Two frames later: painted. The page called `ui_ready` then.
    pub painted: u32,
}

/// Called by the UI once the clerk's screen is painted; the start-up benchmark reads the line.
#[tauri::command]
#[specta::specta]
pub fn ui_ready(shell: State<'_, Shell>, page: PageTimeline) {
    let ms = shell.started.elapsed().as_millis();
    // The page's clock started this long after the process did (the call's own travel is
    // counted in it, a millisecond or two).
    let loading = ms.saturating_sub(u128::from(page.painted));
    let PageTimeline {
        script,
        data,
        rendered,
        painted,
    } = page;
    println!("OW_READY {ms} page_started={loading} script={script} data={data} rendered={rendered} painted={painted}");
    tracing::info!(
        ms,
        page_started = loading,
        script,
        data,
        rendered,
        painted,
        "clerk screen painted"
    );
    shell.first_paint.mark();
}
