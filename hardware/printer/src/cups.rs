//! Listing the queues of a CUPS server (CUPS-Get-Printers).

use crate::client::{add_requested, parse_status, Timeouts, PRINTER_ATTRS};
use crate::error::{PrinterError, Result};
use crate::status::PrinterStatus;
use crate::transport::{self, groups, string};
use ipp::operation::cups::CupsGetPrinters;
use ipp::operation::IppOperation;
use ipp::prelude::{DelimiterTag, Uri};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One queue of a CUPS server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QueueInfo {
    /// The queue's URI, to hand to [`crate::Printer::new`].
    pub uri: Option<String>,
    /// Its state, reasons and formats.
    pub status: PrinterStatus,
}

/// Lists the printers of the CUPS server at `server_uri` (e.g. `ipp://localhost:631/`).
/// A plain IPP printer that does not implement the CUPS extension answers
/// `printer.rejected`; the app then treats the URI as a single printer.
pub async fn list_printers(server_uri: &str, timeouts: Timeouts) -> Result<Vec<QueueInfo>> {
    let uri = server_uri
        .parse::<Uri>()
        .map_err(|e| PrinterError::InvalidUri {
            uri: server_uri.to_owned(),
            reason: e.to_string(),
        })?;
    let mut req = CupsGetPrinters::new().into_ipp_request();
    add_requested(&mut req, &PRINTER_ATTRS)?;
    let resp = transport::exchange(
        &uri,
        req,
        "CUPS-Get-Printers",
        Duration::from_millis(timeouts.request_ms.into()),
    )
    .await?;
    Ok(groups(&resp, DelimiterTag::PrinterAttributes)
        .into_iter()
        .map(|attrs| QueueInfo {
            uri: string(attrs, "printer-uri-supported"),
            status: parse_status(attrs),
        })
        .collect())
}
