//! Card presence polling on a background thread: finds the card every `poll_interval`, reads it
//! when it arrives, reports when it leaves, and survives the reader being unplugged (the port
//! disappears: events say so, the port is reopened until it comes back).

use super::proto::SamStatus;
use super::reader::{ReaderConfig, SamReader, SerialTransport, Transport};
use crate::document::IdentityDocument;
use crate::error::{IdCardError, Result};
use ow_error::ErrorCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the monitor reports.
#[derive(Debug)]
pub enum CardEvent {
    /// The reader answered its self-check: ready.
    ReaderConnected,
    /// The reader is gone or mute; the monitor keeps trying to reopen it.
    ReaderDisconnected {
        /// Why (`idcard.port.open`, `idcard.timeout`, …).
        code: &'static str,
    },
    /// A card was placed on the reader.
    CardInserted,
    /// The card was read, or one read attempt failed (up to `read_attempts` per card).
    CardRead(Box<Result<IdentityDocument>>),
    /// The card was taken away.
    CardRemoved,
}

/// Monitor timing.
#[derive(Clone, Debug)]
pub struct MonitorConfig {
    /// How often to look for a card.
    pub poll_interval: Duration,
    /// How often to retry opening a missing or mute reader.
    pub reconnect_interval: Duration,
    /// Read the card as soon as it is found.
    pub auto_read: bool,
    /// Read attempts per card before reporting the failure.
    pub read_attempts: u32,
    /// Driver settings.
    pub reader: ReaderConfig,
}

impl Default for MonitorConfig {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_millis(250),
            reconnect_interval: Duration::from_millis(1000),
            auto_read: true,
            read_attempts: 3,
            reader: ReaderConfig::default(),
        }
    }
}

/// A running monitor. Dropping it stops the thread (within one poll plus one command bound).
#[derive(Debug)]
pub struct CardMonitor {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Card {
    Absent,
    Present { read_ok: bool, attempts: u32 },
}

impl CardMonitor {
    /// Monitors the serial reader at `path`.
    pub fn start<F>(path: &str, config: MonitorConfig, on_event: F) -> Result<Self>
    where
        F: FnMut(CardEvent) + Send + 'static,
    {
        let path = path.to_owned();
        let reader_config = config.reader.clone();
        Self::start_with(
            move || SamReader::<SerialTransport>::open(&path, reader_config.clone()),
            config,
            on_event,
        )
    }

    /// Monitors whatever reader `open` returns (called again after each disconnection).
    pub fn start_with<T, O, F>(open: O, config: MonitorConfig, on_event: F) -> Result<Self>
    where
        T: Transport + 'static,
        O: FnMut() -> Result<SamReader<T>> + Send + 'static,
        F: FnMut(CardEvent) + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let worker = Worker {
            open,
            on_event,
            config,
            stop: Arc::clone(&stop),
        };
        let thread = std::thread::Builder::new()
            .name("idcard-monitor".into())
            .spawn(move || worker.run())
            .map_err(|source| IdCardError::Thread {
                what: "card monitor",
                source,
            })?;
        Ok(Self {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread and waits for it.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                tracing::error!("card monitor thread panicked");
            }
        }
    }
}

impl Drop for CardMonitor {
    fn drop(&mut self) {
        self.shutdown();
    }
}

struct Worker<O, F> {
    open: O,
    on_event: F,
    config: MonitorConfig,
    stop: Arc<AtomicBool>,
}

impl<T, O, F> Worker<O, F>
where
    T: Transport,
    O: FnMut() -> Result<SamReader<T>>,
    F: FnMut(CardEvent),
{
    fn run(mut self) {
        let mut reader: Option<SamReader<T>> = None;
        let mut card = Card::Absent;
        // None until the first outcome, so the first state is always reported.
        let mut connected: Option<bool> = None;
        while !self.stop.load(Ordering::SeqCst) {
            let Some(r) = reader.as_mut() else {
                match self.connect() {
                    Ok(r) => {
                        reader = Some(r);
                        connected = Some(true);
                        (self.on_event)(CardEvent::ReaderConnected);
                        continue;
                    }
                    Err(e) => {
                        if connected != Some(false) {
                            tracing::warn!(code = e.code(), "SAM reader unavailable");
                            (self.on_event)(CardEvent::ReaderDisconnected { code: e.code() });
                            connected = Some(false);
                        }
                        self.sleep(self.config.reconnect_interval);
                        continue;
                    }
                }
            };
            match self.tick(r, &mut card) {
                Ok(()) => {}
                Err(e) if e.is_link_lost() || matches!(e, IdCardError::Timeout { .. }) => {
                    tracing::warn!(code = e.code(), "SAM reader lost");
                    reader = None;
                    if card != Card::Absent {
                        card = Card::Absent;
                        (self.on_event)(CardEvent::CardRemoved);
                    }
                    connected = Some(false);
                    (self.on_event)(CardEvent::ReaderDisconnected { code: e.code() });
                    self.sleep(self.config.reconnect_interval);
                    continue;
                }
                // A garbled answer or a refused command: try again next poll.
                Err(e) => tracing::debug!(code = e.code(), "poll failed"),
            }
            self.sleep(self.config.poll_interval);
        }
    }

    /// Opens the reader and checks that its SAM answers, so a port that opens but stays
    /// silent does not count as connected.
    fn connect(&mut self) -> Result<SamReader<T>> {
        let mut r = (self.open)()?;
        r.sam_status()?;
        Ok(r)
    }

    fn tick(&mut self, r: &mut SamReader<T>, card: &mut Card) -> Result<()> {
        let found = r.find_card()?;
        match (*card, found) {
            (Card::Absent, false) => Ok(()),
            (Card::Absent, true) => {
                *card = Card::Present {
                    read_ok: false,
                    attempts: 0,
                };
                (self.on_event)(CardEvent::CardInserted);
                self.maybe_read(r, card)
            }
            (Card::Present { .. }, true) => self.maybe_read(r, card),
            // Find says no card; a card already read keeps answering select (see read_card).
            (Card::Present { .. }, false) => match r.select_card() {
                Ok(()) => self.maybe_read(r, card),
                Err(IdCardError::Sam {
                    status: SamStatus::SelectFailed | SamStatus::NoCard,
                    ..
                }) => {
                    *card = Card::Absent;
                    (self.on_event)(CardEvent::CardRemoved);
                    Ok(())
                }
                Err(e) => Err(e),
            },
        }
    }

    fn maybe_read(&mut self, r: &mut SamReader<T>, card: &mut Card) -> Result<()> {
        let Card::Present { read_ok, attempts } = *card else {
            return Ok(());
        };
        if !self.config.auto_read || read_ok || attempts >= self.config.read_attempts {
            return Ok(());
        }
        let attempts = attempts + 1;
        let result = r.select_card().and_then(|()| r.read_selected());
        let read_ok = result.is_ok();
        *card = Card::Present { read_ok, attempts };
        match result {
            Ok(doc) => (self.on_event)(CardEvent::CardRead(Box::new(Ok(doc)))),
            Err(e) if e.is_link_lost() => return Err(e),
            // Each failure is reported: the clerk sees "retrying" rather than nothing.
            Err(e) => {
                tracing::debug!(code = e.code(), attempts, "card read failed");
                (self.on_event)(CardEvent::CardRead(Box::new(Err(e))));
            }
        }
        Ok(())
    }

    /// Sleeps in short steps so a stop request is noticed quickly.
    fn sleep(&self, d: Duration) {
        let end = Instant::now() + d;
        while !self.stop.load(Ordering::SeqCst) {
            let now = Instant::now();
            if now >= end {
                break;
            }
            std::thread::sleep((end - now).min(Duration::from_millis(20)));
        }
    }
}
