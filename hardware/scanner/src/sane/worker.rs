//! The thread that owns libsane: every SANE call of the process happens here, one at a time.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::time::{Duration, Instant};

use super::ffi::{Handle, Sane, Status};
use super::frame::{self, Frame};
use super::options::OptionSet;
use super::status_error;
use super::values::{Read, Value};
use crate::error::ScanError;
use crate::types::{
    CancelToken, ColorMode, DeviceCapabilities, DeviceInfo, DeviceKind, OptionValue, Page,
    PageOrigin, PaperSource, ScanArea, ScanSettings,
};

pub(crate) enum Request {
    Devices(SyncSender<Result<Vec<DeviceInfo>, ScanError>>),
    Capabilities(String, SyncSender<Result<DeviceCapabilities, ScanError>>),
    Scan {
        device: String,
        settings: ScanSettings,
        cancel: CancelToken,
        events: SyncSender<Event>,
    },
}

pub(crate) enum Event {
    Page(Page),
    Done(Result<u32, ScanError>),
}

/// Refuse frames past this size (a hand scanner that never stops, a broken backend).
const MAX_FRAME_BYTES: usize = 1 << 30;
const READ_CHUNK: usize = 256 * 1024;
/// See `read_page`: the longest wait, once per frame, for a backend's reader thread to exit.
const READER_EXIT_GRACE: Duration = Duration::from_millis(500);

/// The last worker started. libsane is one per process and not reentrant: a new worker's
/// `sane_init` must wait until the previous one's `sane_close`/`sane_exit` have finished
/// (a cancelled scan makes that take a moment), or the two race and a later read can hang.
static PREVIOUS: std::sync::Mutex<Option<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(None);

/// How long a new worker waits for the previous one to leave libsane.
const PREVIOUS_EXIT: Duration = Duration::from_secs(30);

/// Start the worker; returns once `sane_init` has succeeded or failed.
pub(crate) fn spawn(config_dir: Option<PathBuf>) -> Result<mpsc::Sender<Request>, ScanError> {
    let mut previous = PREVIOUS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(old) = previous.take() {
        // Its clients are all gone, so it is finishing its last request and exiting SANE.
        // A backend stuck inside libsane never finishes: say so rather than wait forever
        // (a second sane_init beside it would race it anyway).
        let deadline = Instant::now() + PREVIOUS_EXIT;
        while !old.is_finished() {
            if Instant::now() > deadline {
                *previous = Some(old);
                return Err(ScanError::SaneInit(
                    "the previous scanner session is stuck inside the scanner driver; restart the application".into(),
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = old.join();
    }
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::sync_channel(1);
    let handle = std::thread::Builder::new()
        .name("sane-worker".into())
        .spawn(move || run(config_dir, rx, ready_tx))
        .map_err(|e| ScanError::SaneInit(e.to_string()))?;
    *previous = Some(handle);
    drop(previous);
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(tx),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(ScanError::WorkerGone),
    }
}

fn run(
    config_dir: Option<PathBuf>,
    rx: Receiver<Request>,
    ready: SyncSender<Result<(), ScanError>>,
) {
    if let Some(dir) = config_dir {
        // SANE reads its configuration path from the environment, once, in sane_init.
        std::env::set_var("SANE_CONFIG_DIR", dir);
    }
    let sane = match Sane::init() {
        Ok(s) => s,
        Err(status) => {
            let _ = ready.send(Err(ScanError::SaneInit(status.message())));
            return;
        }
    };
    let (major, minor, build) = sane.version();
    tracing::info!(major, minor, build, "SANE initialised");
    let _ = ready.send(Ok(()));
    // Ends when every client is dropped; `sane` drops after, calling sane_exit.
    while let Ok(req) = rx.recv() {
        match req {
            Request::Devices(reply) => {
                let _ = reply.send(devices(&sane));
            }
            Request::Capabilities(id, reply) => {
                let _ = reply.send(capabilities(&sane, &id));
            }
            Request::Scan {
                device,
                settings,
                cancel,
                events,
            } => {
                let result = scan(&sane, &device, &settings, &cancel, &events);
                if let Err(e) = &result {
                    tracing::warn!(device = %device, error = %e, "scan failed");
                }
                let _ = events.send(Event::Done(result));
            }
        }
    }
    tracing::info!("SANE worker stopping");
}

fn devices(sane: &Sane) -> Result<Vec<DeviceInfo>, ScanError> {
    let list = sane
        .devices()
        .map_err(|s| status_error(s, "listing devices"))?;
    Ok(list
        .into_iter()
        .map(|d| DeviceInfo {
            id: d.name,
            kind: DeviceKind::Sane,
            vendor: d.vendor,
            model: d.model,
            type_label: d.kind,
        })
        .collect())
}

fn open<'s>(sane: &'s Sane, id: &str) -> Result<Handle<'s>, ScanError> {
    sane.open(id).map_err(|s| match s {
        Status::INVAL => ScanError::NoDevice(id.to_owned()),
        other => status_error(other, "opening the device"),
    })
}

fn capabilities(sane: &Sane, id: &str) -> Result<DeviceCapabilities, ScanError> {
    let h = open(sane, id)?;
    Ok(OptionSet::load(&h)?.capabilities())
}

fn to_value(v: &OptionValue) -> Value {
    match v {
        OptionValue::Bool(b) => Value::Bool(*b),
        OptionValue::Int(i) => Value::Int(*i),
        OptionValue::Number(f) => Value::Fixed(*f),
        OptionValue::Text(s) => Value::Str(s.clone()),
    }
}

/// Apply settings in the order backends expect: source (may reshape the option list), mode,
/// depth, resolution, geometry, then anything backend-specific.
fn apply(h: &mut Handle<'_>, opts: &mut OptionSet, s: &ScanSettings) -> Result<(), ScanError> {
    let has_source = opts.find("source").is_some();
    match (opts.source_value(s.source), s.source) {
        (Some(v), _) => {
            opts.set(h, "source", &Value::Str(v))?;
        }
        (None, PaperSource::Flatbed) if !has_source => {}
        (None, PaperSource::Flatbed) => return Err(ScanError::Unsupported("flatbed".into())),
        (None, PaperSource::Feeder) => return Err(ScanError::Unsupported("feeder".into())),
        (None, PaperSource::FeederDuplex) => {
            return Err(ScanError::Unsupported("duplex feeder".into()))
        }
    }
    let depth = match (opts.mode_value(s.mode), s.mode) {
        (Some(v), ColorMode::Lineart) => {
            opts.set(h, "mode", &Value::Str(v))?;
            None
        }
        (Some(v), _) => {
            opts.set(h, "mode", &Value::Str(v))?;
            Some(8)
        }
        // No lineart mode but 1-bit grey (the test backend, some CIS scanners).
        (None, ColorMode::Lineart) if opts.depth_allows(1) => {
            if let Some(g) = opts.mode_value(ColorMode::Gray) {
                opts.set(h, "mode", &Value::Str(g))?;
            }
            Some(1)
        }
        (None, _) if opts.find("mode").is_none() => Some(8),
        (None, m) => return Err(ScanError::Unsupported(format!("{m:?} mode"))),
    };
    if let Some(bits) = depth {
        if opts.depth_allows(bits) {
            opts.set(h, "depth", &Value::Int(bits))?;
        }
    }
    if let Some(v) = opts.resolution_value(s.resolution_dpi) {
        opts.set(h, "resolution", &v)?;
    }
    set_area(h, opts, s.area.unwrap_or(ScanArea::A4))?;
    for o in &s.backend_options {
        if !opts.set(h, &o.name, &to_value(&o.value))? {
            return Err(ScanError::Unsupported(format!("option {}", o.name)));
        }
    }
    Ok(())
}

fn set_area(h: &mut Handle<'_>, opts: &mut OptionSet, a: ScanArea) -> Result<(), ScanError> {
    // Top-left first: some backends refuse a bottom-right above the current top-left.
    let edges = [
        ("tl-x", a.left_mm),
        ("tl-y", a.top_mm),
        ("br-x", a.left_mm + a.width_mm),
        ("br-y", a.top_mm + a.height_mm),
    ];
    for (name, mm) in edges {
        if let Some((lo, hi)) = opts.mm_range(name) {
            opts.set(h, name, &Value::Fixed(mm.clamp(lo, hi)))?;
        }
    }
    Ok(())
}

fn scan(
    sane: &Sane,
    id: &str,
    s: &ScanSettings,
    cancel: &CancelToken,
    events: &SyncSender<Event>,
) -> Result<u32, ScanError> {
    let mut h = open(sane, id)?;
    let mut opts = OptionSet::load(&h)?;
    apply(&mut h, &mut opts, s)?;
    let dpi = match opts.get(&h, "resolution")? {
        Some(Value::Int(i)) => Some(i as f32),
        Some(Value::Fixed(f)) => Some(f as f32),
        _ => None,
    };
    let origin = match s.source {
        PaperSource::Flatbed => PageOrigin::Flatbed,
        _ => PageOrigin::Feeder,
    };
    let timeout = Duration::from_millis(s.page_timeout_ms);
    let mut count = 0u32;
    loop {
        if s.max_pages.is_some_and(|m| count >= m) {
            break;
        }
        let image = match read_page(&mut h, cancel, Instant::now() + timeout, s.page_timeout_ms) {
            Ok(img) => img,
            // An empty feeder after at least one sheet is the normal end of a batch.
            Err(ScanError::NoDocs) if count > 0 => break,
            Err(e) => return Err(e),
        };
        count += 1;
        if events
            .send(Event::Page(Page::new(image, dpi, origin)))
            .is_err()
        {
            // The caller stopped listening (its own timeout): stop the feeder too.
            return Err(ScanError::Cancelled);
        }
        if s.source == PaperSource::Flatbed {
            break;
        }
    }
    // Dropping the handle cancels (ends the feeder batch) and closes it.
    Ok(count)
}

/// One page: `sane_start`, then every frame until the last, each read to EOF.
fn read_page(
    h: &mut Handle<'_>,
    cancel: &CancelToken,
    deadline: Instant,
    timeout_ms: u64,
) -> Result<image::DynamicImage, ScanError> {
    let mut frames = Vec::new();
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        h.start().map_err(|s| status_error(s, "start"))?;
        // Exact only after sane_start.
        let params = h.parameters().map_err(|s| status_error(s, "parameters"))?;
        let expected = usize::try_from(params.bytes_per_line)
            .ok()
            .zip(usize::try_from(params.lines).ok())
            .map(|(b, l)| b.saturating_mul(l));
        let mut data = Vec::with_capacity(expected.unwrap_or(0).min(MAX_FRAME_BYTES));
        loop {
            // Not before the frame's first bytes: backends that read in a thread (sanei_thread,
            // e.g. the test backend) cancel it asynchronously, and a cancel that lands while
            // that thread is still allocating its buffer leaves glibc's malloc lock held for
            // good — the next thread to use that arena hangs. Once data flows, the thread
            // sits in write() on its pipe. The page deadline still bounds the wait.
            if cancel.is_cancelled() && !data.is_empty() {
                h.cancel();
                return Err(ScanError::Cancelled);
            }
            if Instant::now() > deadline {
                h.cancel();
                return Err(ScanError::Timeout(timeout_ms));
            }
            if expected.is_some_and(|e| e > 0 && data.len() == e) {
                // The whole frame is here; the read that sees EOF makes a threaded backend
                // cancel its reader thread (sane-backends' test backend does so even at EOF).
                // Let that thread leave first: cancelled inside its exit-time free(), it
                // would leave glibc's arena lock held and hang the next thread to use it.
                wait_for_readers_to_leave();
            }
            match h.read(&mut buf).map_err(|s| status_error(s, "read"))? {
                Read::Eof => break,
                Read::Data(n) => {
                    data.extend_from_slice(&buf[..n]);
                    if data.len() > MAX_FRAME_BYTES {
                        h.cancel();
                        return Err(ScanError::BadFrame("frame larger than 1 GiB".into()));
                    }
                }
            }
        }
        let last = params.last_frame;
        frames.push(Frame { params, data });
        if last {
            break;
        }
    }
    frame::to_image(&frames)
}

/// Waits (at most [`READER_EXIT_GRACE`]) until this worker is the only thread of its name: a
/// backend's reader threads are started from it and inherit the name.
fn wait_for_readers_to_leave() {
    let deadline = Instant::now() + READER_EXIT_GRACE;
    while Instant::now() < deadline {
        match threads_named("sane-worker") {
            Some(n) if n > 1 => std::thread::sleep(Duration::from_millis(2)),
            Some(_) => return,
            // No /proc to ask: a short fixed wait.
            None => {
                std::thread::sleep(Duration::from_millis(25));
                return;
            }
        }
    }
}

/// How many threads of this process have the name `name` (Linux's /proc; None elsewhere).
fn threads_named(name: &str) -> Option<usize> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    Some(
        tasks
            .filter_map(Result::ok)
            .filter(|t| {
                std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim_end() == name)
            })
            .count(),
    )
}
