//! The crate's one error type, with stable `icao.` codes for the UI.

use ow_error::ErrorCode;

/// Why a byte string is not acceptable BER-TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TlvError {
    /// The input ended inside a tag, a length or a value.
    #[error("truncated TLV")]
    Truncated,
    /// Length `0x80`: indefinite lengths are not allowed in DER/LDS data.
    #[error("indefinite length refused")]
    IndefiniteLength,
    /// A length field wider than 4 bytes or larger than the input.
    #[error("length out of bounds")]
    LengthOutOfBounds,
    /// A tag longer than 3 bytes (none exists in ICAO 9303).
    #[error("tag too long")]
    TagTooLong,
    /// Nesting deeper than the parser allows.
    #[error("nesting too deep")]
    TooDeep,
    /// A mandatory tag is missing.
    #[error("missing tag {0:#X}")]
    Missing(u32),
    /// The tag found is not the one the structure requires.
    #[error("unexpected tag {0:#X}")]
    Unexpected(u32),
}

/// Everything that can go wrong reading or checking an ICAO 9303 chip.
#[derive(Debug, thiserror::Error)]
pub enum IcaoError {
    /// No PC/SC reader is attached (or pcscd is not running).
    #[error("no card reader found")]
    NoReader,
    /// The reader holds no card.
    #[error("no card in the reader")]
    NoCard,
    /// The card was taken out (or reset) while we talked to it.
    #[error("card removed during the read")]
    CardRemoved,
    /// The reader went away (unplugged, or the PC/SC service stopped).
    #[error("card reader unplugged or the PC/SC service stopped")]
    ReaderGone,
    /// A bounded operation did not finish in time.
    #[error("{operation} timed out after {millis} ms")]
    Timeout {
        /// What was waited for.
        operation: &'static str,
        /// The bound, in milliseconds.
        millis: u64,
    },
    /// Any other PC/SC failure.
    #[error("PC/SC error")]
    Pcsc(#[from] pcsc::Error),
    /// The chip answered with an unexpected status word.
    #[error("{operation}: the chip answered status {sw:04X}")]
    Status {
        /// The command that failed.
        operation: &'static str,
        /// SW1SW2.
        sw: u16,
    },
    /// The chip has no such file (or the eMRTD application is missing).
    #[error("file {fid:04X} not found on the chip")]
    FileNotFound {
        /// The file identifier.
        fid: u16,
    },
    /// BAC mutual authentication failed (usually: wrong MRZ keys).
    #[error("basic access control failed: {reason}")]
    BacFailed {
        /// What went wrong.
        reason: &'static str,
    },
    /// A secure-messaging MAC did not verify.
    #[error("secure messaging MAC mismatch")]
    SmMac,
    /// A secure-messaging response was malformed.
    #[error("malformed secure messaging response: {reason}")]
    SmFormat {
        /// What was wrong with it.
        reason: &'static str,
    },
    /// Malformed BER-TLV.
    #[error("malformed TLV data")]
    Tlv(#[from] TlvError),
    /// The MRZ text has the wrong shape (length, characters).
    #[error("malformed MRZ: {reason}")]
    Mrz {
        /// What was wrong.
        reason: &'static str,
    },
    /// A data group's content is malformed.
    #[error("malformed data group {dg}: {reason}")]
    DataGroup {
        /// The data group name (`DG2`, `EF.COM`…).
        dg: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// EF.SOD could not be parsed.
    #[error("malformed EF.SOD: {reason}")]
    Sod {
        /// What was wrong.
        reason: String,
    },
    /// A data group's hash differs from the one signed in EF.SOD.
    #[error("hash of DG{dg} does not match EF.SOD")]
    HashMismatch {
        /// The data group number.
        dg: u8,
    },
    /// A cryptographic primitive refused its input (key or block size).
    #[error("crypto failure: {reason}")]
    Crypto {
        /// What failed.
        reason: &'static str,
    },
    /// A file is larger than this reader supports.
    #[error("file too large ({len} bytes)")]
    FileTooLarge {
        /// Announced length.
        len: usize,
    },
    /// I/O failure (virtual card socket, pcscd start-up).
    #[error("i/o error: {context}")]
    Io {
        /// What was being done.
        context: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl IcaoError {
    /// Shorthand for an I/O error with context.
    pub fn io(context: &'static str, source: std::io::Error) -> Self {
        Self::Io { context, source }
    }
}

impl ErrorCode for IcaoError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoReader => "icao.no_reader",
            Self::NoCard => "icao.no_card",
            Self::CardRemoved => "icao.card_removed",
            Self::ReaderGone => "icao.reader_gone",
            Self::Timeout { .. } => "icao.timeout",
            Self::Pcsc(_) => "icao.pcsc",
            Self::Status { .. } => "icao.card_status",
            Self::FileNotFound { .. } => "icao.file_not_found",
            Self::BacFailed { .. } => "icao.bac_failed",
            Self::SmMac => "icao.sm_mac",
            Self::SmFormat { .. } => "icao.sm_format",
            Self::Tlv(_) => "icao.tlv",
            Self::Mrz { .. } => "icao.mrz",
            Self::DataGroup { .. } => "icao.data_group",
            Self::Sod { .. } => "icao.sod",
            Self::HashMismatch { .. } => "icao.hash_mismatch",
            Self::Crypto { .. } => "icao.crypto",
            Self::FileTooLarge { .. } => "icao.file_too_large",
            Self::Io { .. } => "icao.io",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Timeout { operation, millis } => {
                Some(serde_json::json!({ "operation": operation, "millis": millis }))
            }
            Self::Status { operation, sw } => {
                Some(serde_json::json!({ "operation": operation, "sw": format!("{sw:04X}") }))
            }
            Self::FileNotFound { fid } => Some(serde_json::json!({ "fid": format!("{fid:04X}") })),
            Self::HashMismatch { dg } => Some(serde_json::json!({ "dg": dg })),
            Self::DataGroup { dg, .. } => Some(serde_json::json!({ "dg": dg })),
            _ => None,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = IcaoError> = std::result::Result<T, E>;
