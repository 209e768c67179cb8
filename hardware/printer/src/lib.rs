//! Printing over IPP/CUPS: submit, follow the job, report printer state.
//!
//! Speaks IPP itself (the `ipp` crate), so the same code drives a CUPS queue on Linux, an IPP
//! Everywhere printer on the network, or `ippeveprinter` in tests. It prints bytes (PDF): it
//! does not know how they were made. Every network call is bounded by a timeout and every
//! failure is a [`PrinterError`] with a stable `printer.` code.
//!
//! ```no_run
//! # async fn demo(pdf: Vec<u8>) -> Result<(), ow_printer::PrinterError> {
//! let printer = ow_printer::Printer::new("ipp://localhost:631/printers/Receipt")?;
//! let outcome = printer.print_pdf(pdf, "受理回执 SL-4419001-W03-2025000001").await?;
//! println!("job {} done", outcome.job_id);
//! # Ok(()) }
//! ```

mod client;
mod cups;
mod error;
mod status;
mod transport;

pub use client::{PrintOutcome, Printer, Timeouts, PDF};
pub use cups::{list_printers, QueueInfo};
pub use error::{PrinterError, Result};
pub use status::{
    JobState, JobStatus, PrinterState, PrinterStatus, ReasonKind, Severity, StateReason,
};
