//! Import of materials that arrive as files. The content decides what a file is: magic bytes
//! first, then a full decode (images) or a structure check and page count (PDF). A file is
//! returned whole and checked, or not at all.

mod meta;
mod raster;

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::ScanError;
use crate::thumb::sha256_hex;
use crate::types::Page;

/// Limits for imported files, from configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ImportLimits {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Largest total of decoded pixels over all pages (decompression bombs).
    pub max_pixels: u64,
    /// Most pages in one PDF or TIFF.
    pub max_pages: u32,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            // Ten A4 pages at 600 dpi.
            max_pixels: 10 * 4960 * 7016,
            max_pages: 500,
        }
    }
}

/// The formats accepted for materials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// TIFF (every page).
    Tiff,
    /// Windows bitmap.
    Bmp,
    /// PDF (checked and counted, not rasterised).
    Pdf,
}

impl FileFormat {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Tiff => "image/tiff",
            Self::Bmp => "image/bmp",
            Self::Pdf => "application/pdf",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Tiff => "TIFF",
            Self::Bmp => "BMP",
            Self::Pdf => "PDF",
        }
    }

    fn from_mime(mime: &str) -> Option<Self> {
        match mime {
            "image/jpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "image/tiff" => Some(Self::Tiff),
            "image/bmp" => Some(Self::Bmp),
            "application/pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" | "jpe" | "jfif" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "tif" | "tiff" => Some(Self::Tiff),
            "bmp" | "dib" => Some(Self::Bmp),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// A validated file.
#[derive(Debug, Clone)]
pub struct ImportedFile {
    /// What the content is.
    pub format: FileFormat,
    /// The bytes exactly as received: what the store keeps and forwards.
    pub content: Arc<Vec<u8>>,
    /// SHA-256 of `content`, lowercase hex.
    pub sha256: String,
    /// Number of pages (1 for JPEG/PNG/BMP).
    pub page_count: u32,
    /// Decoded pages for the checks; empty for PDF (no rasteriser here).
    pub pages: Vec<Page>,
}

impl ImportedFile {
    /// What the UI shows.
    pub fn info(&self) -> ImportInfo {
        ImportInfo {
            format: self.format,
            mime: self.format.mime().to_owned(),
            page_count: self.page_count,
            sha256: self.sha256.clone(),
            bytes: self.content.len() as u64,
        }
    }
}

/// Summary of an imported file for the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportInfo {
    /// Format found in the content.
    pub format: FileFormat,
    /// Its MIME type.
    pub mime: String,
    /// Pages.
    pub page_count: u32,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// File size.
    pub bytes: u64,
}

/// Import a file from disk. The size limit is checked before reading, and again while reading
/// (the file may grow).
pub fn import_file(path: &Path, limits: &ImportLimits) -> Result<ImportedFile, ScanError> {
    let file = std::fs::File::open(path).map_err(ScanError::ImportIo)?;
    let len = file.metadata().map_err(ScanError::ImportIo)?.len();
    if len > limits.max_bytes {
        return Err(too_large(len, limits.max_bytes, "bytes"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ScanError::ImportIo)?;
    let name = path.file_name().and_then(|n| n.to_str());
    import_bytes(bytes, name, limits)
}

/// Import bytes received some other way (upload, drag and drop). `file_name` is only used to
/// catch disguised files: a name that promises another format than the content is refused.
pub fn import_bytes(
    bytes: Vec<u8>,
    file_name: Option<&str>,
    limits: &ImportLimits,
) -> Result<ImportedFile, ScanError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(bytes.len() as u64, limits.max_bytes, "bytes"));
    }
    let format = identify(&bytes, file_name)?;
    check_complete(format, &bytes)?;
    // Third-party decoders on hostile input: a panic in one must not take the window down.
    let decoded = catch_unwind(AssertUnwindSafe(|| decode(format, &bytes, limits)))
        .unwrap_or_else(|_| {
            Err(ScanError::Corrupt {
                format: format.name(),
                reason: "the decoder failed".into(),
            })
        })?;
    let (page_count, pages) = decoded;
    Ok(ImportedFile {
        format,
        sha256: sha256_hex(&bytes),
        content: Arc::new(bytes),
        page_count,
        pages,
    })
}

fn too_large(actual: u64, limit: u64, unit: &'static str) -> ScanError {
    ScanError::TooLarge {
        actual,
        limit,
        unit,
    }
}

/// Decide the format from the content, and refuse names that lie about it.
fn identify(bytes: &[u8], file_name: Option<&str>) -> Result<FileFormat, ScanError> {
    let ext = file_name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str());
    let claimed = ext.and_then(FileFormat::from_extension);
    let detected = infer::get(bytes);
    let detected_format = detected.and_then(|t| FileFormat::from_mime(t.mime_type()));
    match (detected_format, claimed, ext) {
        (Some(found), Some(claim), _) if found != claim => Err(ScanError::Disguised {
            claimed: claim.mime().to_owned(),
            detected: found.mime().to_owned(),
        }),
        // A good image named `.exe` or `.txt` is still a lie worth stopping.
        (Some(found), None, Some(e)) => Err(ScanError::Disguised {
            claimed: format!(".{e}"),
            detected: found.mime().to_owned(),
        }),
        (Some(found), _, _) => Ok(found),
        // Known foreign content (an executable, an archive) under an accepted name.
        (None, Some(claim), _) if detected.is_some() => Err(ScanError::Disguised {
            claimed: claim.mime().to_owned(),
            detected: detected.map_or("unknown", |t| t.mime_type()).to_owned(),
        }),
        // Unrecognisable bytes under an accepted name: a damaged file.
        (None, Some(claim), _) => Err(ScanError::Corrupt {
            format: claim.name(),
            reason: "the file does not start with the format's signature".into(),
        }),
        (None, None, _) => Err(ScanError::UnsupportedFormat {
            detected: detected.map_or("unknown", |t| t.mime_type()).to_owned(),
        }),
    }
}

/// Formats with an explicit end marker: a missing one means the file was cut short. Decoders
/// are lenient here (a JPEG decoder fills a cut image with grey), so we check ourselves.
fn check_complete(format: FileFormat, bytes: &[u8]) -> Result<(), ScanError> {
    let complete = match format {
        // The last EOI (FF D9) must follow the last start-of-scan (FF DA). In entropy-coded
        // data FF is always stuffed, so FF D9 there is a real marker; an EOI of an embedded
        // EXIF thumbnail comes before the main scan and does not count.
        FileFormat::Jpeg => {
            let last = |m: [u8; 2]| bytes.windows(2).rposition(|w| w == m);
            matches!((last([0xFF, 0xDA]), last([0xFF, 0xD9])), (Some(sos), Some(eoi)) if eoi > sos)
        }
        FileFormat::Png => bytes.windows(4).rev().take(1024).any(|w| w == b"IEND"),
        FileFormat::Pdf => {
            let tail = &bytes[bytes.len().saturating_sub(2048)..];
            tail.windows(5).any(|w| w == b"%%EOF")
        }
        FileFormat::Bmp => match bytes.get(2..6) {
            Some(b) => {
                bytes.len() as u64 >= u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            None => false,
        },
        // TIFF has no end marker; its decoder reports offsets past the end.
        FileFormat::Tiff => true,
    };
    if complete {
        Ok(())
    } else {
        Err(ScanError::Truncated {
            format: format.name(),
        })
    }
}

fn decode(
    format: FileFormat,
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<(u32, Vec<Page>), ScanError> {
    match format {
        FileFormat::Pdf => Ok((pdf_page_count(bytes, limits)?, Vec::new())),
        FileFormat::Tiff => {
            let pages = raster::decode_tiff(bytes, limits)?;
            Ok((pages.len() as u32, pages))
        }
        FileFormat::Jpeg | FileFormat::Png | FileFormat::Bmp => {
            let page = raster::decode_single(format, bytes, limits)?;
            Ok((1, vec![page]))
        }
    }
}

/// Parse the whole PDF (every object, the page tree) and count pages.
fn pdf_page_count(bytes: &[u8], limits: &ImportLimits) -> Result<u32, ScanError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        let reason = e.to_string();
        if reason.to_lowercase().contains("decrypt") || reason.to_lowercase().contains("password") {
            ScanError::Encrypted
        } else {
            ScanError::Corrupt {
                format: "PDF",
                reason,
            }
        }
    })?;
    let pages = doc.get_pages().len();
    if pages == 0 {
        // Encrypted with a user password: the page tree stays unreadable.
        if doc.trailer.get(b"Encrypt").is_ok() {
            return Err(ScanError::Encrypted);
        }
        return Err(ScanError::Corrupt {
            format: "PDF",
            reason: "the document has no pages".into(),
        });
    }
    let pages = u32::try_from(pages).unwrap_or(u32::MAX);
    if pages > limits.max_pages {
        return Err(too_large(
            u64::from(pages),
            u64::from(limits.max_pages),
            "pages",
        ));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_table() {
        assert_eq!(FileFormat::from_extension("JPG"), Some(FileFormat::Jpeg));
        assert_eq!(FileFormat::from_extension("tif"), Some(FileFormat::Tiff));
        assert_eq!(FileFormat::from_extension("exe"), None);
    }

    #[test]
    fn jpeg_end_marker_after_the_scan() {
        let ok = [0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0xD9];
        assert!(check_complete(FileFormat::Jpeg, &ok).is_ok());
        // A thumbnail's EOI before the main scan does not make a cut file complete.
        let cut = [0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 1, 2];
        assert!(check_complete(FileFormat::Jpeg, &cut).is_err());
    }
}
