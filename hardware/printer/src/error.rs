//! The crate's one error enum, with stable `printer.` codes.

use ow_error::ErrorCode;

/// Why a print did not happen (or did not finish).
#[derive(Debug, thiserror::Error)]
pub enum PrinterError {
    /// The printer URI cannot be used.
    #[error("invalid printer URI {uri}: {reason}")]
    InvalidUri {
        /// The URI as given.
        uri: String,
        /// Why.
        reason: String,
    },

    /// Nothing answers at the printer's address (off, unplugged, wrong address).
    #[error("printer {uri} is unreachable: {reason}")]
    Unreachable {
        /// The printer.
        uri: String,
        /// The network error.
        reason: String,
    },

    /// The printer did not answer in time.
    #[error("printer did not answer {operation} within {after_ms} ms")]
    Timeout {
        /// The IPP operation or wait that timed out.
        operation: &'static str,
        /// The limit.
        after_ms: u64,
        /// The job, when a submitted job did not finish in time (it may still print).
        job_id: Option<i32>,
    },

    /// Out of paper.
    #[error("printer is out of paper ({reasons:?})")]
    PaperOut {
        /// All state reasons the printer reported.
        reasons: Vec<String>,
        /// The job waiting for paper, if one was submitted (it may print once paper is loaded).
        job_id: Option<i32>,
    },

    /// The printer is stopped or not accepting jobs.
    #[error("printer is stopped ({reasons:?}){}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Stopped {
        /// State reasons.
        reasons: Vec<String>,
        /// `printer-state-message`.
        message: Option<String>,
    },

    /// The printer reports the device offline.
    #[error("printer device is offline ({reasons:?})")]
    Offline {
        /// State reasons.
        reasons: Vec<String>,
    },

    /// Something at the printer needs a person: jam, cover open, toner empty…
    #[error("printer needs attention: {reason_code} ({reasons:?})")]
    NeedsAttention {
        /// Stable code of the first blocking reason, e.g. `printer.reason.media_jam`.
        reason_code: &'static str,
        /// All state reasons.
        reasons: Vec<String>,
        /// The job waiting, if one was submitted.
        job_id: Option<i32>,
    },

    /// The printer does not accept this document format.
    #[error("printer does not accept {format}; it accepts {supported:?}")]
    UnsupportedFormat {
        /// What we tried to send.
        format: String,
        /// `document-format-supported`.
        supported: Vec<String>,
    },

    /// The job ended without printing.
    #[error("print job {job_id} ended {state}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    JobFailed {
        /// The job.
        job_id: i32,
        /// `aborted` or `canceled`.
        state: &'static str,
        /// `job-state-reasons`.
        reasons: Vec<String>,
        /// `job-state-message`.
        message: Option<String>,
    },

    /// No printer (or job) by that name at the server.
    #[error("printer or job not found at {uri}")]
    NotFound {
        /// The URI asked.
        uri: String,
    },

    /// The printer refused the request with an IPP status.
    #[error("printer refused {operation}: {status}")]
    Rejected {
        /// The operation.
        operation: &'static str,
        /// The IPP status, e.g. `ClientErrorNotAuthorized`.
        status: String,
    },

    /// The answer could not be understood.
    #[error("unexpected answer to {operation}: {reason}")]
    Protocol {
        /// The operation.
        operation: &'static str,
        /// What was wrong.
        reason: String,
    },
}

impl ErrorCode for PrinterError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidUri { .. } => "printer.invalid_uri",
            Self::Unreachable { .. } => "printer.unreachable",
            Self::Timeout { .. } => "printer.timeout",
            Self::PaperOut { .. } => "printer.paper_out",
            Self::Stopped { .. } => "printer.stopped",
            Self::Offline { .. } => "printer.offline",
            Self::NeedsAttention { .. } => "printer.needs_attention",
            Self::UnsupportedFormat { .. } => "printer.unsupported_format",
            Self::JobFailed { .. } => "printer.job_failed",
            Self::NotFound { .. } => "printer.not_found",
            Self::Rejected { .. } => "printer.rejected",
            Self::Protocol { .. } => "printer.protocol",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        use serde_json::json;
        match self {
            Self::Timeout {
                job_id, after_ms, ..
            } => Some(json!({ "job_id": job_id, "after_ms": after_ms })),
            Self::PaperOut { reasons, job_id } => {
                Some(json!({ "reasons": reasons, "job_id": job_id }))
            }
            Self::Stopped { reasons, .. } | Self::Offline { reasons } => {
                Some(json!({ "reasons": reasons }))
            }
            Self::NeedsAttention {
                reason_code,
                reasons,
                job_id,
            } => Some(json!({ "reason": reason_code, "reasons": reasons, "job_id": job_id })),
            Self::UnsupportedFormat { format, supported } => {
                Some(json!({ "format": format, "supported": supported }))
            }
            Self::JobFailed {
                job_id,
                state,
                reasons,
                ..
            } => Some(json!({ "job_id": job_id, "state": state, "reasons": reasons })),
            _ => None,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = PrinterError> = std::result::Result<T, E>;
