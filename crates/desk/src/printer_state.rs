//! The printer's entry in the device bar: `sim` is the preview (sandbox), an IPP printer is
//! asked for its attributes (bounded, never at start-up's expense) and shown ready, unreachable
//! or needing attention with the printer crate's stable code.

use crate::{Desk, DeviceState};
use ow_config::Devices;
use ow_printer::{PrinterError, Timeouts, PDF};

/// How long the device bar waits for the printer's answer.
const ASK_FOR: u32 = 3_000;

impl Desk {
    /// The printer's state before anyone asked it: the preview in sandbox, else being checked.
    pub(crate) fn printer_initial_state(&self) -> DeviceState {
        if self.config().devices.printer == Devices::SIM {
            DeviceState::Preview
        } else {
            DeviceState::Checking
        }
    }

    /// Asks the configured printer how it is (Get-Printer-Attributes, at most a few seconds).
    /// Run it off the UI's path: at start-up on a background task and after each print.
    pub async fn printer_state(&self) -> DeviceState {
        let configured = &self.config().devices.printer;
        if configured == Devices::SIM {
            return DeviceState::Preview;
        }
        let timeouts = Timeouts {
            request_ms: ASK_FOR,
            ..Timeouts::default()
        };
        let asked = match ow_printer::Printer::new(configured) {
            Ok(p) => p.with_timeouts(timeouts).preflight(PDF).await.map(|_| ()),
            Err(e) => Err(e),
        };
        let state = match asked {
            Ok(()) => DeviceState::Ready,
            Err(e @ (PrinterError::Unreachable { .. } | PrinterError::Timeout { .. })) => {
                DeviceState::Offline {
                    code: ow_error::ErrorCode::code(&e).to_owned(),
                }
            }
            Err(e) => DeviceState::Error {
                code: ow_error::ErrorCode::code(&e).to_owned(),
            },
        };
        tracing::debug!(?state, "printer state");
        state
    }

    /// Notified after each print, so the device bar asks the printer again.
    pub fn printer_wake(&self) -> std::sync::Arc<tokio::sync::Notify> {
        std::sync::Arc::clone(&self.printer_wake)
    }
}
