//! Capturing materials: SANE scanners, document cameras, file import, automatic page checks.
//!
//! - [`Scanner`]: the capture trait; [`SaneScanner`] drives libsane in a helper process,
//!   [`camera`] (feature `camera`) grabs stills from V4L2 document cameras.
//! - [`import`]: image and PDF files validated by content, never by name.
//! - [`checks`]: pure page checks (resolution, blank, blur, skew, cut-off, orientation, page
//!   count) with stable codes, and an optional OCR hook.
//! - [`thumb`] and [`pdf`]: content hashes, thumbnails, and one PDF per material.

#[cfg(all(target_os = "linux", feature = "camera"))]
pub mod camera;
pub mod checks;
mod downscale;
pub mod error;
pub mod import;
pub mod pdf;
pub mod scanner;
pub mod synthetic;
pub mod thumb;
pub mod types;

#[cfg(unix)]
pub mod sane;

pub use error::ScanError;
#[cfg(unix)]
pub use sane::{write_test_device_config, SaneConfig, SaneScanner};
pub use scanner::Scanner;
pub use types::*;
