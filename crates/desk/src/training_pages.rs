//! The pages of a scenario's paper, as a scanner would give them: synthetic text pages at
//! 150 dpi, JPEG with their resolution, deterministic per scenario and line. A planted
//! `blurred` or `blank` defect is in the pixels, so the window's own page checks find it (or
//! the trainee does not); the other defects are in what the paper says.

use ow_training::{Defect, Document};

const DPI: f32 = 150.0;

/// The seed of a paper's pages: the same scenario gives the same pages on every window.
fn seed(scenario: &str, line: &str, page: u32) -> u64 {
    // FNV-1a: stable across builds and platforms (std's hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in scenario
        .bytes()
        .chain(line.bytes())
        .chain(page.to_le_bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Each page of `doc` as a JPEG file.
pub(crate) fn pages(scenario: &str, doc: &Document) -> Result<Vec<Vec<u8>>, image::ImageError> {
    (0..doc.pages)
        .map(|n| {
            let s = seed(scenario, &doc.line, n);
            let mut page = match doc.defect {
                Some(Defect::Blank) => image::GrayImage::from_pixel(
                    (210.0 / 25.4 * DPI) as u32,
                    (297.0 / 25.4 * DPI) as u32,
                    image::Luma([245]),
                ),
                _ => ow_scanner::synthetic::text_page(DPI, s),
            };
            if doc.defect == Some(Defect::Blurred) {
                page = image::imageops::blur(&page, 2.5);
            }
            ow_scanner::synthetic::add_noise(&mut page, 3, s);
            jpeg(&page)
        })
        .collect()
}

fn jpeg(page: &image::GrayImage) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_pixel_density(image::codecs::jpeg::PixelDensity::dpi(DPI as u16));
    enc.encode_image(page)?;
    Ok(out)
}
