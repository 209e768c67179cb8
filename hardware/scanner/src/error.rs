//! The crate's one error type. Codes are stable: the UI branches on them and translates them.

use ow_error::ErrorCode;

/// Everything that can go wrong while capturing, importing or checking a material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// SANE could not be initialised (library missing or broken configuration).
    #[error("SANE could not be initialised: {0}")]
    SaneInit(String),
    /// No scanner with this name, or none at all.
    #[error("no scanner named {0:?}")]
    NoDevice(String),
    /// The device is in use by another program or another scan.
    #[error("the scanner is busy")]
    Busy,
    /// The document feeder is jammed.
    #[error("the document feeder is jammed")]
    Jammed,
    /// The feeder is empty (when a scan starts from the feeder).
    #[error("the document feeder is empty")]
    NoDocs,
    /// The scanner's cover is open.
    #[error("the scanner cover is open")]
    CoverOpen,
    /// Access to the device was refused (permissions, authentication).
    #[error("access to the scanner was denied")]
    AccessDenied,
    /// The backend ran out of memory.
    #[error("the scanner backend ran out of memory")]
    NoMemory,
    /// I/O error talking to the device.
    #[error("scanner I/O error during {0}")]
    Io(String),
    /// The backend refused a value or an operation.
    #[error("the scanner refused {what}: {status}")]
    Refused {
        /// What was being done (an option name, `start`, …).
        what: String,
        /// SANE's own words for the status.
        status: String,
    },
    /// The device cannot do what the settings ask (no feeder, no colour, …).
    #[error("the scanner does not support {0}")]
    Unsupported(String),
    /// The backend sent data we cannot turn into an image.
    #[error("the scanner sent an unusable image: {0}")]
    BadFrame(String),
    /// The scan did not finish before its deadline; it was cancelled.
    #[error("the scan did not finish within {0} ms")]
    Timeout(u64),
    /// The scan was cancelled by the clerk.
    #[error("the scan was cancelled")]
    Cancelled,
    /// The SANE worker thread is gone (it panicked or could not start).
    #[error("the scanner worker stopped")]
    WorkerGone,
    /// Document camera (V4L2) failure.
    #[error("document camera error during {stage}")]
    Camera {
        /// What was being done.
        stage: &'static str,
        /// The underlying OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be read from disk.
    #[error("could not read the file")]
    ImportIo(#[source] std::io::Error),
    /// The file is larger than the configured limit (bytes or pixels).
    #[error("the file is too large: {actual} > {limit} {unit}")]
    TooLarge {
        /// What was measured.
        actual: u64,
        /// The configured limit.
        limit: u64,
        /// `bytes` or `pixels`.
        unit: &'static str,
    },
    /// The content is not a kind of file we accept (e.g. an executable, a zip).
    #[error("unsupported file content ({detected})")]
    UnsupportedFormat {
        /// MIME type found in the content, or `unknown`.
        detected: String,
    },
    /// The name promises one format and the content is another (an .exe named .jpg).
    #[error("the file name says {claimed} but the content is {detected}")]
    Disguised {
        /// What the extension claims.
        claimed: String,
        /// What the content is.
        detected: String,
    },
    /// The file ends before its format says it should.
    #[error("the {format} file is truncated")]
    Truncated {
        /// The format.
        format: &'static str,
    },
    /// The content has the right signature but does not decode.
    #[error("the {format} file is corrupt: {reason}")]
    Corrupt {
        /// The format.
        format: &'static str,
        /// The decoder's words.
        reason: String,
    },
    /// The PDF is encrypted and cannot be checked.
    #[error("the PDF is encrypted")]
    Encrypted,
    /// Encoding a page or a PDF failed.
    #[error("could not encode {0}")]
    Encode(
        &'static str,
        #[source] Box<dyn std::error::Error + Send + Sync>,
    ),
    /// OCR engine failure (only when OCR is configured).
    #[error("text recognition failed: {0}")]
    Ocr(String),
}

impl ErrorCode for ScanError {
    fn code(&self) -> &'static str {
        match self {
            Self::SaneInit(_) => "scanner.sane.init",
            Self::NoDevice(_) => "scanner.sane.no_device",
            Self::Busy => "scanner.sane.busy",
            Self::Jammed => "scanner.sane.jammed",
            Self::NoDocs => "scanner.sane.no_docs",
            Self::CoverOpen => "scanner.sane.cover_open",
            Self::AccessDenied => "scanner.sane.access_denied",
            Self::NoMemory => "scanner.sane.no_memory",
            Self::Io(_) => "scanner.sane.io",
            Self::Refused { .. } => "scanner.sane.refused",
            Self::Unsupported(_) => "scanner.unsupported",
            Self::BadFrame(_) => "scanner.sane.bad_frame",
            Self::Timeout(_) => "scanner.timeout",
            Self::Cancelled => "scanner.cancelled",
            Self::WorkerGone => "scanner.worker_gone",
            Self::Camera { .. } => "scanner.camera",
            Self::ImportIo(_) => "scanner.import.io",
            Self::TooLarge { .. } => "scanner.import.too_large",
            Self::UnsupportedFormat { .. } => "scanner.import.unsupported",
            Self::Disguised { .. } => "scanner.import.disguised",
            Self::Truncated { .. } => "scanner.import.truncated",
            Self::Corrupt { .. } => "scanner.import.corrupt",
            Self::Encrypted => "scanner.import.encrypted",
            Self::Encode(..) => "scanner.encode",
            Self::Ocr(_) => "scanner.ocr",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        use serde_json::json;
        match self {
            Self::TooLarge {
                actual,
                limit,
                unit,
            } => Some(json!({ "actual": actual, "limit": limit, "unit": unit })),
            Self::Disguised { claimed, detected } => {
                Some(json!({ "claimed": claimed, "detected": detected }))
            }
            Self::UnsupportedFormat { detected } => Some(json!({ "detected": detected })),
            Self::Timeout(ms) => Some(json!({ "timeout_ms": ms })),
            Self::NoDevice(name) => Some(json!({ "device": name })),
            _ => None,
        }
    }
}
