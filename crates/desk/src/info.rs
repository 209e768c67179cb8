//! Where: what the top bar shows of the workstation (who comes from the sign-in).

use ow_config::{Config, Mode};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The workstation as the UI sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AppInfo {
    pub mode: Mode,
    pub locale: String,
    pub hall_code: String,
    pub hall_name: String,
    pub window_number: String,
    pub workstation_id: String,
    pub version: String,
    /// How the local store's personal data is protected at rest.
    pub store_key: StoreKeyOrigin,
    /// The citizen rates on a window of their own (`display.citizen_screen`).
    pub citizen_screen: bool,
}

/// Where the local store's key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreKeyOrigin {
    /// In the OS keyring: a copied database file reveals nothing.
    Keyring,
    /// In a file beside the store (sandbox only, when the keyring is unavailable).
    KeyFile,
    /// No key: the store is not encrypted (tests and tools only; the app never opens so).
    None,
}

impl AppInfo {
    pub(crate) fn from_config(c: &Config, store_key: StoreKeyOrigin) -> Self {
        Self {
            mode: c.mode,
            locale: c.locale.clone(),
            hall_code: c.hall.code.clone(),
            hall_name: c.hall.name.clone(),
            window_number: c.window.number.clone(),
            workstation_id: c.window.workstation_id.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            store_key,
            citizen_screen: c.display.citizen_screen,
        }
    }
}
