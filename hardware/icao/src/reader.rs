//! PC/SC readers (the `pcsc` crate): listing, waiting for a card with `get_status_change`
//! (insertion and removal are noticed without a key press), surviving readers or the PC/SC
//! service going away and coming back, and a card transport whose every call is bounded.
//!
//! `SCardTransmit` has no timeout of its own, so each card lives on a worker thread and the
//! caller waits on a channel with a deadline. A call that misses it returns
//! `icao.timeout` and the session is dropped; the worker ends when the card or reader
//! finally errors out (e.g. the silent card leaves).

use crate::apdu::Transport;
use crate::bac::BacKey;
use crate::error::{IcaoError, Result};
use crate::read::{self, RawDocument, ReadOptions};
use pcsc::{Context, Protocols, ReaderState, Scope, ShareMode, State};
use std::ffi::CString;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Maps PC/SC errors onto the crate's model.
pub fn map_err(e: pcsc::Error) -> IcaoError {
    use pcsc::Error as E;
    match e {
        E::RemovedCard | E::ResetCard | E::UnpoweredCard | E::UnresponsiveCard => {
            IcaoError::CardRemoved
        }
        E::NoSmartcard => IcaoError::NoCard,
        E::ReaderUnavailable
        | E::UnknownReader
        | E::NoService
        | E::ServiceStopped
        | E::InvalidHandle => IcaoError::ReaderGone,
        E::NoReadersAvailable => IcaoError::NoReader,
        other => IcaoError::Pcsc(other),
    }
}

/// A PC/SC context that re-establishes itself after pcscd restarts.
pub struct Readers {
    ctx: Option<Context>,
}

impl Readers {
    /// Connects to the PC/SC service.
    pub fn new() -> Result<Self> {
        Ok(Self {
            ctx: Some(Context::establish(Scope::User).map_err(map_err)?),
        })
    }

    fn context(&mut self) -> Result<&Context> {
        let valid = self.ctx.as_ref().is_some_and(|c| c.is_valid().is_ok());
        if !valid {
            self.ctx = Some(Context::establish(Scope::User).map_err(map_err)?);
        }
        self.ctx.as_ref().ok_or(IcaoError::ReaderGone)
    }

    /// The attached readers (empty when there are none).
    pub fn list(&mut self) -> Result<Vec<String>> {
        match self.context()?.list_readers_owned() {
            Ok(names) => Ok(names
                .iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect()),
            Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
            Err(e) => {
                self.ctx = None;
                Err(map_err(e))
            }
        }
    }

    /// Waits until a card is present in any reader (or in `only`), returning that reader.
    /// Readers appearing, disappearing and the service restarting are all waited through.
    pub fn wait_for_card(&mut self, only: Option<&str>, timeout: Duration) -> Result<String> {
        self.wait(only, timeout, true)
    }

    /// Waits until `reader` holds no card.
    pub fn wait_for_removal(&mut self, reader: &str, timeout: Duration) -> Result<()> {
        self.wait(Some(reader), timeout, false).map(|_| ())
    }

    fn wait(&mut self, only: Option<&str>, timeout: Duration, present: bool) -> Result<String> {
        let deadline = Instant::now() + timeout;
        let timed_out = || IcaoError::Timeout {
            operation: if present {
                "waiting for a card"
            } else {
                "waiting for card removal"
            },
            millis: timeout.as_millis() as u64,
        };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out());
            }
            let names = match self.list() {
                Ok(n) => n,
                Err(IcaoError::ReaderGone | IcaoError::NoReader) => {
                    // pcscd away (restart, reader unplugged): retry until the deadline.
                    self.ctx = None;
                    std::thread::sleep(left.min(Duration::from_millis(200)));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let names: Vec<String> = names
                .into_iter()
                .filter(|n| only.is_none_or(|o| o == n))
                .collect();
            let mut states: Vec<ReaderState> = names
                .iter()
                .filter_map(|n| CString::new(n.as_str()).ok())
                .map(|n| ReaderState::new(n, State::UNAWARE))
                .collect();
            // Plug-and-play pseudo reader: wakes us when readers come or go.
            states.push(ReaderState::new(pcsc::PNP_NOTIFICATION(), State::UNAWARE));
            let ctx = self.context()?;
            // The first call with UNAWARE returns at once with the current states.
            if let Err(e) = ctx.get_status_change(Duration::ZERO, &mut states) {
                if e != pcsc::Error::Timeout {
                    self.ctx = None;
                    continue;
                }
            }
            loop {
                for s in states
                    .iter()
                    .filter(|s| s.name() != pcsc::PNP_NOTIFICATION())
                {
                    let ev = s.event_state();
                    let has_card = ev.contains(State::PRESENT) && !ev.contains(State::MUTE);
                    if has_card == present
                        && !ev.contains(State::UNKNOWN)
                        && !ev.contains(State::UNAVAILABLE)
                    {
                        return Ok(s.name().to_string_lossy().into_owned());
                    }
                }
                for s in &mut states {
                    s.sync_current_state();
                }
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(timed_out());
                }
                // Wake at least every second: some drivers miss PnP events for new readers.
                match ctx.get_status_change(left.min(Duration::from_secs(1)), &mut states) {
                    Ok(()) => {
                        let pnp_changed = states.iter().any(|s| {
                            s.name() == pcsc::PNP_NOTIFICATION()
                                && s.event_state().contains(State::CHANGED)
                        });
                        let reader_gone = states.iter().any(|s| {
                            s.event_state().contains(State::UNKNOWN)
                                || s.event_state().contains(State::UNAVAILABLE)
                        });
                        if pnp_changed || reader_gone {
                            break;
                        }
                    }
                    Err(pcsc::Error::Timeout) => break,
                    Err(_) => {
                        self.ctx = None;
                        break;
                    }
                }
            }
        }
    }

    /// Connects to the card in `reader`; every later call is bounded by `timeout`.
    pub fn connect(&mut self, reader: &str, timeout: Duration) -> Result<PcscCard> {
        PcscCard::connect(reader, timeout)
    }
}

type Job = (Vec<u8>, Sender<Result<Vec<u8>>>);

/// A connected card whose transmissions are each bounded by a timeout.
pub struct PcscCard {
    jobs: Option<Sender<Job>>,
    timeout: Duration,
}

impl PcscCard {
    /// Connects (on a worker thread) to the card in `reader`.
    pub fn connect(reader: &str, timeout: Duration) -> Result<Self> {
        let name = CString::new(reader).map_err(|_| IcaoError::NoReader)?;
        let (ready_tx, ready_rx) = mpsc::channel::<Result<()>>();
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("pcsc-card".into())
            .spawn(move || worker(&name, &ready_tx, &jobs_rx))
            .map_err(|e| IcaoError::io("spawning the card worker", e))?;
        match ready_rx.recv_timeout(timeout) {
            Ok(Ok(())) => Ok(Self {
                jobs: Some(jobs_tx),
                timeout,
            }),
            Ok(Err(e)) => Err(e),
            Err(RecvTimeoutError::Timeout) => Err(IcaoError::Timeout {
                operation: "connecting to the card",
                millis: timeout.as_millis() as u64,
            }),
            Err(RecvTimeoutError::Disconnected) => Err(IcaoError::ReaderGone),
        }
    }
}

fn worker(reader: &CString, ready: &Sender<Result<()>>, jobs: &Receiver<Job>) {
    let card = Context::establish(Scope::User)
        .and_then(|ctx| ctx.connect(reader, ShareMode::Shared, Protocols::ANY))
        .map_err(map_err);
    let card = match card {
        Ok(c) => {
            let _ = ready.send(Ok(()));
            c
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    while let Ok((apdu, reply)) = jobs.recv() {
        let result = match card.transmit(&apdu, &mut buf) {
            // Not even a status word: the card went away mid-command (vpcd reports a vanished
            // card this way; real readers answer SCARD_W_REMOVED_CARD, mapped the same).
            Ok([]) => Err(IcaoError::CardRemoved),
            Ok(resp) => Ok(resp.to_vec()),
            Err(e) => Err(map_err(e)),
        };
        let _ = reply.send(result);
    }
    // Leave the card as is: a reset on disconnect is what the pcsc crate's Drop does, and
    // vpcd (and some real readers) answer it with an error that confuses pcscd's state.
    let _ = card.disconnect(pcsc::Disposition::LeaveCard);
}

impl Transport for PcscCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        let millis = self.timeout.as_millis() as u64;
        let timed_out = IcaoError::Timeout {
            operation: "card command",
            millis,
        };
        let jobs = self.jobs.as_ref().ok_or(IcaoError::Timeout {
            operation: "card command",
            millis,
        })?;
        let (tx, rx) = mpsc::channel();
        jobs.send((apdu.to_vec(), tx))
            .map_err(|_| IcaoError::ReaderGone)?;
        match rx.recv_timeout(self.timeout) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => {
                // The worker is stuck in SCardTransmit: give up on this card.
                self.jobs = None;
                Err(timed_out)
            }
            Err(RecvTimeoutError::Disconnected) => Err(IcaoError::ReaderGone),
        }
    }
}

/// Timeouts for one read.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// Bound on connecting and on each APDU.
    pub per_command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            per_command: Duration::from_secs(5),
        }
    }
}

/// Connects to the card in `reader` and reads it.
pub fn read_card(
    reader: &str,
    key: &BacKey,
    opts: ReadOptions,
    t: Timeouts,
) -> Result<RawDocument> {
    let card = PcscCard::connect(reader, t.per_command)?;
    read::read_document(card, key, opts)
}
