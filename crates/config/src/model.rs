//! The configuration's shape and its built-in (sandbox) defaults.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Which world the workstation lives in (the same type the back office's health check
/// answers with).
pub use ow_api::Mode;

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub mode: Mode,
    /// UI and paper language: `zh-CN` (default) or `en`.
    pub locale: String,
    pub hall: Hall,
    pub window: Window,
    /// Obsolete: people come from sign-in. Production refuses it; a sandbox ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk: Option<Clerk>,
    /// Sign-in, offline sign-in, idle lock.
    #[serde(default)]
    pub auth: AuthSettings,
    pub backoffice: Backoffice,
    pub devices: Devices,
    pub paths: Paths,
    pub logging: Logging,
    /// Deadline rules: the closing-time cut-off, the one-time-notice limit.
    #[serde(default)]
    pub deadlines: ow_calendar::DeadlineConfig,
    /// Where the service-item catalog comes from.
    #[serde(default)]
    pub catalog: CatalogSettings,
    /// How papers are laid out.
    #[serde(default)]
    pub papers: PaperSettings,
    /// Scanning, page checks and import limits.
    #[serde(default)]
    pub materials: crate::MaterialsSettings,
    /// How long decided cases stay on the workstation.
    #[serde(default)]
    pub retention: RetentionSettings,
    /// Identity documents: the trust anchors for chip signatures.
    #[serde(default)]
    pub identity: IdentitySettings,
    /// How the window draws itself.
    #[serde(default)]
    pub display: DisplaySettings,
}

/// How the window draws itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplaySettings {
    /// Let the web view composite on the GPU (Linux: WebKitGTK's accelerated compositing). Off
    /// by default: the clerk's screen is a still form, and where the GPU is emulated in software
    /// (virtual machines, thin clients, Xvfb) the first composited frame costs the start-up
    /// about 200 ms and the web process tens of MB.
    #[serde(deserialize_with = "crate::raw_env::from_text_or_number")]
    pub gpu_compositing: bool,
    /// A second window for the citizen (好差评), for the customer-facing screen or pad: it
    /// opens on the second monitor when there is one. Off: the rating covers the clerk's screen.
    #[serde(deserialize_with = "crate::raw_env::from_text_or_number")]
    pub citizen_screen: bool,
}

/// Identity document settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentitySettings {
    /// A folder of CSCA certificates (`.der`, `.cer`, `.crt`, `.pem`: the ICAO PKD master list
    /// or the issuing states' own) against which chip signatures are verified. Without it a
    /// chip's signature is checked against its own Document Signer only, and the verdict says
    /// the issuer is not established.
    pub csca_dir: Option<PathBuf>,
}

/// Retention of personal data on the workstation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionSettings {
    /// Days a decided case stays after the back office confirmed it (accepted cases) or after
    /// it was last touched (notices, rejections, abandoned drafts). Then its personal data,
    /// scans and papers are purged; a row without personal data remains.
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub days: usize,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self { days: 30 }
    }
}

/// Paper settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaperSettings {
    /// A folder with the hall's `papers.toml` (name, wording, logo, seal); built-in when empty.
    pub template_dir: Option<PathBuf>,
    /// `a4` (default) or `roll80` for an 80 mm receipt printer.
    pub format: String,
    /// The page citizens open from the QR code on their papers to rate the visit later
    /// (好差评), as their phones reach it; the code is added as `?c=`. When empty, the back
    /// office's own `/rate` page at `backoffice.url`.
    pub rating_url: Option<String>,
}

impl Default for PaperSettings {
    fn default() -> Self {
        Self {
            template_dir: None,
            format: "a4".into(),
            rating_url: None,
        }
    }
}

/// Catalog settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogSettings {
    /// A hall's own catalog folder (reviewable YAML); when it fails validation the last good
    /// catalog stays in force and the clerk's screen says why.
    pub dir: Option<PathBuf>,
    /// How often to ask the back office for a newer catalog and calendar (a 304 when none).
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub refresh_minutes: usize,
}

impl Default for CatalogSettings {
    fn default() -> Self {
        Self {
            dir: None,
            refresh_minutes: 10,
        }
    }
}

/// The service hall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hall {
    pub code: String,
    pub name: String,
}

/// This window and workstation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// The number shown above the counter, e.g. `08`.
    pub number: String,
    /// Unique per hall; prefixes offline-allocated numbers.
    pub workstation_id: String,
}

/// A clerk named in the machine file: what there was before sign-in (kept so an old file is
/// refused with a clear reason in production instead of silently ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clerk {
    pub id: String,
    pub name: String,
}

/// Sign-in at this workstation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthSettings {
    /// Days after a person's last online sign-in on this workstation during which they may
    /// sign in while the back office is unreachable.
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub offline_days: usize,
    /// Minutes without a key press or a click after which the screen locks over the case.
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub idle_lock_minutes: usize,
    /// Seconds the idle lock waits instead (tests and demonstrations); 0 = use the minutes.
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub idle_lock_seconds: usize,
    /// The largest difference between this machine's clock and the back office's that a
    /// sign-in accepts: dates on papers and the offline period depend on the clock.
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub max_clock_skew_seconds: usize,
    /// Offline sign-in failures that lock an account on this workstation (then as the back
    /// office's policy: 15 minutes, doubling).
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub offline_max_failures: usize,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            offline_days: 7,
            idle_lock_minutes: 10,
            idle_lock_seconds: 0,
            max_clock_skew_seconds: 300,
            offline_max_failures: 5,
        }
    }
}

impl AuthSettings {
    /// The quiet time after which the screen locks.
    pub fn idle_lock(&self) -> std::time::Duration {
        if self.idle_lock_seconds > 0 {
            std::time::Duration::from_secs(self.idle_lock_seconds as u64)
        } else {
            std::time::Duration::from_secs(self.idle_lock_minutes as u64 * 60)
        }
    }
}

/// Where cases are forwarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backoffice {
    /// `embedded` runs the back office in-process on loopback; otherwise an http(s) URL.
    pub url: String,
    /// The shared secret the hall provisioned for this workstation (`window.workstation_id`);
    /// the forwarder signs in with it. The default is the embedded back office's training
    /// secret, which a production workstation refuses.
    pub workstation_secret: String,
}

impl Backoffice {
    /// The marker value for the in-process back office.
    pub const EMBEDDED: &'static str = "embedded";

    /// The training secret of the sandbox (the embedded back office accepts it).
    pub const SANDBOX_SECRET: &'static str = "sandbox-training-secret";

    /// Whether the back office runs inside this process.
    pub fn is_embedded(&self) -> bool {
        self.url == Self::EMBEDDED
    }
}

/// Device selection: `sim` picks the simulator that speaks the device's real protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Devices {
    /// The GA/T 467 SAM reader for Chinese ID cards: `sim`, `sam:<port>`, a port path, `none`.
    pub card_reader: String,
    /// The PC/SC reader for ICAO 9303 chips (passports, 往来港澳通行证): `sim` (a virtual
    /// ePassport through pcscd + vsmartcard-vpcd), `pcsc` (any reader), `pcsc:<reader name>`,
    /// or `none`.
    pub chip_reader: String,
    pub scanner: String,
    pub printer: String,
}

impl Devices {
    /// The marker value for a simulated device.
    pub const SIM: &'static str = "sim";
    /// The marker value for a device this window does not have.
    pub const NONE: &'static str = "none";
}

/// Where data and logs live; empty means the platform default chosen by the shell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Paths {
    pub data_dir: Option<PathBuf>,
    pub log_dir: Option<PathBuf>,
}

/// Log settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logging {
    /// A `tracing` filter, e.g. `info,ow_store=debug`.
    pub filter: String,
    /// Daily files kept; older ones are deleted.
    #[serde(deserialize_with = "crate::raw_env::usize_from_text_or_number")]
    pub keep_days: usize,
}

impl Default for Config {
    /// A training sandbox that needs no server, device or account.
    fn default() -> Self {
        Self {
            mode: Mode::Sandbox,
            locale: "zh-CN".into(),
            hall: Hall {
                code: "TRAIN-0001".into(),
                name: "培训政务服务中心".into(),
            },
            window: Window {
                number: "08".into(),
                workstation_id: "TRAIN-W08".into(),
            },
            clerk: None,
            auth: AuthSettings::default(),
            backoffice: Backoffice {
                url: Backoffice::EMBEDDED.into(),
                workstation_secret: Backoffice::SANDBOX_SECRET.into(),
            },
            devices: Devices {
                card_reader: Devices::SIM.into(),
                chip_reader: Devices::SIM.into(),
                scanner: Devices::SIM.into(),
                printer: Devices::SIM.into(),
            },
            paths: Paths::default(),
            logging: Logging {
                filter: "info".into(),
                keep_days: 30,
            },
            deadlines: ow_calendar::DeadlineConfig::default(),
            catalog: CatalogSettings::default(),
            papers: PaperSettings::default(),
            materials: crate::MaterialsSettings::default(),
            retention: RetentionSettings::default(),
            display: DisplaySettings::default(),
            identity: IdentitySettings::default(),
        }
    }
}
