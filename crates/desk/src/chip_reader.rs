//! The chip-reader task: ICAO 9303 documents over PC/SC. A thread follows the reader through
//! `SCardGetStatusChange` (card in/out without a key press; reader or pcscd gone and back is
//! waited through, every wait bounded), and when a chip is present and the clerk has typed
//! its MRZ it reads DG1, DG2, DG11 and EF.SOD, checks them and feeds the read into the same
//! [`IdentityHub`] the SAM reader uses. In the sandbox the chip is a virtual ePassport that
//! goes through the real pcscd via vsmartcard-vpcd on 127.0.0.1 (never around it).

use crate::card_reader::lock;
use crate::chip_identity::{self, ChipReaderSetting, MrzEntry, MrzKey};
use crate::identity::{HubUpdate, IdentityError, IdentityHub, ReadFailure, ReaderEvent};
use crate::status::{DeviceKind, DeviceState};
use crate::{Desk, DeskError};
use chrono::{Local, Utc};
use ow_error::ErrorCode;
use ow_icao::bac::BacKey;
use ow_icao::reader::{read_card, Readers, Timeouts};
use ow_icao::sim::{vpcd, TestPki, VirtualCard, VirtualChip};
use ow_icao::{check, CscaList, IcaoError, ReadOptions};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The vpcd port the sandbox's virtual ePassport uses ("Virtual PCD 00 01"); port 0 is left
/// to the `ow-icao` tests and to `ow-vepass`.
pub const SIM_PORT: u16 = vpcd::PORT_1;
/// How long one status wait lasts before the loop looks at its flags again.
const POLL: Duration = Duration::from_millis(100);
/// Bound on connecting and on each APDU.
const PER_COMMAND: Duration = Duration::from_secs(3);
/// How long presenting a chip waits for the previous one to be noticed as gone.
const SWAP_WAIT: Duration = Duration::from_secs(3);

/// The MRZ typed for the next chip, with a generation so a chip is read once per MRZ.
#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    key: Mutex<Option<(u64, BacKey)>>,
    generation: Mutex<u64>,
}

/// The sandbox's virtual ePassport: its signing PKI and the card now in the reader.
struct SimChip {
    pki: TestPki,
    card: Mutex<Option<VirtualCard>>,
}

/// The running chip reader: dropping it stops the thread, then takes the virtual card out.
pub struct ChipReaderTask {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    sim: Option<SimChip>,
}

impl Drop for ChipReaderTask {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(sim) = &self.sim {
            lock(&sim.card).take();
        }
    }
}

/// What the loop last said about the reader itself, so it speaks only on change.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Presence {
    Unknown,
    Connected,
    Gone(String),
}

struct Loop<F> {
    shared: Arc<Shared>,
    only: Option<String>,
    cscas: CscaList,
    hub: Arc<IdentityHub>,
    on_update: F,
    presence: Presence,
}

impl<F: FnMut(HubUpdate)> Loop<F> {
    fn emit(&mut self, ev: ReaderEvent) {
        for u in self.hub.on_event_from(DeviceKind::ChipReader, ev) {
            (self.on_update)(u);
        }
    }

    fn presence(&mut self, p: Presence) {
        if self.presence == p {
            return;
        }
        self.presence = p.clone();
        match p {
            Presence::Connected => self.emit(ReaderEvent::Connected),
            Presence::Gone(code) => self.emit(ReaderEvent::Disconnected { code }),
            Presence::Unknown => {}
        }
    }

    fn reader_listed(&self, readers: &mut Readers) -> Result<bool, IcaoError> {
        let names = readers.list()?;
        Ok(match &self.only {
            Some(o) => names.iter().any(|n| n == o),
            None => !names.is_empty(),
        })
    }

    fn run(mut self) {
        let mut readers: Option<Readers> = None;
        // The reader holding a chip, and the MRZ generation already tried on it.
        let mut card: Option<(String, Option<u64>)> = None;
        while !self.shared.stop.load(Ordering::SeqCst) {
            let Some(r) = readers.as_mut() else {
                match Readers::new() {
                    Ok(r) => readers = Some(r),
                    Err(e) => {
                        self.presence(Presence::Gone(e.code().into()));
                        std::thread::sleep(Duration::from_millis(500));
                    }
                }
                continue;
            };
            match card.take() {
                None => match r.wait_for_card(self.only.as_deref(), POLL) {
                    Ok(name) => {
                        self.presence(Presence::Connected);
                        card = Some((name, None));
                        if lock(&self.shared.key).is_none() {
                            self.emit(ReaderEvent::NeedsMrz);
                        }
                    }
                    Err(IcaoError::Timeout { .. }) => match self.reader_listed(r) {
                        Ok(true) => self.presence(Presence::Connected),
                        Ok(false) => self.presence(Presence::Gone("icao.no_reader".into())),
                        Err(e) => {
                            self.presence(Presence::Gone(e.code().into()));
                            readers = None;
                        }
                    },
                    Err(e) => {
                        self.presence(Presence::Gone(e.code().into()));
                        readers = None;
                        std::thread::sleep(Duration::from_millis(200));
                    }
                },
                Some((name, tried)) => {
                    let tried = self.maybe_read(&name, tried);
                    match r.wait_for_removal(&name, POLL) {
                        Ok(()) => self.emit(ReaderEvent::CardRemoved),
                        Err(IcaoError::Timeout { .. }) => match self.reader_listed(r) {
                            Ok(true) => card = Some((name, tried)),
                            Ok(false) => self.presence(Presence::Gone("icao.no_reader".into())),
                            Err(e) => {
                                self.presence(Presence::Gone(e.code().into()));
                                readers = None;
                            }
                        },
                        Err(e) => {
                            self.presence(Presence::Gone(e.code().into()));
                            readers = None;
                        }
                    }
                }
            }
        }
    }

    /// Reads the chip in `reader` if an MRZ was typed that was not yet tried on it.
    fn maybe_read(&mut self, reader: &str, tried: Option<u64>) -> Option<u64> {
        let key = lock(&self.shared.key).clone();
        let Some((generation, key)) = key.filter(|(g, _)| Some(*g) != tried) else {
            return tried;
        };
        self.emit(ReaderEvent::CardInserted);
        let t0 = Instant::now();
        let t = Timeouts {
            per_command: PER_COMMAND,
        };
        let raw = read_card(reader, &key, ReadOptions::default(), t);
        // The MRZ is used up by a read that got through BAC, or by a chip that refused it;
        // a card pulled out mid-read keeps it, so putting the card back reads it again.
        let spent = match &raw {
            Ok(_) | Err(IcaoError::BacFailed { .. }) => true,
            Err(_) => false,
        };
        if spent {
            let mut k = lock(&self.shared.key);
            if k.as_ref().is_some_and(|(g, _)| *g == generation) {
                *k = None;
            }
        }
        let today = Local::now().date_naive();
        let result = raw
            .and_then(|raw| check::inspect(&raw, today, &self.cscas))
            .map_err(|e| ReadFailure { code: e.code() })
            .and_then(|doc| chip_identity::from_chip(&doc, today, Utc::now()));
        match &result {
            Ok(r) => {
                tracing::info!(verdict = %r.verdict.code, ms = t0.elapsed().as_millis() as u64, "chip read")
            }
            Err(f) => tracing::warn!(
                code = f.code,
                ms = t0.elapsed().as_millis() as u64,
                "chip read failed"
            ),
        }
        self.emit(ReaderEvent::Read(Box::new(result)));
        Some(generation)
    }
}

impl Desk {
    /// Starts the configured chip reader; its state and reads go to `on_update`.
    pub fn start_chip_reader<F>(&self, mut on_update: F) -> Result<(), DeskError>
    where
        F: FnMut(HubUpdate) + Send + 'static,
    {
        let hub = Arc::clone(self.identity());
        let setting = match ChipReaderSetting::parse(&self.config().devices.chip_reader) {
            Ok(s) => s,
            Err(e) => {
                let code = e.code().to_owned();
                if let Some(u) =
                    hub.set_state_of(DeviceKind::ChipReader, DeviceState::Error { code })
                {
                    on_update(u);
                }
                return Err(e.into());
            }
        };
        let (only, sim) = match setting {
            ChipReaderSetting::Absent => return Ok(()),
            ChipReaderSetting::Pcsc(only) => (only, None),
            ChipReaderSetting::Simulator => {
                let pki = TestPki::new().map_err(IdentityError::from)?;
                let sim = SimChip {
                    pki,
                    card: Mutex::new(None),
                };
                (Some(vpcd::reader_name(SIM_PORT)), Some(sim))
            }
        };
        // The sandbox's documents are signed by its test CSCA, so their signatures verify.
        // Elsewhere the hall's CSCA folder (`identity.csca_dir`) holds the trust anchors;
        // without one, signatures are checked against the Document Signer only and the
        // verdict says the issuer is not established.
        let mut cscas = CscaList::new();
        if let Some(sim) = &sim {
            let der = sim.pki.csca_der().map_err(IdentityError::from)?;
            cscas.add_der(&der).map_err(IdentityError::from)?;
        }
        if let Some(dir) = &self.config().identity.csca_dir {
            match crate::csca::load_dir(dir, &mut cscas) {
                Ok(n) => tracing::info!(dir = %dir.display(), certificates = n, "CSCA list loaded"),
                Err(e) => {
                    let code = e.code().to_owned();
                    if let Some(u) =
                        hub.set_state_of(DeviceKind::ChipReader, DeviceState::Error { code })
                    {
                        on_update(u);
                    }
                    return Err(e.into());
                }
            }
        }
        if let Some(u) = hub.set_state_of(DeviceKind::ChipReader, DeviceState::Checking) {
            on_update(u);
        }
        let shared = Arc::new(Shared::default());
        let task_loop = Loop {
            shared: Arc::clone(&shared),
            only,
            cscas,
            hub,
            on_update,
            presence: Presence::Unknown,
        };
        let thread = std::thread::Builder::new()
            .name("ow-chip-reader".into())
            .spawn(move || task_loop.run())
            .map_err(|e| IdentityError::from(IcaoError::io("starting the chip reader", e)))?;
        tracing::info!(reader = %self.config().devices.chip_reader, "chip reader started");
        *lock(self.chip_reader_task()) = Some(ChipReaderTask {
            shared,
            thread: Some(thread),
            sim,
        });
        Ok(())
    }

    /// Stops the chip reader (thread first, then the virtual card).
    pub fn stop_chip_reader(&self) {
        lock(self.chip_reader_task()).take();
    }

    /// The MRZ the clerk typed: its key opens the chip on the reader now, or the next one.
    pub fn chip_mrz(&self, entry: &MrzEntry) -> Result<MrzKey, DeskError> {
        let guard = lock(self.chip_reader_task());
        let Some(task) = guard.as_ref() else {
            let setting = ChipReaderSetting::parse(&self.config().devices.chip_reader)?;
            return Err(match setting {
                ChipReaderSetting::Absent => IdentityError::NoChipReader,
                _ => IdentityError::NotRunning,
            }
            .into());
        };
        let (key, check_digits) = entry.key()?;
        let mut generation = lock(&task.shared.generation);
        *generation += 1;
        *lock(&task.shared.key) = Some((*generation, key));
        tracing::info!("MRZ typed for the chip reader");
        Ok(MrzKey {
            check_digits,
            card_present: self.identity().card_present_in(DeviceKind::ChipReader),
        })
    }

    /// Sandbox: puts a fictional chip document (gallery key `chip_…`) on the virtual reader.
    pub(crate) fn present_chip(&self, key: &str) -> Result<(), DeskError> {
        let specimen = chip_identity::specimen(key)
            .ok_or_else(|| IdentityError::Device(ow_idcard::IdCardError::GalleryKey(key.into())))?;
        let chip = {
            let guard = lock(self.chip_reader_task());
            let sim = guard.as_ref().and_then(|t| t.sim.as_ref());
            let sim = sim.ok_or(IdentityError::NotRunning)?;
            specimen.chip(&sim.pki).map_err(IdentityError::from)?
        };
        self.insert_sim_chip(chip)?;
        tracing::info!(key, "training chip presented");
        Ok(())
    }

    /// Sandbox: puts `chip` into the virtual reader, taking out any card there first and
    /// waiting until the reader has seen it go, so the new chip is read as a new card.
    pub(crate) fn insert_sim_chip(&self, chip: VirtualChip) -> Result<(), IdentityError> {
        let guard = lock(self.chip_reader_task());
        let sim = guard.as_ref().and_then(|t| t.sim.as_ref());
        let sim = sim.ok_or(IdentityError::NotRunning)?;
        let mut card = lock(&sim.card);
        let had = card.take().is_some();
        if had || self.identity().card_present_in(DeviceKind::ChipReader) {
            let end = Instant::now() + SWAP_WAIT;
            while self.identity().card_present_in(DeviceKind::ChipReader) && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        *card = Some(VirtualCard::insert(chip, SIM_PORT)?);
        Ok(())
    }

    /// Sandbox: takes the virtual chip out of the reader (nothing to do when none is in).
    pub(crate) fn remove_chip(&self) -> Result<(), IdentityError> {
        let guard = lock(self.chip_reader_task());
        if let Some(sim) = guard.as_ref().and_then(|t| t.sim.as_ref()) {
            lock(&sim.card).take();
        }
        Ok(())
    }
}
