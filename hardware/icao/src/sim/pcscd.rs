//! Starts pcscd when none is running (there is no systemd on the test machines), and stops
//! it again when the last user lets go. A pcscd that was already running is left alone.

use crate::error::{IcaoError, Result};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long a freshly started pcscd is left to settle before use.
const SETTLE: Duration = Duration::from_millis(500);

/// A running pcscd; stops it on drop if this process started it.
#[derive(Debug)]
pub struct Pcscd {
    child: Option<Child>,
}

impl Pcscd {
    /// Whether this process started the daemon.
    pub fn started_here(&self) -> bool {
        self.child.is_some()
    }
}

/// The vpcd readers pcscd offers, if it answers.
pub fn virtual_readers() -> Option<Vec<String>> {
    let ctx = pcsc::Context::establish(pcsc::Scope::User).ok()?;
    let names = ctx.list_readers_owned().unwrap_or_default();
    Some(
        names
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n.starts_with("Virtual PCD"))
            .collect(),
    )
}

/// Makes sure pcscd runs with the vpcd readers, starting `pcscd --foreground` if needed.
pub fn ensure(timeout: Duration) -> Result<Pcscd> {
    if virtual_readers().is_some_and(|r| !r.is_empty()) {
        return Ok(Pcscd { child: None });
    }
    let spawn = |bin: &str| {
        Command::new(bin)
            // --auto-exit is the backstop should this process die without dropping the guard.
            .args(["--foreground", "--auto-exit"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
    };
    let child = spawn("pcscd")
        .or_else(|_| spawn("/usr/sbin/pcscd"))
        .map_err(|e| IcaoError::io("starting pcscd (is the pcscd package installed?)", e))?;
    let guard = Pcscd { child: Some(child) };
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if virtual_readers().is_some_and(|r| !r.is_empty()) {
            // Observed with pcsc-lite 2.x + vpcd: for the first seconds after start-up, a
            // disconnect makes pcscd report the card gone and miss the next insertion.
            std::thread::sleep(SETTLE);
            return Ok(guard);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(IcaoError::Timeout {
        operation: "pcscd start-up with vpcd readers",
        millis: timeout.as_millis() as u64,
    })
}

/// One pcscd shared by every user in this process, stopped when the last `Arc` is dropped.
pub fn shared() -> Result<Arc<Pcscd>> {
    static SHARED: Mutex<Weak<Pcscd>> = Mutex::new(Weak::new());
    let mut slot = SHARED.lock().map_err(|_| IcaoError::Io {
        context: "pcscd guard",
        source: std::io::Error::other("poisoned lock"),
    })?;
    if let Some(p) = slot.upgrade() {
        return Ok(p);
    }
    let p = Arc::new(ensure(Duration::from_secs(10))?);
    *slot = Arc::downgrade(&p);
    Ok(p)
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // SIGTERM first so pcscd removes its socket and pid file; SIGKILL only as a fallback.
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}
