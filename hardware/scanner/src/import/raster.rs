//! Decoding imported images to 8-bit grey or RGB pages, within the configured limits.

use std::io::Cursor;
use std::sync::Arc;

use image::{DynamicImage, GrayImage, ImageError, ImageFormat, RgbImage};
use tiff::decoder::{Decoder, DecodingResult};
use tiff::tags::Tag;
use tiff::{ColorType, TiffError};

use super::{meta, too_large, FileFormat, ImportLimits};
use crate::error::ScanError;
use crate::types::{Page, PageOrigin};

fn map_image_error(format: &'static str, e: ImageError, limits: &ImportLimits) -> ScanError {
    match e {
        ImageError::Limits(_) => too_large(limits.max_pixels + 1, limits.max_pixels, "pixels"),
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ScanError::Truncated { format }
        }
        ImageError::Unsupported(u) => ScanError::UnsupportedFormat {
            detected: format!("{format} ({u})"),
        },
        other => ScanError::Corrupt {
            format,
            reason: other.to_string(),
        },
    }
}

/// Transparent areas become white paper, not black.
fn flatten(img: DynamicImage) -> DynamicImage {
    let color = img.color();
    if !color.has_alpha() {
        return if color.has_color() {
            DynamicImage::ImageRgb8(img.into_rgb8())
        } else {
            DynamicImage::ImageLuma8(img.into_luma8())
        };
    }
    let rgba = img.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(p.0[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        o.0 = [blend(p.0[0]), blend(p.0[1]), blend(p.0[2])];
    }
    if color.has_color() {
        DynamicImage::ImageRgb8(out)
    } else {
        DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(out).into_luma8())
    }
}

/// JPEG, PNG, BMP: one page each.
pub(crate) fn decode_single(
    format: FileFormat,
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<Page, ScanError> {
    let (fmt, name, dpi) = match format {
        FileFormat::Jpeg => (ImageFormat::Jpeg, "JPEG", meta::jpeg_dpi(bytes)),
        FileFormat::Png => (ImageFormat::Png, "PNG", meta::png_dpi(bytes)),
        _ => (ImageFormat::Bmp, "BMP", meta::bmp_dpi(bytes)),
    };
    // Dimensions first, from the header: a bomb is refused before any allocation.
    let (w, h) = image::ImageReader::with_format(Cursor::new(bytes), fmt)
        .into_dimensions()
        .map_err(|e| map_image_error(name, e, limits))?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > limits.max_pixels {
        return Err(too_large(pixels, limits.max_pixels, "pixels"));
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), fmt);
    let mut l = image::Limits::default();
    l.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(l);
    let img = reader
        .decode()
        .map_err(|e| map_image_error(name, e, limits))?;
    let mut page = Page::new(flatten(img), dpi, PageOrigin::ImportedImage);
    if format == FileFormat::Jpeg {
        page.original_jpeg = Some(Arc::new(bytes.to_vec()));
    }
    Ok(page)
}

fn map_tiff_error(e: TiffError, limits: &ImportLimits) -> ScanError {
    match e {
        TiffError::LimitsExceeded => too_large(limits.max_pixels + 1, limits.max_pixels, "pixels"),
        TiffError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ScanError::Truncated { format: "TIFF" }
        }
        TiffError::UnsupportedError(u) => ScanError::UnsupportedFormat {
            detected: format!("TIFF ({u})"),
        },
        other => ScanError::Corrupt {
            format: "TIFF",
            reason: other.to_string(),
        },
    }
}

/// Every page of a TIFF (scanners and fax software write multi-page TIFFs, often 1-bit G4).
pub(crate) fn decode_tiff(bytes: &[u8], limits: &ImportLimits) -> Result<Vec<Page>, ScanError> {
    let mut tl = tiff::decoder::Limits::default();
    tl.decoding_buffer_size =
        usize::try_from(limits.max_pixels.saturating_mul(8)).unwrap_or(usize::MAX);
    let mut dec = Decoder::new(Cursor::new(bytes))
        .map_err(|e| map_tiff_error(e, limits))?
        .with_limits(tl);
    let mut pages = Vec::new();
    let mut total: u64 = 0;
    loop {
        if pages.len() >= limits.max_pages as usize {
            return Err(too_large(
                pages.len() as u64 + 1,
                u64::from(limits.max_pages),
                "pages",
            ));
        }
        let (w, h) = dec.dimensions().map_err(|e| map_tiff_error(e, limits))?;
        total += u64::from(w) * u64::from(h);
        if total > limits.max_pixels {
            return Err(too_large(total, limits.max_pixels, "pixels"));
        }
        let color = dec.colortype().map_err(|e| map_tiff_error(e, limits))?;
        // 0 = WhiteIsZero (fax), 1 = BlackIsZero.
        let photometric: Option<u16> = dec
            .find_tag_unsigned(Tag::PhotometricInterpretation)
            .map_err(|e| map_tiff_error(e, limits))?;
        let dpi = tiff_resolution(&mut dec);
        let data = dec.read_image().map_err(|e| map_tiff_error(e, limits))?;
        let image = tiff_page(w, h, color, photometric == Some(0), data)?;
        pages.push(Page::new(image, dpi, PageOrigin::ImportedImage));
        if !dec.more_images() {
            break;
        }
        dec.next_image().map_err(|e| map_tiff_error(e, limits))?;
    }
    Ok(pages)
}

fn tiff_resolution(dec: &mut Decoder<Cursor<&[u8]>>) -> Option<f32> {
    let x = dec.find_tag(Tag::XResolution).ok()??.into_u32_vec().ok()?;
    let unit: Option<u16> = dec.find_tag_unsigned(Tag::ResolutionUnit).ok()?;
    match x.as_slice() {
        [n, d] => meta::tiff_dpi(*n, *d, unit),
        _ => None,
    }
}

fn unsupported(color: ColorType) -> ScanError {
    ScanError::UnsupportedFormat {
        detected: format!("TIFF ({color:?})"),
    }
}

fn short() -> ScanError {
    ScanError::Corrupt {
        format: "TIFF",
        reason: "less image data than the header announces".into(),
    }
}

fn tiff_page(
    w: u32,
    h: u32,
    color: ColorType,
    white_is_zero: bool,
    data: DecodingResult,
) -> Result<DynamicImage, ScanError> {
    let n = w as usize * h as usize;
    let img = match (color, data) {
        (ColorType::Gray(1), DecodingResult::U8(bits)) => {
            let row = (w as usize).div_ceil(8);
            if bits.len() < row * h as usize {
                return Err(short());
            }
            let mut out = GrayImage::new(w, h);
            for (y, line) in out.rows_mut().enumerate() {
                for (x, px) in line.enumerate() {
                    let bit = (bits[y * row + x / 8] >> (7 - x % 8)) & 1;
                    px.0[0] = if (bit == 1) != white_is_zero { 255 } else { 0 };
                }
            }
            DynamicImage::ImageLuma8(out)
        }
        (ColorType::Gray(8), DecodingResult::U8(mut v)) => {
            if white_is_zero {
                v.iter_mut().for_each(|p| *p = 255 - *p);
            }
            v.truncate(n);
            DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, v).ok_or_else(short)?)
        }
        (ColorType::Gray(16), DecodingResult::U16(v)) => {
            let mut g: Vec<u8> = v.iter().take(n).map(|s| (s >> 8) as u8).collect();
            if white_is_zero {
                g.iter_mut().for_each(|p| *p = 255 - *p);
            }
            DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, g).ok_or_else(short)?)
        }
        (ColorType::RGB(8), DecodingResult::U8(mut v)) => {
            v.truncate(3 * n);
            DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, v).ok_or_else(short)?)
        }
        (ColorType::RGB(16), DecodingResult::U16(v)) => {
            let c: Vec<u8> = v.iter().take(3 * n).map(|s| (s >> 8) as u8).collect();
            DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, c).ok_or_else(short)?)
        }
        (ColorType::RGBA(8), DecodingResult::U8(mut v)) => {
            v.truncate(4 * n);
            flatten(DynamicImage::ImageRgba8(
                image::RgbaImage::from_raw(w, h, v).ok_or_else(short)?,
            ))
        }
        (ColorType::GrayA(8), DecodingResult::U8(mut v)) => {
            v.truncate(2 * n);
            flatten(DynamicImage::ImageLumaA8(
                image::GrayAlphaImage::from_raw(w, h, v).ok_or_else(short)?,
            ))
        }
        (c, _) => return Err(unsupported(c)),
    };
    Ok(img)
}
