//! The SAM reader driver. Every exchange is bounded by a deadline: a reader that never answers
//! gives [`IdCardError::Timeout`], one that stops mid-frame gives
//! [`IdCardError::FrameTruncated`]; nothing blocks longer than the configured bound.

use super::frame::{FrameDecoder, Request, Response};
use super::proto::{Command, SamStatus};
use super::text;
use crate::document::IdentityDocument;
use crate::error::{IdCardError, Result};
use serialport::{ClearBuffer, DataBits, FlowControl, Parity, SerialPort, StopBits};
use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

/// The line speed of GA/T 467 readers.
pub const BAUD_RATE: u32 = 115_200;

/// A byte pipe to a reader. The serial port is one; tests and other links (USB bulk, HID
/// wrappers) can provide their own.
pub trait Transport: Send {
    /// Sends all bytes.
    fn send(&mut self, bytes: &[u8]) -> Result<()>;
    /// Receives what is available, waiting at most `timeout`. `Ok(0)` means nothing arrived.
    fn receive(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize>;
    /// Drops bytes received but not yet read (a late answer to an earlier, timed-out command).
    fn discard_input(&mut self) -> Result<()>;
}

/// A serial port at 115200 8N1, no flow control.
pub struct SerialTransport {
    port: Box<dyn SerialPort>,
}

impl SerialTransport {
    /// Opens the port (a device path such as `/dev/ttyUSB0` or `COM3`).
    pub fn open(path: &str) -> Result<Self> {
        let port = serialport::new(path, BAUD_RATE)
            .data_bits(DataBits::Eight)
            .parity(Parity::None)
            .stop_bits(StopBits::One)
            .flow_control(FlowControl::None)
            .timeout(Duration::from_millis(100))
            .open()
            .map_err(|source| IdCardError::PortOpen {
                path: path.to_owned(),
                source,
            })?;
        Ok(Self { port })
    }
}

impl fmt::Debug for SerialTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SerialTransport({:?})", self.port.name())
    }
}

fn io_err(e: std::io::Error) -> IdCardError {
    IdCardError::PortIo(e)
}

impl Transport for SerialTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        // A request is 10 bytes: if the line cannot take them in this time, it is gone.
        self.port
            .set_timeout(Duration::from_millis(500))
            .map_err(|e| io_err(e.into()))?;
        self.port.write_all(bytes).map_err(io_err)?;
        self.port.flush().map_err(io_err)
    }

    fn receive(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize> {
        self.port
            .set_timeout(timeout)
            .map_err(|e| io_err(e.into()))?;
        match self.port.read(buf) {
            Ok(0) => Err(IdCardError::PortClosed),
            Ok(n) => Ok(n),
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => Ok(0),
            Err(e) if e.kind() == ErrorKind::Interrupted => Ok(0),
            Err(e) => Err(io_err(e)),
        }
    }

    fn discard_input(&mut self) -> Result<()> {
        self.port
            .clear(ClearBuffer::Input)
            .map_err(|e| io_err(e.into()))
    }
}

/// Time bounds and options of the driver.
#[derive(Clone, Debug)]
pub struct ReaderConfig {
    /// Bound for short commands (find, select, status, id). Readers answer in tens of ms.
    pub command_timeout: Duration,
    /// Bound for reading the card (~1.3 KB at 115200 baud plus the card's own time, ≈1 s).
    pub read_timeout: Duration,
    /// Use `30 10` (text + photo + fingerprint) instead of `30 01`.
    pub with_fingerprint: bool,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        Self {
            command_timeout: Duration::from_millis(1000),
            read_timeout: Duration::from_millis(3000),
            with_fingerprint: false,
        }
    }
}

/// The SAM module's id (answer to `12 FF`), shown as hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SamId(pub Vec<u8>);

impl fmt::Display for SamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02X}"))
    }
}

/// A GA/T 467 reader.
#[derive(Debug)]
pub struct SamReader<T: Transport = SerialTransport> {
    transport: T,
    config: ReaderConfig,
    decoder: FrameDecoder,
}

impl SamReader<SerialTransport> {
    /// Opens a reader on a serial port.
    pub fn open(path: &str, config: ReaderConfig) -> Result<Self> {
        Ok(Self::new(SerialTransport::open(path)?, config))
    }
}

impl<T: Transport> SamReader<T> {
    /// A reader over any transport.
    pub fn new(transport: T, config: ReaderConfig) -> Self {
        Self {
            transport,
            config,
            decoder: FrameDecoder::new(),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &ReaderConfig {
        &self.config
    }

    /// Sends one command and waits at most `timeout` for its answer, whatever its status.
    pub fn transact(&mut self, command: Command, timeout: Duration) -> Result<Response> {
        let request = Request::new(command).encode()?;
        self.decoder.clear();
        self.transport.discard_input()?;
        self.transport.send(&request)?;
        let deadline = Instant::now() + timeout;
        let mut buf = [0u8; 2048];
        loop {
            while let Some(next) = self.decoder.next_frame() {
                match next {
                    Ok(raw) => return Response::from_raw(raw),
                    Err(IdCardError::FrameGarbage { skipped }) => {
                        tracing::debug!(skipped, %command, "line noise before the answer");
                    }
                    Err(e) => {
                        self.decoder.clear();
                        return Err(e);
                    }
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(match self.decoder.finish() {
                    Some(e @ IdCardError::FrameTruncated { .. }) => e,
                    _ => IdCardError::Timeout {
                        op: command.name(),
                        ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
                    },
                });
            }
            let n = self.transport.receive(&mut buf, deadline - now)?;
            self.decoder.push(&buf[..n]);
        }
    }

    /// Sends a command and turns any status outside `accept` into an error.
    fn expect(
        &mut self,
        command: Command,
        timeout: Duration,
        accept: &[SamStatus],
    ) -> Result<Response> {
        let response = self.transact(command, timeout)?;
        if accept.contains(&response.status) {
            Ok(response)
        } else {
            tracing::debug!(%command, status = %response.status, "reader refused");
            Err(IdCardError::Sam {
                command,
                status: response.status,
            })
        }
    }

    /// `20 01`: is a card in the field? (`9F` yes, `80` no; anything else is an error.)
    pub fn find_card(&mut self) -> Result<bool> {
        let t = self.config.command_timeout;
        let r = self.expect(
            Command::FIND_CARD,
            t,
            &[SamStatus::CardFound, SamStatus::NoCard],
        )?;
        Ok(r.status == SamStatus::CardFound)
    }

    /// `20 02`: selects the card in the field.
    pub fn select_card(&mut self) -> Result<()> {
        let t = self.config.command_timeout;
        self.expect(Command::SELECT_CARD, t, &[SamStatus::Ok])
            .map(drop)
    }

    /// `30 01` or `30 10`: reads the selected card.
    pub fn read_selected(&mut self) -> Result<IdentityDocument> {
        let fp = self.config.with_fingerprint;
        let command = if fp {
            Command::READ_TEXT_PHOTO_FINGERPRINT
        } else {
            Command::READ_TEXT_PHOTO
        };
        let t = self.config.read_timeout;
        let r = self.expect(command, t, &[SamStatus::Ok])?;
        text::parse_answer(&r.data, fp)
    }

    /// Find, select, read.
    ///
    /// Readers answer `80` to find-card for a card that has already been read and is still in
    /// the field (they want it taken away first); selecting it still works. So a `80` is
    /// followed by a select, and only a failed select means "no card".
    pub fn read_card(&mut self) -> Result<IdentityDocument> {
        let found = self.find_card()?;
        match self.select_card() {
            Ok(()) => {}
            Err(IdCardError::Sam {
                status: SamStatus::SelectFailed,
                ..
            }) if !found => {
                return Err(IdCardError::Sam {
                    command: Command::FIND_CARD,
                    status: SamStatus::NoCard,
                })
            }
            Err(e) => return Err(e),
        }
        self.read_selected()
    }

    /// `11 FF`: the SAM's self-check. `Ok` when it answers 90.
    pub fn sam_status(&mut self) -> Result<()> {
        let t = self.config.command_timeout;
        self.expect(Command::SAM_STATUS, t, &[SamStatus::Ok])
            .map(drop)
    }

    /// `10 FF`: resets the SAM.
    pub fn reset(&mut self) -> Result<()> {
        let t = self.config.command_timeout;
        self.expect(Command::RESET, t, &[SamStatus::Ok]).map(drop)
    }

    /// `12 FF`: the SAM's id.
    pub fn sam_id(&mut self) -> Result<SamId> {
        let t = self.config.command_timeout;
        let r = self.expect(Command::SAM_ID, t, &[SamStatus::Ok])?;
        Ok(SamId(r.data))
    }
}
