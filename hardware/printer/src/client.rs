//! One IPP printer (an IPP Everywhere device or a CUPS queue): state, print, follow the job.

use crate::error::{PrinterError, Result};
use crate::status::{JobState, JobStatus, PrinterState, PrinterStatus, ReasonKind, StateReason};
use crate::transport::{self, boolean, group, int, string, strings};
use ipp::operation::IppOperation;
use ipp::prelude::{DelimiterTag, IppOperationBuilder, IppPayload, Uri};
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use std::time::{Duration, Instant};

/// The PDF media type.
pub const PDF: &str = "application/pdf";

/// Time limits. Every network call is bounded by `request`; following a job by `job`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Timeouts {
    // u32, not u64: the TypeScript bindings have no 64-bit integers, and 49 days is plenty.
    /// One IPP request/answer, including connecting (ms).
    pub request_ms: u32,
    /// From submission to a finished job (ms).
    pub job_ms: u32,
    /// Between two job-state polls (ms).
    pub poll_ms: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            request_ms: 10_000,
            job_ms: 120_000,
            poll_ms: 500,
        }
    }
}

impl Timeouts {
    fn request(&self) -> Duration {
        Duration::from_millis(self.request_ms.into())
    }
}

/// A finished print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PrintOutcome {
    /// The job's id at the printer.
    pub job_id: i32,
    /// The final job state (completed).
    pub job: JobStatus,
}

/// Attributes asked for in Get-Printer-Attributes (and CUPS-Get-Printers).
pub(crate) const PRINTER_ATTRS: [&str; 8] = [
    "printer-name",
    "printer-make-and-model",
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "document-format-supported",
    "printer-uri-supported",
];

const JOB_ATTRS: [&str; 4] = [
    "job-id",
    "job-state",
    "job-state-reasons",
    "job-state-message",
];

/// One printer at an `ipp://` / `ipps://` / `http://` URI, e.g.
/// `ipp://localhost:631/printers/Receipt` for a CUPS queue.
#[derive(Debug, Clone)]
pub struct Printer {
    uri: Uri,
    timeouts: Timeouts,
    user: String,
}

impl Printer {
    /// A printer at `uri` with default time limits.
    pub fn new(uri: &str) -> Result<Self> {
        let parsed = uri.parse::<Uri>().map_err(|e| PrinterError::InvalidUri {
            uri: uri.to_owned(),
            reason: e.to_string(),
        })?;
        match parsed.scheme_str() {
            Some("ipp" | "ipps" | "http" | "https") if parsed.host().is_some() => {}
            _ => {
                return Err(PrinterError::InvalidUri {
                    uri: uri.to_owned(),
                    reason: "expected ipp://host[:port]/path".to_owned(),
                })
            }
        }
        Ok(Self {
            uri: parsed,
            timeouts: Timeouts::default(),
            user: "onewindow".to_owned(),
        })
    }

    /// The same printer with other time limits.
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The name sent as `requesting-user-name` (e.g. the clerk's number).
    pub fn with_user(mut self, user: impl Into<String>) -> Self {
        self.user = user.into();
        self
    }

    /// The printer's URI.
    pub fn uri(&self) -> String {
        self.uri.to_string()
    }

    /// Get-Printer-Attributes: state, reasons, formats.
    pub async fn status(&self) -> Result<PrinterStatus> {
        let op = IppOperationBuilder::get_printer_attributes(self.uri.clone())
            .attributes(PRINTER_ATTRS)
            .build()
            .map_err(|e| protocol("Get-Printer-Attributes", e))?;
        let resp = transport::exchange(
            &self.uri,
            op.into_ipp_request(),
            "Get-Printer-Attributes",
            self.timeouts.request(),
        )
        .await?;
        Ok(parse_status(group(&resp, DelimiterTag::PrinterAttributes)))
    }

    /// Checks the printer can take a job of `format` now: not stopped, has paper, accepts the
    /// format. A clerk learns "缺纸" before the citizen's paper is queued, not after.
    pub async fn preflight(&self, format: &str) -> Result<PrinterStatus> {
        let status = self.status().await?;
        check_ready(&status, None)?;
        if !status.supports(format) {
            return Err(PrinterError::UnsupportedFormat {
                format: format.to_owned(),
                supported: status.formats.clone(),
            });
        }
        Ok(status)
    }

    /// Print-Job: sends `document` as `format` named `job_name`; returns the job id.
    pub async fn submit(&self, document: Vec<u8>, format: &str, job_name: &str) -> Result<i32> {
        self.preflight(format).await?;
        let op = IppOperationBuilder::print_job(
            self.uri.clone(),
            IppPayload::new(Cursor::new(document)),
        )
        .user_name(&self.user)
        .job_title(job_name)
        .document_format(format)
        .build()
        .map_err(|e| protocol("Print-Job", e))?;
        let resp = transport::exchange(
            &self.uri,
            op.into_ipp_request(),
            "Print-Job",
            self.timeouts.request(),
        )
        .await
        .map_err(|e| match e {
            PrinterError::Rejected { status, .. } if status.contains("DocumentFormat") => {
                PrinterError::UnsupportedFormat {
                    format: format.to_owned(),
                    supported: Vec::new(),
                }
            }
            PrinterError::Rejected { status, .. } if status.contains("NotAcceptingJobs") => {
                PrinterError::Stopped {
                    reasons: Vec::new(),
                    message: Some(status),
                }
            }
            other => other,
        })?;
        int(group(&resp, DelimiterTag::JobAttributes), "job-id").ok_or_else(|| {
            PrinterError::Protocol {
                operation: "Print-Job",
                reason: "answer has no job-id".to_owned(),
            }
        })
    }

    /// Get-Job-Attributes for `job_id`.
    pub async fn job(&self, job_id: i32) -> Result<JobStatus> {
        let op = IppOperationBuilder::get_job_attributes(self.uri.clone(), job_id)
            .user_name(&self.user)
            .build()
            .map_err(|e| protocol("Get-Job-Attributes", e))?;
        let mut req = op.into_ipp_request();
        add_requested(&mut req, &JOB_ATTRS)?;
        let resp = transport::exchange(
            &self.uri,
            req,
            "Get-Job-Attributes",
            self.timeouts.request(),
        )
        .await?;
        let attrs = group(&resp, DelimiterTag::JobAttributes);
        Ok(JobStatus {
            id: job_id,
            state: JobState::from_ipp(int(attrs, "job-state").unwrap_or(0)),
            reasons: strings(attrs, "job-state-reasons"),
            message: string(attrs, "job-state-message"),
        })
    }

    /// Cancel-Job (e.g. after a paper-out the clerk chose not to wait for).
    pub async fn cancel(&self, job_id: i32) -> Result<()> {
        let op = IppOperationBuilder::cancel_job(self.uri.clone(), job_id)
            .user_name(&self.user)
            .build()
            .map_err(|e| protocol("Cancel-Job", e))?;
        transport::exchange(
            &self.uri,
            op.into_ipp_request(),
            "Cancel-Job",
            self.timeouts.request(),
        )
        .await?;
        Ok(())
    }

    /// Follows `job_id` until it completes, fails, or `job_ms` passes. A job held up by the
    /// printer (out of paper, jam, stopped) is reported at once with its id rather than
    /// waited on: the clerk must act, and the job stays queued.
    pub async fn wait(&self, job_id: i32) -> Result<JobStatus> {
        let start = Instant::now();
        let limit = Duration::from_millis(self.timeouts.job_ms.into());
        loop {
            let job = self.job(job_id).await?;
            match job.state {
                JobState::Completed => return Ok(job),
                JobState::Aborted | JobState::Canceled => {
                    // The printer's reasons explain an abort better than the job's do.
                    if let Ok(status) = self.status().await {
                        check_ready(&status, Some(job_id))?;
                    }
                    return Err(PrinterError::JobFailed {
                        job_id,
                        state: job.state.keyword(),
                        reasons: job.reasons,
                        message: job.message,
                    });
                }
                _ => {
                    let status = self.status().await?;
                    check_ready(&status, Some(job_id))?;
                }
            }
            if start.elapsed() >= limit {
                return Err(PrinterError::Timeout {
                    operation: "print job",
                    after_ms: self.timeouts.job_ms.into(),
                    job_id: Some(job_id),
                });
            }
            tokio::time::sleep(Duration::from_millis(self.timeouts.poll_ms.into())).await;
        }
    }

    /// Prints a PDF and waits for the job to finish.
    pub async fn print_pdf(&self, pdf: Vec<u8>, job_name: &str) -> Result<PrintOutcome> {
        let job_id = self.submit(pdf, PDF, job_name).await?;
        let job = self.wait(job_id).await?;
        Ok(PrintOutcome { job_id, job })
    }
}

/// Fails when the printer cannot print now; `job_id` is the job waiting, if any.
fn check_ready(status: &PrinterStatus, job_id: Option<i32>) -> Result<()> {
    let reasons = status.reason_keywords();
    if status.paper_out() {
        return Err(PrinterError::PaperOut { reasons, job_id });
    }
    if status
        .reasons
        .iter()
        .any(|r| r.kind == ReasonKind::Offline && r.blocks_printing())
    {
        return Err(PrinterError::Offline { reasons });
    }
    if status.state == PrinterState::Stopped || !status.accepting_jobs {
        return Err(PrinterError::Stopped {
            reasons,
            message: status.message.clone(),
        });
    }
    if let Some(r) = status.reasons.iter().find(|r| r.blocks_printing()) {
        return Err(PrinterError::NeedsAttention {
            reason_code: r.code(),
            reasons,
            job_id,
        });
    }
    Ok(())
}

pub(crate) fn parse_status(attrs: &[ipp::prelude::IppAttribute]) -> PrinterStatus {
    PrinterStatus {
        name: string(attrs, "printer-name"),
        make_and_model: string(attrs, "printer-make-and-model"),
        state: PrinterState::from_ipp(int(attrs, "printer-state").unwrap_or(0)),
        reasons: strings(attrs, "printer-state-reasons")
            .iter()
            .filter_map(|k| StateReason::parse(k))
            .collect(),
        message: string(attrs, "printer-state-message"),
        accepting_jobs: boolean(attrs, "printer-is-accepting-jobs").unwrap_or(true),
        formats: strings(attrs, "document-format-supported"),
    }
}

/// Adds `requested-attributes` to a request whose builder has no setter for it.
pub(crate) fn add_requested(
    req: &mut ipp::prelude::IppRequestResponse,
    names: &[&str],
) -> Result<()> {
    use ipp::prelude::{IppAttribute, IppValue};
    let values = names
        .iter()
        .map(|n| IppValue::new_keyword(*n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| protocol("requested-attributes", e))?;
    let attr = IppAttribute::with_name("requested-attributes", IppValue::Array(values))
        .map_err(|e| protocol("requested-attributes", e))?;
    req.attributes_mut()
        .add(DelimiterTag::OperationAttributes, attr);
    Ok(())
}

pub(crate) fn protocol(operation: &'static str, e: impl std::fmt::Display) -> PrinterError {
    PrinterError::Protocol {
        operation,
        reason: e.to_string(),
    }
}
