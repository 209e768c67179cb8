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
