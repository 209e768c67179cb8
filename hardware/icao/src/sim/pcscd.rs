//! Starts pcscd when none is running (there is no systemd on the test machines), and stops
//! it again when the last user lets go. A pcscd that was already running is left alone.

use crate::error::{IcaoError, Result};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long a freshly started pcscd is left to settle before use.
const SETTLE: Duration = Duration::from_millis(500);
const POLL: Duration = Duration::from_millis(100);

/// A running pcscd; stops it on drop if this process started it.
#[derive(Debug)]
pub struct Pcscd {
    child: Option<Child>,
    /// Where the started pcscd writes its log; removed on drop.
    log: Option<PathBuf>,
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

fn has_virtual_readers() -> bool {
    virtual_readers().is_some_and(|r| !r.is_empty())
}

/// Whether any pcscd process is alive on this machine (ours once reaped is not counted).
fn pcscd_alive() -> bool {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return false;
    };
    dir.flatten().any(|e| {
        std::fs::read_to_string(e.path().join("comm")).is_ok_and(|c| c.trim_end() == "pcscd")
    })
}

/// Makes sure pcscd runs with the vpcd readers, starting `pcscd --foreground` if needed.
///
/// A pcscd of another process that is still shutting down makes a new one refuse to start
/// ("another pcscd seems to be running") or start without vpcd's port: so this waits for
/// that one to be gone, and starts ours again if it exits at once. On failure the error
/// carries what pcscd logged (a socket on vpcd's port shows as "Address already in use").
pub fn ensure(timeout: Duration) -> Result<Pcscd> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if has_virtual_readers() {
            return Ok(Pcscd {
                child: None,
                log: None,
            });
        }
        if !pcscd_alive() {
            break;
        }
        std::thread::sleep(POLL);
    }
    if pcscd_alive() {
        return Err(IcaoError::io(
            "pcscd start-up with vpcd readers",
            std::io::Error::other(format!(
                "a pcscd runs without a vpcd reader and did not stop within {} ms \
                 (is vsmartcard-vpcd installed?)",
                timeout.as_millis()
            )),
        ));
    }
    let log = std::env::temp_dir().join(format!("ow-pcscd-{}.log", std::process::id()));
    let mut guard = Pcscd {
        child: Some(spawn(&log)?),
        log: Some(log.clone()),
    };
    let mut exits = Vec::new();
    while Instant::now() < deadline {
        if has_virtual_readers() {
            // Observed with pcsc-lite 2.x + vpcd: for the first seconds after start-up, a
            // disconnect makes pcscd report the card gone and miss the next insertion.
            std::thread::sleep(SETTLE);
            return Ok(guard);
        }
        if let Some(Ok(Some(status))) = guard.child.as_mut().map(Child::try_wait) {
            if exits.len() == 3 {
                exits.remove(0);
            }
            exits.push(format!("{status}: {}", tail(&log)));
            guard.child = None;
        }
        if guard.child.is_none() && !pcscd_alive() {
            guard.child = Some(spawn(&log)?);
        }
        std::thread::sleep(POLL);
    }
    let said = match guard.child.as_ref() {
        Some(_) => format!("still running without them; its log: {}", tail(&log)),
        None => "not running".into(),
    };
    // vpcd's ports lie in the ephemeral range; scripts/setup.sh reserves them.
    let hint = if said.contains("Address already in use") {
        " (another socket holds vpcd's port: sysctl net.ipv4.ip_local_reserved_ports=35963-35964)"
    } else {
        ""
    };
    Err(IcaoError::io(
        "pcscd start-up with vpcd readers",
        std::io::Error::other(format!(
            "no vpcd reader within {} ms; pcscd {said}; last exits: [{}]{hint}",
            timeout.as_millis(),
            exits.join("; ")
        )),
    ))
}

fn spawn(log: &std::path::Path) -> Result<Child> {
    let start = |bin: &str| -> std::io::Result<Child> {
        let out = std::fs::File::create(log)?;
        Command::new(bin)
            // --auto-exit is the backstop should this process die without dropping the guard.
            .args(["--foreground", "--auto-exit"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(out)
            .spawn()
    };
    start("pcscd")
        .or_else(|_| start("/usr/sbin/pcscd"))
        .map_err(|e| IcaoError::io("starting pcscd (is the pcscd package installed?)", e))
}

/// The last lines pcscd logged.
fn tail(log: &std::path::Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join(" | ")
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
        if let Some(mut child) = self.child.take() {
            stop(&mut child);
        }
        if let Some(log) = self.log.take() {
            let _ = std::fs::remove_file(log);
        }
    }
}

fn stop(child: &mut Child) {
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
