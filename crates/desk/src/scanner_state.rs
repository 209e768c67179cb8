//! The scanner's entry in the device bar: being checked until libsane has listed the devices,
//! then ready when the configured one is there, unplugged when it is not; each scan updates it
//! (a jam or an open cover shows with its code until the next good scan).

use crate::{Desk, DeskError, DeviceState};
use ow_scanner::Scanner;

impl Desk {
    /// Opens libsane if needed and looks for the configured device. Blocks (USB discovery can
    /// take a moment): run it on a blocking thread, off start-up's path.
    pub fn scanner_state(&self) -> DeviceState {
        let state = self.scan_state();
        let found = state.scanner().and_then(|s| Ok(s.devices()?));
        let state = match found {
            Ok(list) if list.iter().any(|d| d.id == state.device()) => DeviceState::Ready,
            Ok(_) => DeviceState::Unplugged {
                code: "scanner.sane.no_device".into(),
            },
            Err(e) => state_of(&e),
        };
        self.scan_state().observe(state.clone());
        state
    }

    /// The state the last scan or check left, if any (the shell publishes it after a scan).
    pub fn scanner_observed(&self) -> Option<DeviceState> {
        self.scan_state().observed()
    }
}

/// What a failed scan or check says about the device.
pub(crate) fn state_of(e: &DeskError) -> DeviceState {
    let code = ow_error::ErrorCode::code(e).to_owned();
    match code.as_str() {
        // The clerk stopped it: nothing wrong with the device.
        "scanner.cancelled" => DeviceState::Ready,
        "scanner.sane.no_device" | "scanner.worker_gone" => DeviceState::Unplugged { code },
        _ => DeviceState::Error { code },
    }
}
