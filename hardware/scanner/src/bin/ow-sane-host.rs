//! `ow-sane-host`: the helper process the app runs libsane in (see `ow_scanner::sane::serve`).
//! Started by the app with pipes on stdin and stdout; not meant to be run by hand.

#[cfg(unix)]
fn main() -> std::process::ExitCode {
    ow_scanner::sane::serve()
}

#[cfg(not(unix))]
fn main() -> std::process::ExitCode {
    eprintln!("ow-sane-host: SANE is not available on this system");
    std::process::ExitCode::FAILURE
}
