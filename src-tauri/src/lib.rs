//! The desktop shell: wiring only. State, commands, events and capabilities live here; the
//! behaviour lives in the `ow-*` crates.

mod bindings;
mod card_reader;
mod commands;
mod display;
mod error_texts;
mod first_paint;
mod logging;
mod malloc;
mod monitor;
mod outbox;
mod printer;
mod reference;
mod results;
mod retention;
mod scanner;
mod session;
mod startup;
mod state;

pub use bindings::specta_builder;

use std::process::ExitCode;

/// Starts the app; returns when the last window closes.
pub fn run() -> ExitCode {
    malloc::tune();
    let started = std::time::Instant::now();
    let boot = startup::boot();
    display::apply(&boot);
    let citizen_screen = boot.config.as_ref().is_ok_and(|c| c.display.citizen_screen);
    let _log_guard = logging::init(&boot);
    let (status_tx, _) = tokio::sync::watch::channel(ow_desk::StatusSnapshot::unavailable());
    let desk = boot.open_desk_beside(status_tx.clone());

    let builder = specta_builder();
    let app = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            state::focus_main_window(app);
        }))
        .invoke_handler(builder.invoke_handler())
        .on_page_load(display::show_once_loaded)
        .setup(move |app| {
            display::show_anyway_later(app.handle().clone());
            if citizen_screen {
                display::open_citizen_window(app);
            }
            builder.mount_events(app);
            state::manage(app, desk, status_tx, started);
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            app.run(|_, _| {});
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "the window could not be created");
            eprintln!("onewindow: the window could not be created: {e}");
            ExitCode::FAILURE
        }
    }
}
