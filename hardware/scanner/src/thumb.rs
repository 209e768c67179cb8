//! Encoding pages for the store (content-addressed by SHA-256) and thumbnails for the UI.

use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::downscale;
use crate::error::ScanError;
use crate::types::{Page, PageInfo};

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xF), 16).unwrap_or('0'));
    }
    out
}

/// How a page is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoredFormat {
    /// JPEG at this quality (1–100).
    Jpeg {
        /// Quality.
        quality: u8,
    },
    /// Lossless PNG.
    Png,
    /// PNG for black-and-white pages (they compress far better and JPEG smears them),
    /// JPEG at quality 85 for the rest.
    Auto,
}

/// A page's stored bytes and their address.
#[derive(Debug, Clone)]
pub struct EncodedPage {
    /// The bytes to store.
    pub bytes: Vec<u8>,
    /// Their MIME type.
    pub mime: &'static str,
    /// SHA-256 of `bytes`, lowercase hex.
    pub sha256: String,
}

fn encode_err(what: &'static str) -> impl FnOnce(image::ImageError) -> ScanError {
    move |e| ScanError::Encode(what, Box::new(e))
}

fn is_bilevel(img: &DynamicImage) -> bool {
    match img {
        DynamicImage::ImageLuma8(g) => g.as_raw().iter().all(|v| *v == 0 || *v == 255),
        _ => false,
    }
}

pub(crate) fn jpeg_bytes(
    img: &DynamicImage,
    quality: u8,
    dpi: Option<f32>,
) -> Result<Vec<u8>, ScanError> {
    let too_big = |_| {
        ScanError::Encode(
            "JPEG",
            Box::new(std::io::Error::other(
                "JPEG pages are limited to 65535 pixels a side",
            )),
        )
    };
    let w = u16::try_from(img.width()).map_err(too_big)?;
    let h = u16::try_from(img.height()).map_err(too_big)?;
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    // The resolution travels in the JFIF header, so a stored page re-imports with its dpi.
    if let Some(d) = dpi.filter(|d| (1.0..65535.0).contains(d)) {
        let d = d.round() as u16;
        enc.set_density(jpeg_encoder::Density::Inch { x: d, y: d });
    }
    let result = match img {
        DynamicImage::ImageLuma8(g) => enc.encode(g.as_raw(), w, h, jpeg_encoder::ColorType::Luma),
        DynamicImage::ImageRgb8(c) => enc.encode(c.as_raw(), w, h, jpeg_encoder::ColorType::Rgb),
        other => enc.encode(other.to_rgb8().as_raw(), w, h, jpeg_encoder::ColorType::Rgb),
    };
    result.map_err(|e| ScanError::Encode("JPEG", Box::new(e)))?;
    Ok(out)
}

fn png_bytes(img: &DynamicImage) -> Result<Vec<u8>, ScanError> {
    let mut out = Vec::new();
    let enc = PngEncoder::new(&mut out);
    match img {
        DynamicImage::ImageLuma8(g) => enc.write_image(
            g.as_raw(),
            g.width(),
            g.height(),
            image::ExtendedColorType::L8,
        ),
        other => {
            let rgb = other.to_rgb8();
            enc.write_image(
                rgb.as_raw(),
                rgb.width(),
                rgb.height(),
                image::ExtendedColorType::Rgb8,
            )
        }
    }
    .map_err(encode_err("PNG"))?;
    Ok(out)
}

/// Encode a page for the store. Pages imported as JPEG keep their original bytes.
pub fn encode_page(page: &Page, format: StoredFormat) -> Result<EncodedPage, ScanError> {
    let (bytes, mime) = match (&page.original_jpeg, format) {
        (Some(orig), StoredFormat::Auto | StoredFormat::Jpeg { .. }) => {
            (orig.as_ref().clone(), "image/jpeg")
        }
        (_, StoredFormat::Png) => (png_bytes(&page.image)?, "image/png"),
        (_, StoredFormat::Auto) if is_bilevel(&page.image) => {
            (png_bytes(&page.image)?, "image/png")
        }
        (_, StoredFormat::Auto) => (jpeg_bytes(&page.image, 85, page.dpi)?, "image/jpeg"),
        (_, StoredFormat::Jpeg { quality }) => {
            (jpeg_bytes(&page.image, quality, page.dpi)?, "image/jpeg")
        }
    };
    Ok(EncodedPage {
        sha256: sha256_hex(&bytes),
        bytes,
        mime,
    })
}

/// What the UI and the store know about an encoded page.
pub fn page_info(index: u32, page: &Page, encoded: &EncodedPage) -> PageInfo {
    PageInfo {
        index,
        width_px: page.image.width(),
        height_px: page.image.height(),
        dpi: page.dpi,
        color: page.image.color().has_color(),
        origin: page.origin,
        sha256: encoded.sha256.clone(),
        mime: encoded.mime.to_owned(),
        bytes: encoded.bytes.len() as u64,
    }
}

/// A small JPEG of a page for lists and previews.
#[derive(Debug, Clone)]
pub struct Thumbnail {
    /// JPEG bytes.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A `width`-pixel-wide JPEG thumbnail (e.g. 256). Box-reduced to about twice the target
/// first, then a triangle filter: the same look as a full resize, a fraction of the time.
pub fn thumbnail(img: &DynamicImage, width: u32) -> Result<Thumbnail, ScanError> {
    let width = width.max(1);
    let k = (img.width() / width.saturating_mul(2)).max(1);
    let reduced = match img {
        DynamicImage::ImageLuma8(_) => DynamicImage::ImageLuma8(downscale::gray_box(img, k)),
        DynamicImage::ImageRgb8(c) => DynamicImage::ImageRgb8(downscale::rgb_box(c, k)),
        other => DynamicImage::ImageRgb8(downscale::rgb_box(&other.to_rgb8(), k)),
    };
    let height = ((u64::from(reduced.height()) * u64::from(width))
        / u64::from(reduced.width().max(1)))
    .clamp(1, u64::from(u32::MAX)) as u32;
    let small = reduced.resize_exact(width, height, FilterType::Triangle);
    Ok(Thumbnail {
        bytes: jpeg_bytes(&small, 80, None)?,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
