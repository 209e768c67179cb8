//! A virtual GA/T 467 reader on a pseudo-terminal. The driver opens it like any serial port,
//! so tests exercise the real tty path (termios, timeouts, hang-ups), and the training sandbox
//! gets a reader without hardware.
//!
//! The reader is reached through a stable symlink (`path()`), re-pointed when it is
//! "replugged": like a udev rule that names a reader `/dev/ttySAM0`.

use super::frame::{FrameDecoder, Request, Response};
use super::proto::{Command, SamStatus};
use super::text;
use crate::document::IdentityDocument;
use crate::error::{IdCardError, Result};
use crate::gallery;
use nix::errno::Errno;
use nix::fcntl::{fcntl, FcntlArg, OFlag};
use nix::poll::{poll, PollFd, PollFlags};
use nix::pty::{grantpt, posix_openpt, ptsname_r, unlockpt, PtyMaster};
use nix::sys::termios::{cfmakeraw, tcgetattr, tcsetattr, SetArg};
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The fictional SAM id the simulator reports.
pub const SIM_SAM_ID: [u8; 16] = *b"OW-SIM-SAM-00001";

/// Misbehaviour on demand. A fault stays until cleared with `set_fault(None)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Every answer's checksum byte is wrong.
    BadChecksum,
    /// Every answer is cut in half, then nothing.
    Truncated,
    /// No answer at all.
    Silent,
    /// Read commands answer `41`; the card stays.
    ReadFails,
    /// The card is taken away during the read: `41`, and the card is gone.
    RemoveDuringRead,
    /// The card is taken away during the read and the reader says nothing.
    DropDuringRead,
    /// Line noise before every answer (the driver must cope).
    GarbagePrefix,
    /// Every command is answered with this status (e.g. `66` not authorised, `60` self-test).
    Status(SamStatus),
}

/// Counters for tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SimStats {
    /// Frames received.
    pub requests: u64,
    /// Read commands received.
    pub reads: u64,
}

struct CardSlot {
    doc: IdentityDocument,
    selected: bool,
    read_done: bool,
}

struct SimState {
    card: Option<CardSlot>,
    fault: Option<Fault>,
    latency: Duration,
    quiet_after_read: bool,
    stats: SimStats,
}

struct Pty {
    master: PtyMaster,
    tty: PathBuf,
    decoder: FrameDecoder,
}

struct Shared {
    state: Mutex<SimState>,
    pty: Mutex<Option<Pty>>,
    stop: AtomicBool,
    link: PathBuf,
}

/// A running virtual reader. Dropping it stops it and removes its symlink.
pub struct VirtualSamReader {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the simulator down with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn sim_err(op: &'static str) -> impl FnOnce(Errno) -> IdCardError {
    move |e| IdCardError::Simulator {
        op,
        source: e.into(),
    }
}

fn open_pty() -> Result<Pty> {
    let master = posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY).map_err(sim_err("posix_openpt"))?;
    grantpt(&master).map_err(sim_err("grantpt"))?;
    unlockpt(&master).map_err(sim_err("unlockpt"))?;
    let tty = PathBuf::from(ptsname_r(&master).map_err(sim_err("ptsname"))?);
    // Raw mode from the start, so nothing is echoed or translated before the driver opens it.
    // The slave is not kept open: a serial driver's TIOCEXCL must end with its last close.
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(nix::libc::O_NOCTTY)
        .open(&tty)
        .map_err(|source| IdCardError::Simulator {
            op: "open pty slave",
            source,
        })?;
    let mut t = tcgetattr(&slave).map_err(sim_err("tcgetattr"))?;
    cfmakeraw(&mut t);
    tcsetattr(&slave, SetArg::TCSANOW, &t).map_err(sim_err("tcsetattr"))?;
    drop(slave);
    // Non-blocking: a driver that stops reading must not wedge the simulator's thread.
    fcntl(&master, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).map_err(sim_err("fcntl"))?;
    Ok(Pty {
        master,
        tty,
        decoder: FrameDecoder::new(),
    })
}

fn point_link(link: &Path, tty: &Path) -> Result<()> {
    let io = |op| move |source| IdCardError::Simulator { op, source };
    let tmp = PathBuf::from(format!("{}.new", link.display()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(tty, &tmp).map_err(io("symlink"))?;
    std::fs::rename(&tmp, link).map_err(io("rename symlink"))
}

impl VirtualSamReader {
    /// Starts a reader with no card, reachable at `link` (a symlink it creates or replaces).
    pub fn start(link: impl Into<PathBuf>) -> Result<Self> {
        let link = link.into();
        let pty = open_pty()?;
        point_link(&link, &pty.tty)?;
        let shared = Arc::new(Shared {
            state: Mutex::new(SimState {
                card: None,
                fault: None,
                latency: Duration::ZERO,
                quiet_after_read: true,
                stats: SimStats::default(),
            }),
            pty: Mutex::new(Some(pty)),
            stop: AtomicBool::new(false),
            link,
        });
        let worker = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("sam-sim".into())
            .spawn(move || run(&worker))
            .map_err(|source| IdCardError::Simulator {
                op: "spawn thread",
                source,
            })?;
        Ok(Self {
            shared,
            thread: Some(thread),
        })
    }

    /// The stable path to open (the symlink).
    pub fn path(&self) -> &Path {
        &self.shared.link
    }

    /// The pseudo-terminal behind the link, while plugged in.
    pub fn tty_path(&self) -> Option<PathBuf> {
        lock(&self.shared.pty).as_ref().map(|p| p.tty.clone())
    }

    /// Places a card on the reader (replacing any other).
    pub fn insert(&self, doc: IdentityDocument) {
        lock(&self.shared.state).card = Some(CardSlot {
            doc,
            selected: false,
            read_done: false,
        });
    }

    /// Places a fictional citizen's card from the gallery.
    pub fn insert_gallery(&self, key: &str) -> Result<()> {
        self.insert(gallery::card(key)?);
        Ok(())
    }

    /// Takes the card away.
    pub fn remove(&self) {
        lock(&self.shared.state).card = None;
    }

    /// Whether a card is on the reader.
    pub fn has_card(&self) -> bool {
        lock(&self.shared.state).card.is_some()
    }

    /// Injects a fault (or clears it with `None`).
    pub fn set_fault(&self, fault: Option<Fault>) {
        lock(&self.shared.state).fault = fault;
    }

    /// Delay before each answer (a real read takes about a second).
    pub fn set_latency(&self, latency: Duration) {
        lock(&self.shared.state).latency = latency;
    }

    /// Whether find-card answers `80` for a card already read (real readers do; default on).
    pub fn set_quiet_after_read(&self, on: bool) {
        lock(&self.shared.state).quiet_after_read = on;
    }

    /// Counters so far.
    pub fn stats(&self) -> SimStats {
        lock(&self.shared.state).stats
    }

    /// Unplugs the reader: the pty goes away (open ports get a hang-up) and so does the link.
    /// Its RF field goes down with it, so a card left on it is found afresh after `replug`.
    pub fn unplug(&self) {
        lock(&self.shared.pty).take();
        if let Some(c) = lock(&self.shared.state).card.as_mut() {
            c.selected = false;
            c.read_done = false;
        }
        let _ = std::fs::remove_file(&self.shared.link);
    }

    /// Plugs the reader back in on a fresh pty, behind the same link.
    pub fn replug(&self) -> Result<()> {
        let mut guard = lock(&self.shared.pty);
        if guard.is_none() {
            let pty = open_pty()?;
            point_link(&self.shared.link, &pty.tty)?;
            *guard = Some(pty);
        }
        Ok(())
    }
}

impl Drop for VirtualSamReader {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        lock(&self.shared.pty).take();
        let _ = std::fs::remove_file(&self.shared.link);
    }
}

fn run(shared: &Shared) {
    let mut buf = [0u8; 4096];
    while !shared.stop.load(Ordering::SeqCst) {
        let mut guard = lock(&shared.pty);
        let Some(pty) = guard.as_mut() else {
            drop(guard);
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let mut fds = [PollFd::new(pty.master.as_fd(), PollFlags::POLLIN)];
        let readable = matches!(poll(&mut fds, 10u16), Ok(n) if n > 0)
            && fds[0]
                .revents()
                .is_some_and(|r| r.contains(PollFlags::POLLIN));
        if !readable {
            // POLLHUP with no driver attached returns at once: do not spin.
            let hup = fds[0]
                .revents()
                .is_some_and(|r| r.contains(PollFlags::POLLHUP));
            drop(guard);
            if hup {
                std::thread::sleep(Duration::from_millis(10));
            }
            continue;
        }
        match nix::unistd::read(&pty.master, &mut buf) {
            Ok(n) if n > 0 => pty.decoder.push(&buf[..n]),
            _ => {
                pty.decoder.clear();
                continue;
            }
        }
        while let Some(next) = pty.decoder.next_frame() {
            let reply = match next {
                Ok(raw) => match Request::from_raw(raw) {
                    Ok(req) => answer(&shared.state, &req),
                    Err(_) => status_reply(SamStatus::RequestLength),
                },
                Err(IdCardError::FrameChecksum { .. }) => status_reply(SamStatus::RequestChecksum),
                Err(IdCardError::FrameLength { .. }) => status_reply(SamStatus::RequestLength),
                Err(_) => None,
            };
            if let Some((bytes, latency)) = reply {
                if !latency.is_zero() {
                    std::thread::sleep(latency);
                }
                write_all(&pty.master, &bytes);
            }
        }
    }
}

fn status_reply(status: SamStatus) -> Option<(Vec<u8>, Duration)> {
    Response::new(status, Vec::new())
        .encode()
        .ok()
        .map(|b| (b, Duration::ZERO))
}

/// Writes with a bound: if the other side does not drain the pty, the rest is dropped, as
/// a UART would drop it.
fn write_all(master: &PtyMaster, mut bytes: &[u8]) {
    let deadline = Instant::now() + Duration::from_millis(500);
    while !bytes.is_empty() && Instant::now() < deadline {
        match nix::unistd::write(master, bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(Errno::EAGAIN) => {
                let mut fds = [PollFd::new(master.as_fd(), PollFlags::POLLOUT)];
                let _ = poll(&mut fds, 20u16);
            }
            Err(Errno::EINTR) => {}
            Err(_) => return,
        }
    }
}

fn answer(state: &Mutex<SimState>, req: &Request) -> Option<(Vec<u8>, Duration)> {
    let mut st = lock(state);
    st.stats.requests += 1;
    let fault = st.fault;
    let response = match fault {
        Some(Fault::Silent) => return None,
        Some(Fault::Status(s)) => Response::new(s, Vec::new()),
        _ => st.respond(req.command)?,
    };
    let mut bytes = response.encode().ok()?;
    match fault {
        Some(Fault::BadChecksum) => {
            if let Some(last) = bytes.last_mut() {
                *last ^= 0x5A;
            }
        }
        Some(Fault::Truncated) => bytes.truncate(bytes.len() / 2),
        Some(Fault::GarbagePrefix) => {
            bytes.splice(0..0, [0x00, 0x13, 0xAA, 0x55, 0xAA, 0xAA]);
        }
        _ => {}
    }
    Some((bytes, st.latency))
}

impl SimState {
    /// The reader's answer to a command; `None` for silence.
    fn respond(&mut self, command: Command) -> Option<Response> {
        let quiet = self.quiet_after_read;
        let ok = |data: Vec<u8>| Some(Response::new(SamStatus::Ok, data));
        let status = |s: SamStatus| Some(Response::new(s, Vec::new()));
        match command {
            Command::FIND_CARD => match &self.card {
                Some(c) if !(quiet && c.read_done) => {
                    Some(Response::new(SamStatus::CardFound, vec![0; 4]))
                }
                _ => status(SamStatus::NoCard),
            },
            Command::SELECT_CARD => match &mut self.card {
                Some(c) => {
                    c.selected = true;
                    ok(vec![0; 8])
                }
                None => status(SamStatus::SelectFailed),
            },
            Command::READ_TEXT_PHOTO | Command::READ_TEXT_PHOTO_FINGERPRINT => {
                self.stats.reads += 1;
                match self.fault {
                    Some(Fault::ReadFails) => return status(SamStatus::ReadFailed),
                    Some(Fault::RemoveDuringRead) => {
                        self.card = None;
                        return status(SamStatus::ReadFailed);
                    }
                    Some(Fault::DropDuringRead) => {
                        self.card = None;
                        return None;
                    }
                    _ => {}
                }
                let with_fp = command == Command::READ_TEXT_PHOTO_FINGERPRINT;
                match &mut self.card {
                    Some(c) if c.selected => match text::encode_answer(&c.doc, with_fp) {
                        Ok(data) => {
                            c.read_done = true;
                            ok(data)
                        }
                        // A document with no GA/T 467 layout: "not a card this SAM reads".
                        Err(_) => status(SamStatus::WrongCard),
                    },
                    _ => status(SamStatus::ReadFailed),
                }
            }
            Command::SAM_STATUS | Command::RESET => ok(Vec::new()),
            Command::SAM_ID => ok(SIM_SAM_ID.to_vec()),
            _ => status(SamStatus::RequestCommand),
        }
    }
}
