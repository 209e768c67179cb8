//! Scanners through libsane, which runs in a helper process (`ow-sane-host`, see [`host`]):
//! a backend that hangs or crashes costs one scan, never the app. [`SaneScanner`] values are
//! cheap clients of one helper; the helper's one SANE thread takes their requests in turn.

mod ffi;
mod frame;
mod helper;
mod host;
mod options;
mod values;
mod wire;
mod worker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::ScanError;
use crate::scanner::Scanner;
use crate::types::{
    CancelToken, DeviceCapabilities, DeviceInfo, Page, PageOrigin, PaperSource, ScanSettings,
};
use ffi::Status;
use frame::Frame;
pub use helper::HOST_PROGRAM;
use helper::{Helper, Next};
pub use host::serve;
use wire::{Reply, Request, WireError};

/// How to start libsane.
#[derive(Debug, Clone)]
pub struct SaneConfig {
    /// Sets `SANE_CONFIG_DIR` for the helper (SANE reads it once, at init). `None` leaves the
    /// environment alone (normally `/etc/sane.d`). See [`write_test_device_config`].
    pub config_dir: Option<PathBuf>,
    /// The helper program; `None` looks beside the running program (see [`HOST_PROGRAM`]).
    pub program: Option<PathBuf>,
    /// Extra wait on top of a page's own timeout before the helper counts as stuck: opening a
    /// USB device and the first `sane_start` (lamp warm-up) take seconds on real scanners.
    pub grace: Duration,
}

impl Default for SaneConfig {
    fn default() -> Self {
        Self {
            config_dir: None,
            program: None,
            grace: Duration::from_secs(15),
        }
    }
}

/// Bound for listing devices (network backends probe the LAN).
const LIST_TIMEOUT: Duration = Duration::from_secs(30);
/// A frame whose every byte has arrived but whose end does not: how long to wait before
/// taking the page and replacing the helper (a backend stuck in its reader thread's exit).
const END_GRACE: Duration = Duration::from_secs(2);
/// After the clerk cancels: how long the helper may take to stop before it is killed.
const CANCEL_GRACE: Duration = Duration::from_secs(5);
/// How often a waiting scan looks at its cancel token.
const CANCEL_POLL: Duration = Duration::from_millis(50);

struct Shared {
    config: SaneConfig,
    program: PathBuf,
    /// `None` after a helper was killed: the next request starts a new one.
    helper: Mutex<Option<Helper>>,
}

/// A client of one SANE helper process. Clones share it; when the last one is dropped the
/// helper closes its devices, calls `sane_exit` and ends. Open one per workstation and clone
/// it: two helpers would compete for the same devices.
#[derive(Clone)]
pub struct SaneScanner {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for SaneScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SaneScanner")
    }
}

impl SaneScanner {
    /// Start a helper process and `sane_init` in it.
    pub fn open(config: &SaneConfig) -> Result<Self, ScanError> {
        let program = helper::locate(config.program.as_deref())?;
        let first = Helper::start(&program, config.config_dir.as_deref())?;
        Ok(Self {
            shared: Arc::new(Shared {
                config: config.clone(),
                program,
                helper: Mutex::new(Some(first)),
            }),
        })
    }

    /// The helper process's id, while one runs (for diagnostics and the tests that stop it).
    pub fn helper_pid(&self) -> Option<u32> {
        self.lock().as_ref().map(Helper::pid)
    }

    fn lock(&self) -> MutexGuard<'_, Option<Helper>> {
        self.shared.helper.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The running helper, started anew if the last one was killed.
    fn running<'g>(
        &self,
        slot: &'g mut MutexGuard<'_, Option<Helper>>,
    ) -> Result<&'g mut Helper, ScanError> {
        if slot.is_none() {
            let h = Helper::start(
                &self.shared.program,
                self.shared.config.config_dir.as_deref(),
            )?;
            **slot = Some(h);
        }
        slot.as_mut().ok_or(ScanError::WorkerGone)
    }

    /// One request with one JSON reply that `pick` recognises.
    fn call<T>(
        &self,
        req: &Request,
        pick: impl Fn(Reply) -> Option<Result<T, WireError>>,
    ) -> Result<T, ScanError> {
        let mut slot = self.lock();
        let h = self.running(&mut slot)?;
        let outcome = h.send(req).and_then(|()| match h.next(LIST_TIMEOUT) {
            Next::Reply(r) => match pick(r) {
                Some(r) => Ok(r.map_err(ScanError::from)),
                None => Err(ScanError::WorkerGone),
            },
            Next::Silent => Err(ScanError::Timeout(millis(LIST_TIMEOUT))),
            Next::Data(_) | Next::Gone => Err(ScanError::WorkerGone),
        });
        match outcome {
            Ok(answer) => answer,
            Err(e) => {
                kill(&mut slot);
                Err(e)
            }
        }
    }
}

fn kill(slot: &mut MutexGuard<'_, Option<Helper>>) {
    if let Some(h) = slot.take() {
        h.kill();
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Scanner for SaneScanner {
    fn devices(&self) -> Result<Vec<DeviceInfo>, ScanError> {
        self.call(&Request::Devices, |r| match r {
            Reply::Devices(d) => Some(d),
            _ => None,
        })
    }

    fn capabilities(&self, device_id: &str) -> Result<DeviceCapabilities, ScanError> {
        self.call(&Request::Capabilities(device_id.to_owned()), |r| match r {
            Reply::Capabilities(c) => Some(c),
            _ => None,
        })
    }

    fn scan(
        &self,
        device_id: &str,
        settings: &ScanSettings,
        cancel: &CancelToken,
        on_page: &mut dyn FnMut(Page),
    ) -> Result<u32, ScanError> {
        let mut slot = self.lock();
        let h = self.running(&mut slot)?;
        let req = Request::Scan {
            device: device_id.to_owned(),
            settings: settings.clone(),
        };
        if let Err(e) = h.send(&req) {
            kill(&mut slot);
            return Err(e);
        }
        let mut run = ScanRun::new(settings, self.shared.config.grace);
        let outcome = run.follow(h, cancel, on_page);
        if !matches!(outcome, Ended::Done(_)) {
            kill(&mut slot);
        }
        match outcome {
            Ended::Done(r) => r,
            Ended::Kept(pages) => Ok(pages),
            Ended::Stuck(e) => {
                tracing::warn!(device = %device_id, error = %e, "the scanner helper was replaced");
                Err(e)
            }
        }
    }
}

/// How a scan's conversation with the helper ended.
enum Ended {
    /// The helper said `Done`; it can take the next request.
    Done(Result<u32, ScanError>),
    /// The helper is stuck, gone or out of step: it must be replaced.
    Stuck(ScanError),
    /// The scan's one page arrived whole, then the helper stuck: the page counts, the helper
    /// is replaced.
    Kept(u32),
}

/// One scan as the app sees it: frames arriving, pages handed on, the clock and the cancel.
struct ScanRun {
    page_timeout_ms: u64,
    /// The longest silence while the helper works on a page.
    patience: Duration,
    origin: PageOrigin,
    single_page: bool,
    frames: Vec<Frame>,
    current: Option<(Frame, Option<f32>)>,
    dpi: Option<f32>,
    pages: u32,
    cancel_sent: Option<Instant>,
}

impl ScanRun {
    fn new(s: &ScanSettings, grace: Duration) -> Self {
        Self {
            page_timeout_ms: s.page_timeout_ms,
            patience: Duration::from_millis(s.page_timeout_ms) + grace,
            origin: match s.source {
                PaperSource::Flatbed => PageOrigin::Flatbed,
                _ => PageOrigin::Feeder,
            },
            single_page: s.source == PaperSource::Flatbed || s.max_pages == Some(1),
            frames: Vec::new(),
            current: None,
            dpi: None,
            pages: 0,
            cancel_sent: None,
        }
    }

    fn follow(
        &mut self,
        h: &mut Helper,
        cancel: &CancelToken,
        on_page: &mut dyn FnMut(Page),
    ) -> Ended {
        let mut last_heard = Instant::now();
        loop {
            if cancel.is_cancelled() && self.cancel_sent.is_none() {
                self.cancel_sent = Some(Instant::now());
                if h.send(&Request::Cancel).is_err() {
                    return Ended::Stuck(ScanError::Cancelled);
                }
            }
            let limit = self.limit();
            let waited = last_heard.elapsed();
            if waited >= limit {
                return self.give_up(on_page);
            }
            let msg = h.next((limit - waited).min(CANCEL_POLL));
            match msg {
                Next::Silent => continue,
                Next::Gone => {
                    return Ended::Stuck(if self.cancel_sent.is_some() {
                        ScanError::Cancelled
                    } else {
                        ScanError::WorkerGone
                    })
                }
                Next::Data(d) => {
                    if let Err(e) = self.data(&d) {
                        return Ended::Stuck(e);
                    }
                }
                Next::Reply(r) => match self.reply(r, on_page) {
                    Ok(Some(done)) => return Ended::Done(done),
                    Ok(None) => {}
                    Err(e) => return Ended::Stuck(e),
                },
            }
            last_heard = Instant::now();
        }
    }

    /// The current silence limit: short once a frame is complete (only its end is missing),
    /// or once the clerk has cancelled.
    fn limit(&self) -> Duration {
        let mut limit = if self.frame_complete() {
            END_GRACE
        } else {
            self.patience
        };
        if let Some(at) = self.cancel_sent {
            limit = limit.min(CANCEL_GRACE.saturating_sub(at.elapsed()));
        }
        limit
    }

    fn frame_complete(&self) -> bool {
        self.current.as_ref().is_some_and(|(f, _)| {
            let expected = usize::try_from(f.params.bytes_per_line)
                .ok()
                .zip(usize::try_from(f.params.lines).ok())
                .map(|(b, l)| b.saturating_mul(l));
            expected.is_some_and(|e| e > 0 && f.data.len() == e)
        })
    }

    fn data(&mut self, d: &[u8]) -> Result<(), ScanError> {
        let (frame, _) = self.current.as_mut().ok_or(ScanError::WorkerGone)?;
        if frame.data.len() + d.len() > worker::MAX_FRAME_BYTES {
            return Err(ScanError::BadFrame("frame larger than 1 GiB".into()));
        }
        frame.data.extend_from_slice(d);
        Ok(())
    }

    /// `Ok(Some(result))` when the helper is done with the scan.
    fn reply(
        &mut self,
        r: Reply,
        on_page: &mut dyn FnMut(Page),
    ) -> Result<Option<Result<u32, ScanError>>, ScanError> {
        match r {
            Reply::Frame { params, dpi } => {
                let capacity = usize::try_from(params.bytes_per_line)
                    .ok()
                    .zip(usize::try_from(params.lines).ok())
                    .map_or(0, |(b, l)| b.saturating_mul(l))
                    .min(worker::MAX_FRAME_BYTES);
                let frame = Frame {
                    params,
                    data: Vec::with_capacity(capacity),
                };
                self.current = Some((frame, dpi));
            }
            Reply::FrameEnd => {
                let (frame, dpi) = self.current.take().ok_or(ScanError::WorkerGone)?;
                self.dpi = dpi;
                self.frames.push(frame);
            }
            Reply::PageEnd => self.page(on_page)?,
            Reply::Done(result) => {
                return Ok(Some(match result {
                    // The pages this side handed on are the count.
                    Ok(_) => Ok(self.pages),
                    Err(e) => Err(e.into()),
                }));
            }
            _ => return Err(ScanError::WorkerGone),
        }
        Ok(None)
    }

    fn page(&mut self, on_page: &mut dyn FnMut(Page)) -> Result<(), ScanError> {
        let frames = std::mem::take(&mut self.frames);
        let image = frame::to_image(&frames)?;
        self.pages += 1;
        on_page(Page::new(image, self.dpi, self.origin));
        Ok(())
    }

    /// The helper went silent. If only the end of a complete last frame is missing, the page
    /// is whole: hand it on (and end a one-page scan as done). Either way the helper is stuck.
    fn give_up(&mut self, on_page: &mut dyn FnMut(Page)) -> Ended {
        if self.cancel_sent.is_some() {
            return Ended::Stuck(ScanError::Cancelled);
        }
        if self.frame_complete() {
            if let Some((frame, dpi)) = self.current.take() {
                let last = frame.params.last_frame;
                self.dpi = dpi;
                self.frames.push(frame);
                if last && self.page(on_page).is_ok() && self.single_page {
                    tracing::warn!("the scanner driver hung after a whole page; page kept");
                    return Ended::Kept(self.pages);
                }
            }
        }
        Ended::Stuck(ScanError::Timeout(self.page_timeout_ms))
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
