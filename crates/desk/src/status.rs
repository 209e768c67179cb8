//! The honest state of the link and the devices, for the top bar.

use ow_config::{Config, Devices};
use ow_sync::LinkState;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The devices at a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// The GA/T 467 SAM reader (Chinese ID cards).
    CardReader,
    /// The PC/SC reader for ICAO 9303 chips (passports, 往来港澳通行证).
    ChipReader,
    Scanner,
    Printer,
}

/// A device's state. `NotIntegrated` says plainly that this build has no driver for it yet,
/// rather than pretending a device is ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum DeviceState {
    Ready,
    /// Cannot be reached (a network printer that does not answer): `code` says why.
    Offline {
        code: String,
    },
    NotIntegrated,
    /// A card is on the reader and was read.
    CardPresent,
    /// A card was found and is being read.
    Reading,
    /// A chip is on the reader, but it opens only with its MRZ: the clerk types it.
    NeedsMrz,
    /// The device answered but failed (a read that went wrong, a bad setting): `code` says why.
    Error {
        code: String,
    },
    /// The device is gone (unplugged, port missing, mute); it is retried until it is back.
    Unplugged {
        code: String,
    },
    /// Sandbox printer: the paper's preview on screen is the print (预览).
    Preview,
    /// Being asked for its state (a network printer before its first answer).
    Checking,
}

/// One device in the top bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeviceStatus {
    pub kind: DeviceKind,
    /// The configured device (`sim` for the simulator).
    pub configured: String,
    pub simulated: bool,
    pub state: DeviceState,
}

/// Everything the top bar shows that can change while the app runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusSnapshot {
    pub backoffice: LinkState,
    pub devices: Vec<DeviceStatus>,
}

impl StatusSnapshot {
    /// The state before the first check.
    pub fn initial(config: &Config) -> Self {
        Self {
            backoffice: LinkState::Checking,
            devices: devices(&config.devices),
        }
    }
}

impl StatusSnapshot {
    /// Sets one device's state; true when it changed.
    pub fn set_device(&mut self, kind: DeviceKind, state: DeviceState) -> bool {
        let mut changed = false;
        for d in self.devices.iter_mut().filter(|d| d.kind == kind) {
            changed |= d.state != state;
            d.state = state.clone();
        }
        changed
    }

    /// The state when the workstation refused to start (the UI shows the reason instead).
    pub fn unavailable() -> Self {
        Self {
            backoffice: LinkState::Offline {
                code: "app.not_started".into(),
            },
            devices: Vec::new(),
        }
    }
}

fn devices(d: &Devices) -> Vec<DeviceStatus> {
    [
        (DeviceKind::CardReader, &d.card_reader),
        (DeviceKind::ChipReader, &d.chip_reader),
        (DeviceKind::Scanner, &d.scanner),
        (DeviceKind::Printer, &d.printer),
    ]
    .into_iter()
    // A reader the window does not have is not listed (`none`).
    .filter(|(_, configured)| configured.trim() != Devices::NONE)
    .map(|(kind, configured)| DeviceStatus {
        kind,
        configured: configured.clone(),
        simulated: configured == Devices::SIM,
        state: DeviceState::NotIntegrated,
    })
    .collect()
}
