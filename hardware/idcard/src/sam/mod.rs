//! GA/T 467 SAM readers: the reader's security module decrypts the card, and speaks a small
//! framed protocol over a serial line (UART, USB-serial) at 115200 8N1.
//!
//! - [`frame`]: the byte-level codec (preamble, length, checksum) and an incremental decoder;
//! - [`proto`]: commands and status codes;
//! - [`text`]: the 256-byte UCS-2 text block and the read answer around it;
//! - [`reader`]: the driver over a serial port, every call bounded by a timeout;
//! - [`monitor`]: card presence polling with inserted/removed events and reader recovery;
//! - [`sim`]: a virtual reader on a pseudo-terminal, for tests and the training sandbox.

pub mod frame;
pub mod monitor;
pub mod proto;
pub mod reader;
#[cfg(unix)]
pub mod sim;
pub mod text;

pub use frame::{FrameDecoder, RawFrame, Request, Response};
pub use monitor::{CardEvent, CardMonitor, MonitorConfig};
pub use proto::{Command, SamStatus};
pub use reader::{ReaderConfig, SamReader, SerialTransport, Transport};
