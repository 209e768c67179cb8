//! A minimal Tauri 2 window that reports its first paint the same way OneWindow does.

use std::time::Instant;

#[tauri::command]
fn ready(started: tauri::State<'_, Instant>) {
    println!("OW_READY {}", started.elapsed().as_millis());
}

fn main() -> std::process::ExitCode {
    let started = Instant::now();
    let app = tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![ready])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            app.run(|_, _| {});
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
