//! Scanners through libsane. One worker thread owns libsane (it is not thread-safe across
//! handles); [`SaneScanner`] values are cheap clients that send it requests.

mod ffi;
mod frame;
mod options;
mod values;
mod worker;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use crate::error::ScanError;
use crate::scanner::Scanner;
use crate::types::{CancelToken, DeviceCapabilities, DeviceInfo, Page, ScanSettings};
use ffi::Status;
use worker::{Event, Request};

/// How to start libsane.
#[derive(Debug, Clone, Default)]
pub struct SaneConfig {
    /// Sets `SANE_CONFIG_DIR` before `sane_init` (read once, process-wide). `None` leaves the
    /// environment alone (normally `/etc/sane.d`). See [`write_test_device_config`].
    pub config_dir: Option<PathBuf>,
}

/// Extra wait on top of a page's own timeout before the client gives up on the worker: opening
/// a USB device and the first `sane_start` (lamp warm-up) take seconds on real scanners.
const WORKER_GRACE: Duration = Duration::from_secs(15);
/// Bound for listing devices (network backends probe the LAN).
const LIST_TIMEOUT: Duration = Duration::from_secs(30);

struct Link {
    tx: mpsc::Sender<Request>,
}

static SHARED: Mutex<Weak<Link>> = Mutex::new(Weak::new());

/// A client of the process's SANE worker. Clones share it; when the last one is dropped the
/// worker closes its handles and calls `sane_exit`.
#[derive(Clone)]
pub struct SaneScanner {
    link: Arc<Link>,
}

impl std::fmt::Debug for SaneScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SaneScanner")
    }
}

impl SaneScanner {
    /// Connect to the SANE worker, starting it (and `sane_init`) if none is running.
    /// While a worker lives, later `config` values are ignored: SANE reads its configuration
    /// once, at init.
    pub fn open(config: &SaneConfig) -> Result<Self, ScanError> {
        let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(link) = shared.upgrade() {
            return Ok(Self { link });
        }
        let tx = worker::spawn(config.config_dir.clone())?;
        let link = Arc::new(Link { tx });
        *shared = Arc::downgrade(&link);
        Ok(Self { link })
    }

    fn call<T>(
        &self,
        make: impl FnOnce(SyncSender<Result<T, ScanError>>) -> Request,
        timeout: Duration,
    ) -> Result<T, ScanError> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.link
            .tx
            .send(make(tx))
            .map_err(|_| ScanError::WorkerGone)?;
        match rx.recv_timeout(timeout) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => Err(ScanError::Timeout(millis(timeout))),
            Err(RecvTimeoutError::Disconnected) => Err(ScanError::WorkerGone),
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Scanner for SaneScanner {
    fn devices(&self) -> Result<Vec<DeviceInfo>, ScanError> {
        self.call(Request::Devices, LIST_TIMEOUT)
    }

    fn capabilities(&self, device_id: &str) -> Result<DeviceCapabilities, ScanError> {
        let id = device_id.to_owned();
        self.call(|tx| Request::Capabilities(id, tx), LIST_TIMEOUT)
    }

    fn scan(
        &self,
        device_id: &str,
        settings: &ScanSettings,
        cancel: &CancelToken,
        on_page: &mut dyn FnMut(Page),
    ) -> Result<u32, ScanError> {
        // Capacity 1: the worker waits while the caller stores a page, so a long feeder
        // batch never piles up hundreds of megabytes of pixels.
        let (tx, rx) = mpsc::sync_channel(1);
        self.link
            .tx
            .send(Request::Scan {
                device: device_id.to_owned(),
                settings: settings.clone(),
                cancel: cancel.clone(),
                events: tx,
            })
            .map_err(|_| ScanError::WorkerGone)?;
        let page_timeout = Duration::from_millis(settings.page_timeout_ms);
        loop {
            match rx.recv_timeout(page_timeout + WORKER_GRACE) {
                Ok(Event::Page(page)) => on_page(page),
                Ok(Event::Done(result)) => return result,
                Err(RecvTimeoutError::Timeout) => {
                    // The worker is stuck inside the backend: stop waiting, and make it
                    // cancel as soon as the backend returns.
                    cancel.cancel();
                    return Err(ScanError::Timeout(settings.page_timeout_ms));
                }
                Err(RecvTimeoutError::Disconnected) => return Err(ScanError::WorkerGone),
            }
        }
    }
}

/// Map a SANE status to the crate error. `what` names the operation, for the log.
pub(crate) fn status_error(status: Status, what: &str) -> ScanError {
    match status {
        Status::DEVICE_BUSY => ScanError::Busy,
        Status::JAMMED => ScanError::Jammed,
        Status::NO_DOCS => ScanError::NoDocs,
        Status::COVER_OPEN => ScanError::CoverOpen,
        Status::ACCESS_DENIED => ScanError::AccessDenied,
        Status::NO_MEM => ScanError::NoMemory,
        Status::CANCELLED => ScanError::Cancelled,
        Status::IO_ERROR => ScanError::Io(what.to_owned()),
        other => ScanError::Refused {
            what: what.to_owned(),
            status: other.message(),
        },
    }
}

/// Write a SANE configuration folder that enables only the `test` backend (for tests and the
/// trainers' sandbox), without touching /etc: `dll.conf` with `test`, and a copy of the
/// system's `test.conf` with `devices` devices and the geometry limit raised so A4 fits.
/// The test backend keeps option values per device across opens, so tests that leave odd
/// state behind (error statuses, slow reads) are best given a device of their own.
pub fn write_test_device_config(dir: &Path, devices: u32) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("dll.conf"), "test\n")?;
    let base = std::fs::read_to_string("/etc/sane.d/test.conf")
        .unwrap_or_else(|_| "number_of_devices 2\nmode Gray\ndepth 8\nresolution 50.0\n".into());
    let mut conf: String = base
        .lines()
        .filter(|l| !l.starts_with("geometry_max") && !l.starts_with("number_of_devices"))
        .map(|l| format!("{l}\n"))
        .collect();
    conf.push_str(&format!(
        "number_of_devices {}\ngeometry_max 300.0\n",
        devices.max(1)
    ));
    std::fs::write(dir.join("test.conf"), conf)
}
