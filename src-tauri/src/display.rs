//! How the web view draws itself (`[display]` in the configuration).

use crate::startup::Boot;

/// Call before any other thread exists: it may set an environment variable, and setting one
/// races with every reader.
pub fn apply(boot: &Boot) {
    let gpu = boot
        .config
        .as_ref()
        .is_ok_and(|c| c.display.gpu_compositing);
    // WebKitGTK reads this when it creates the web view; an explicit setting is left alone.
    #[cfg(target_os = "linux")]
    if !gpu && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = gpu;
}

/// The main window is created hidden (`visible: false` in `tauri.conf.json`) and shown once
/// its page has loaded. Shown earlier, WebKitGTK without compositing draws it while the page
/// still loads its files from this process, and the main thread then waits up to 500 ms for
/// a web process that is itself waiting for the main thread. Measured: every other launch
/// took ~500 ms longer (the floor window, shown at once, does the same).
pub fn show_once_loaded(webview: &tauri::Webview, page: &tauri::webview::PageLoadPayload<'_>) {
    if page.event() == tauri::webview::PageLoadEvent::Finished {
        tracing::debug!("page loaded: showing the window");
        let _ = webview.window().show();
    }
}

/// Should no page load ever be reported, the window is shown anyway after this long.
const SHOW_ANYWAY: std::time::Duration = std::time::Duration::from_secs(2);

pub fn show_anyway_later(app: tauri::AppHandle) {
    use tauri::Manager as _;
    let _ = std::thread::Builder::new()
        .name("show-window".into())
        .spawn(move || {
            std::thread::sleep(SHOW_ANYWAY);
            if let Some(w) = app.get_webview_window("main") {
                if !w.is_visible().unwrap_or(true) {
                    tracing::warn!("no page load reported: showing the window anyway");
                    let _ = w.show();
                }
            }
        });
}

/// The citizen's window (`display.citizen_screen`, 好差评): its own page, on the second monitor
/// and full screen there when there is one. Without it the rating covers the clerk's screen.
pub fn open_citizen_window(app: &tauri::App) {
    let built = tauri::WebviewWindowBuilder::new(
        app,
        "citizen",
        tauri::WebviewUrl::App("citizen.html".into()),
    )
    .title("请评价 · OneWindow")
    .inner_size(1024.0, 768.0)
    .build();
    match built {
        Ok(w) => {
            let second = w
                .available_monitors()
                .ok()
                .and_then(|m| m.into_iter().nth(1));
            if let Some(m) = second {
                let _ = w.set_position(*m.position());
                let _ = w.set_fullscreen(true);
            }
        }
        Err(e) => tracing::error!(error = %e, "the citizen's window could not be created"),
    }
}
