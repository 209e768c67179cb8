//! The materials step: how pages are scanned, which checks hold a page up, how large an
//! imported file may be. Plain numbers here (no scanner types), so the config crate stays free
//! of libsane; the desk turns them into the scanner crate's settings.

use crate::raw_env::from_text_or_number;
use serde::{Deserialize, Serialize};

/// `[materials]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaterialsSettings {
    /// Resolution asked of the scanner.
    #[serde(deserialize_with = "from_text_or_number")]
    pub scan_dpi: u32,
    /// Scan in colour (true) or grey.
    #[serde(deserialize_with = "from_text_or_number")]
    pub scan_color: bool,
    /// Upper bound for one page, in milliseconds; the scan is cancelled after it.
    #[serde(deserialize_with = "from_text_or_number")]
    pub page_timeout_ms: u64,
    /// The SANE test device's picture in sandbox (`Color pattern`, `Grid`, `Solid white`…).
    pub sim_picture: String,
    /// Below this resolution a page is held up.
    #[serde(deserialize_with = "from_text_or_number")]
    pub min_dpi: f32,
    /// A page with a smaller inked share than this is blank.
    #[serde(deserialize_with = "from_text_or_number")]
    pub blank_max_ink_ratio: f32,
    /// Sharpness below this is reported as blurred.
    #[serde(deserialize_with = "from_text_or_number")]
    pub blur_min_sharpness: f32,
    /// Skew beyond this many degrees is reported.
    #[serde(deserialize_with = "from_text_or_number")]
    pub max_skew_deg: f32,
    /// Largest imported file, in bytes.
    #[serde(deserialize_with = "from_text_or_number")]
    pub max_import_bytes: u64,
    /// Read copies of ID cards with Tesseract (`chi_sim`) where it is installed, and say when
    /// a copy does not bear the number of the person it is for. Never required to accept.
    #[serde(deserialize_with = "from_text_or_number")]
    pub ocr: bool,
}

impl Default for MaterialsSettings {
    fn default() -> Self {
        Self {
            scan_dpi: 300,
            scan_color: true,
            page_timeout_ms: 60_000,
            sim_picture: "Color pattern".into(),
            min_dpi: 150.0,
            blank_max_ink_ratio: 0.0005,
            blur_min_sharpness: 0.35,
            max_skew_deg: 3.0,
            max_import_bytes: 20 * 1024 * 1024,
            ocr: true,
        }
    }
}
