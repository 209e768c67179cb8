//! The crate's one error type. Codes are stable (`idcard.…`) and carry no personal data: a
//! message never contains a name or a document number, only field names and byte values.

use crate::sam::{Command, SamStatus};
use ow_error::ErrorCode;
use serde_json::json;

/// Everything that can go wrong while reading or decoding an identity document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IdCardError {
    /// The reader did not answer within the bound.
    #[error("the reader did not answer {op} within {ms} ms")]
    Timeout {
        /// What was asked (`find_card`, `read`, …).
        op: &'static str,
        /// The bound that elapsed.
        ms: u64,
    },
    /// The serial port could not be opened (missing, busy, no permission).
    #[error("cannot open the reader's port {path}")]
    PortOpen {
        /// The device path.
        path: String,
        /// What the OS said.
        #[source]
        source: serialport::Error,
    },
    /// Reading or writing the port failed (typically: the reader was unplugged).
    #[error("reader port I/O failed")]
    PortIo(#[source] std::io::Error),
    /// The port reached end of file: the device went away.
    #[error("the reader's port was closed")]
    PortClosed,

    /// Bytes before a frame preamble were thrown away.
    #[error("skipped {skipped} bytes of line noise before a frame")]
    FrameGarbage {
        /// How many bytes were discarded.
        skipped: usize,
    },
    /// The frame's XOR checksum did not match.
    #[error("frame checksum mismatch: computed {computed:#04x}, received {received:#04x}")]
    FrameChecksum {
        /// The XOR we computed.
        computed: u8,
        /// The CHK byte on the wire.
        received: u8,
    },
    /// The LEN field is out of range (too small for a frame or above the bound).
    #[error("frame length {len} is outside {min}..={max}")]
    FrameLength {
        /// The LEN value read (or asked for when encoding).
        len: usize,
        /// Smallest acceptable LEN.
        min: usize,
        /// Largest acceptable LEN.
        max: usize,
    },
    /// The stream ended before the frame was complete.
    #[error("truncated frame: {received} of {expected} bytes")]
    FrameTruncated {
        /// Bytes the LEN field announced (whole frame).
        expected: usize,
        /// Bytes that arrived.
        received: usize,
    },

    /// The SAM answered with a status other than success.
    #[error("the reader answered {status} to {command}")]
    Sam {
        /// What was asked.
        command: Command,
        /// The status (SW3) it answered.
        status: SamStatus,
    },
    /// The answer had a success status but a shape we cannot use.
    #[error("unexpected answer to {command}: {reason}")]
    UnexpectedAnswer {
        /// What was asked.
        command: Command,
        /// What was wrong with it.
        reason: &'static str,
    },

    /// The text block or its surrounding length fields are too short or inconsistent.
    #[error("card data has the wrong size: {what} is {len} bytes")]
    TextLength {
        /// Which part (`text block`, `photo`, `answer`).
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// A field is not valid UCS-2 (e.g. a lone surrogate).
    #[error("field {field} is not valid UCS-2")]
    TextEncoding {
        /// The field's name.
        field: &'static str,
    },
    /// A field has a value the layout does not allow (bad date, unknown code…).
    #[error("field {field} is invalid: {reason}")]
    TextField {
        /// The field's name.
        field: &'static str,
        /// Why, without the value itself.
        reason: &'static str,
    },
    /// Encoding: the value does not fit the field's slot.
    #[error("field {field} does not fit its {max_chars}-character slot")]
    TextTooLong {
        /// The field's name.
        field: &'static str,
        /// The slot's capacity in UCS-2 units.
        max_chars: usize,
    },
    /// Encoding: this kind of document has no GA/T 467 text layout (passports, permits).
    #[error("documents of kind {kind} are not read through a SAM reader")]
    NotSamDocument {
        /// The document kind's stable name.
        kind: &'static str,
    },

    /// The built-in gallery of fictional citizens failed to load.
    #[error("the fictional-citizen gallery is invalid")]
    Gallery(#[source] serde_json::Error),
    /// The gallery has no entry with that key.
    #[error("no fictional citizen named {0}")]
    GalleryKey(String),
    /// A background thread (card monitor) could not be started.
    #[error("cannot start the {what} thread")]
    Thread {
        /// Which thread.
        what: &'static str,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The virtual reader could not create or drive its pseudo-terminal.
    #[error("virtual reader: {op} failed")]
    Simulator {
        /// What it was doing.
        op: &'static str,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl IdCardError {
    /// True when the error means the link to the reader is gone and the port must be reopened.
    pub fn is_link_lost(&self) -> bool {
        matches!(
            self,
            Self::PortIo(_) | Self::PortClosed | Self::PortOpen { .. }
        )
    }
}

impl ErrorCode for IdCardError {
    fn code(&self) -> &'static str {
        match self {
            Self::Timeout { .. } => "idcard.timeout",
            Self::PortOpen { .. } => "idcard.port.open",
            Self::PortIo(_) => "idcard.port.io",
            Self::PortClosed => "idcard.port.closed",
            Self::FrameGarbage { .. } => "idcard.frame.garbage",
            Self::FrameChecksum { .. } => "idcard.sam.checksum",
            Self::FrameLength { .. } => "idcard.frame.length",
            Self::FrameTruncated { .. } => "idcard.frame.truncated",
            Self::Sam { status, .. } => status.code(),
            Self::UnexpectedAnswer { .. } => "idcard.sam.unexpected_answer",
            Self::TextLength { .. } => "idcard.text.length",
            Self::TextEncoding { .. } => "idcard.text.encoding",
            Self::TextField { .. } => "idcard.text.field",
            Self::TextTooLong { .. } => "idcard.text.too_long",
            Self::NotSamDocument { .. } => "idcard.text.not_sam_document",
            Self::Gallery(_) => "idcard.gallery.invalid",
            Self::GalleryKey(_) => "idcard.gallery.unknown_key",
            Self::Thread { .. } => "idcard.thread",
            Self::Simulator { .. } => "idcard.sim.io",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Timeout { op, ms } => Some(json!({ "op": op, "ms": ms })),
            Self::PortOpen { path, .. } => Some(json!({ "path": path })),
            Self::Sam { command, status } => Some(json!({
                "command": command.to_string(),
                "sw3": format!("{:02X}", status.sw3()),
            })),
            Self::TextField { field, .. }
            | Self::TextEncoding { field }
            | Self::TextTooLong { field, .. } => Some(json!({ "field": field })),
            _ => None,
        }
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = IdCardError> = std::result::Result<T, E>;
