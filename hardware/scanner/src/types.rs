//! Types shared by every capture path, and the ones the UI shows (serde + specta).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use image::DynamicImage;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Which kind of driver a device sits behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// A SANE scanner (flatbed, feeder).
    Sane,
    /// A document camera (高拍仪) seen as a V4L2 video device.
    Camera,
}

/// A capture device as the clerk picks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DeviceInfo {
    /// Stable id to pass back to `scan` (`test:0`, `genesys:libusb:001:004`, `/dev/video0`).
    pub id: String,
    /// Which driver.
    pub kind: DeviceKind,
    /// Maker as the driver reports it.
    pub vendor: String,
    /// Model as the driver reports it.
    pub model: String,
    /// Driver's own words for the type ("flatbed scanner", "virtual device", …).
    pub type_label: String,
}

/// Where the paper is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PaperSource {
    /// One sheet on the glass.
    Flatbed,
    /// Automatic document feeder, one side.
    Feeder,
    /// Automatic document feeder, both sides.
    FeederDuplex,
}

/// Colour mode of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ColorMode {
    /// 24-bit colour.
    Color,
    /// 8-bit grey.
    Gray,
    /// 1-bit black and white (delivered as 8-bit grey with values 0 and 255).
    Lineart,
}

/// The scan area, in millimetres from the top-left corner of the glass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Type)]
pub struct ScanArea {
    /// Left edge.
    pub left_mm: f64,
    /// Top edge.
    pub top_mm: f64,
    /// Width.
    pub width_mm: f64,
    /// Height.
    pub height_mm: f64,
}

impl ScanArea {
    /// A portrait A4 sheet at the origin.
    pub const A4: ScanArea = ScanArea {
        left_mm: 0.0,
        top_mm: 0.0,
        width_mm: 210.0,
        height_mm: 297.0,
    };
}

/// A backend-specific option value (e.g. the SANE test device's `test-picture`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum OptionValue {
    /// A boolean option.
    Bool(bool),
    /// An integer option.
    Int(i32),
    /// A fixed-point option.
    Number(f64),
    /// A string option.
    Text(String),
}

/// A backend-specific option to set before scanning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BackendOption {
    /// The driver's option name (`test-picture`, `duplex`, …).
    pub name: String,
    /// The value.
    pub value: OptionValue,
}

/// What to scan and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ScanSettings {
    /// Glass or feeder.
    pub source: PaperSource,
    /// Requested resolution; the nearest one the device offers is used and reported per page.
    pub resolution_dpi: u32,
    /// Colour, grey or black-and-white.
    pub mode: ColorMode,
    /// Area to scan; `None` means A4, clipped to what the device can reach.
    pub area: Option<ScanArea>,
    /// Stop the feeder after this many sheets (`None`: until it is empty).
    pub max_pages: Option<u32>,
    /// Upper bound for one page, from `start` to its last byte. The scan is cancelled after it.
    pub page_timeout_ms: u64,
    /// Driver-specific options, applied last.
    pub backend_options: Vec<BackendOption>,
}

impl Default for ScanSettings {
    fn default() -> Self {
        Self {
            source: PaperSource::Flatbed,
            resolution_dpi: 300,
            mode: ColorMode::Color,
            area: None,
            max_pages: None,
            page_timeout_ms: 60_000,
            backend_options: Vec::new(),
        }
    }
}

/// What a device can do, for the settings form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DeviceCapabilities {
    /// Paper sources offered.
    pub sources: Vec<PaperSource>,
    /// Colour modes offered.
    pub modes: Vec<ColorMode>,
    /// Resolutions offered (a range is sampled at the usual steps).
    pub resolutions_dpi: Vec<u32>,
    /// Largest area the device reaches, if it says.
    pub max_area: Option<ScanArea>,
}

/// Where a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PageOrigin {
    /// Scanned on a flatbed.
    Flatbed,
    /// Scanned through a feeder.
    Feeder,
    /// Captured with a document camera.
    Camera,
    /// Imported from an image file.
    ImportedImage,
}

/// A captured or imported page, decoded.
#[derive(Debug, Clone)]
pub struct Page {
    /// The pixels (8-bit grey or 8-bit RGB).
    pub image: DynamicImage,
    /// Resolution, when the device or the file says.
    pub dpi: Option<f32>,
    /// Where it came from.
    pub origin: PageOrigin,
    /// The file's own bytes when the page was imported as JPEG: reused as-is in PDFs.
    pub original_jpeg: Option<Arc<Vec<u8>>>,
}

impl Page {
    /// A page from pixels alone.
    pub fn new(image: DynamicImage, dpi: Option<f32>, origin: PageOrigin) -> Self {
        Self {
            image,
            dpi,
            origin,
            original_jpeg: None,
        }
    }
}

/// What the UI and the store know about a page once it is encoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PageInfo {
    /// Position in the material, from 0.
    pub index: u32,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Resolution, when known.
    pub dpi: Option<f32>,
    /// Colour (true) or grey.
    pub color: bool,
    /// Where it came from.
    pub origin: PageOrigin,
    /// SHA-256 of the stored bytes, lowercase hex: the content address.
    pub sha256: String,
    /// MIME type of the stored bytes.
    pub mime: String,
    /// Size of the stored bytes.
    pub bytes: u64,
}

/// Cancels a running scan from another thread (the UI's Cancel button).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask the scan to stop; it stops at the next buffer and reports `scanner.cancelled`.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether `cancel` was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
