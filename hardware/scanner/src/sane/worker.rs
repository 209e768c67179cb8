//! The helper process's SANE thread: every SANE call of the helper happens here, one at a
//! time, and what it yields goes straight to the app over the helper's stdout.

use std::io::Write;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::ffi::{Handle, Sane, Status};
use super::options::OptionSet;
use super::status_error;
use super::values::{Read, Value};
use super::wire::{self, Reply, WireError};
use crate::error::ScanError;
use crate::types::{
    CancelToken, ColorMode, DeviceCapabilities, DeviceInfo, DeviceKind, OptionValue, PaperSource,
    ScanArea, ScanSettings,
};

pub(crate) enum Job {
    Devices,
    Capabilities(String),
    Scan {
        device: String,
        settings: ScanSettings,
        cancel: CancelToken,
    },
}

/// Refuse frames past this size (a hand scanner that never stops, a broken backend).
pub(crate) const MAX_FRAME_BYTES: usize = 1 << 30;
const READ_CHUNK: usize = 256 * 1024;
/// See `read_page`: the longest wait, once per frame, for a backend's reader thread to exit.
const READER_EXIT_GRACE: Duration = Duration::from_millis(500);

/// The app stopped listening: nothing more is worth doing.
struct AppGone;

/// `sane_init`, then jobs until the app closes the helper's stdin (`sane_exit` on the way out).
pub(crate) fn run(jobs: Receiver<Job>, out: &mut impl Write) {
    let sane = match Sane::init() {
        Ok(s) => s,
        Err(status) => {
            let e = WireError::SaneInit(status.message());
            let _ = wire::write_json(out, &Reply::InitFailed(e));
            return;
        }
    };
    if wire::write_json(
        out,
        &Reply::Ready {
            version: sane.version(),
        },
    )
    .is_err()
    {
        return;
    }
    while let Ok(job) = jobs.recv() {
        let sent = match job {
            Job::Devices => {
                wire::write_json(out, &Reply::Devices(devices(&sane).map_err(Into::into)))
            }
            Job::Capabilities(id) => wire::write_json(
                out,
                &Reply::Capabilities(capabilities(&sane, &id).map_err(Into::into)),
            ),
            Job::Scan {
                device,
                settings,
                cancel,
            } => match scan(&sane, &device, &settings, &cancel, out) {
                Err(AppGone) => return,
                Ok(result) => wire::write_json(out, &Reply::Done(result.map_err(Into::into))),
            },
        };
        if sent.is_err() {
            return;
        }
    }
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

/// One scan job: `Ok(result)` is the scan's outcome for the app; `Err(AppGone)` when the app
/// stopped reading (the handle's drop then cancels the feeder).
fn scan(
    sane: &Sane,
    id: &str,
    s: &ScanSettings,
    cancel: &CancelToken,
    out: &mut impl Write,
) -> Result<Result<u32, ScanError>, AppGone> {
    let mut h = match open(sane, id) {
        Ok(h) => h,
        Err(e) => return Ok(Err(e)),
    };
    let dpi = match prepare(&mut h, s) {
        Ok(dpi) => dpi,
        Err(e) => return Ok(Err(e)),
    };
    let timeout = Duration::from_millis(s.page_timeout_ms);
    let mut count = 0u32;
    loop {
        if s.max_pages.is_some_and(|m| count >= m) {
            break;
        }
        let deadline = Instant::now() + timeout;
        match read_page(&mut h, cancel, deadline, s.page_timeout_ms, dpi, out)? {
            Ok(()) => {}
            // An empty feeder after at least one sheet is the normal end of a batch.
            Err(ScanError::NoDocs) if count > 0 => break,
            Err(e) => return Ok(Err(e)),
        }
        count += 1;
        wire::write_json(out, &Reply::PageEnd).map_err(|_| AppGone)?;
        if s.source == PaperSource::Flatbed {
            break;
        }
    }
    // Dropping the handle cancels (ends the feeder batch) and closes it.
    Ok(Ok(count))
}

/// Apply the settings; the resolution the device settled on.
fn prepare(h: &mut Handle<'_>, s: &ScanSettings) -> Result<Option<f32>, ScanError> {
    let mut opts = OptionSet::load(h)?;
    apply(h, &mut opts, s)?;
    Ok(match opts.get(h, "resolution")? {
        Some(Value::Int(i)) => Some(i as f32),
        Some(Value::Fixed(f)) => Some(f as f32),
        _ => None,
    })
}

/// One page: `sane_start`, then every frame until the last, each read to EOF and sent to the
/// app as it comes (`Frame`, data, `FrameEnd`).
fn read_page(
    h: &mut Handle<'_>,
    cancel: &CancelToken,
    deadline: Instant,
    timeout_ms: u64,
    dpi: Option<f32>,
    out: &mut impl Write,
) -> Result<Result<(), ScanError>, AppGone> {
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        if let Err(s) = h.start() {
            return Ok(Err(status_error(s, "start")));
        }
        // Exact only after sane_start.
        let params = match h.parameters() {
            Ok(p) => p,
            Err(s) => return Ok(Err(status_error(s, "parameters"))),
        };
        let expected = usize::try_from(params.bytes_per_line)
            .ok()
            .zip(usize::try_from(params.lines).ok())
            .map(|(b, l)| b.saturating_mul(l));
        let frame = Reply::Frame { params, dpi };
        wire::write_json(out, &frame).map_err(|_| AppGone)?;
        let mut got = 0usize;
        loop {
            // Not before the frame's first bytes: backends that read in a thread (sanei_thread,
            // e.g. the test backend) cancel it asynchronously, and a cancel that lands while
            // that thread is still allocating its buffer leaves glibc's malloc lock held for
            // good — the next thread to use that arena hangs. Once data flows, the thread
            // sits in write() on its pipe. The page deadline still bounds the wait, and the
            // app kills a helper that stops answering.
            if cancel.is_cancelled() && got > 0 {
                h.cancel();
                return Ok(Err(ScanError::Cancelled));
            }
            if Instant::now() > deadline {
                h.cancel();
                return Ok(Err(ScanError::Timeout(timeout_ms)));
            }
            if expected.is_some_and(|e| e > 0 && got == e) {
                // The whole frame is here; the read that sees EOF makes a threaded backend
                // cancel its reader thread (sane-backends' test backend does so even at EOF).
                // Let that thread leave first: cancelled inside its exit-time free(), it
                // would leave glibc's arena lock held and hang the next thread to use it.
                wait_for_readers_to_leave();
            }
            let n = match h.read(&mut buf) {
                Ok(Read::Eof) => break,
                Ok(Read::Data(n)) => n,
                Err(s) => return Ok(Err(status_error(s, "read"))),
            };
            got += n;
            if got > MAX_FRAME_BYTES {
                h.cancel();
                return Ok(Err(ScanError::BadFrame("frame larger than 1 GiB".into())));
            }
            wire::write_data(out, &buf[..n]).map_err(|_| AppGone)?;
        }
        wire::write_json(out, &Reply::FrameEnd).map_err(|_| AppGone)?;
        if params.last_frame {
            return Ok(Ok(()));
        }
    }
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
