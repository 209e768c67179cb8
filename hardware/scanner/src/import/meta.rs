//! Resolution metadata from image headers (the decoders do not expose it).
//!
//! 72 and 96 dpi are what software writes when it does not know (cameras, screenshots, image
//! editors): they are treated as "unknown" so a sharp phone photo is not called low-resolution.

/// Keep a declared resolution only when it is plausible and meaningful.
fn plausible(dpi: f64) -> Option<f32> {
    let rounded = dpi.round();
    if !(30.0..=4800.0).contains(&dpi) || rounded == 72.0 || rounded == 96.0 {
        None
    } else {
        Some(dpi as f32)
    }
}

/// JFIF APP0 density (units 1 = dots per inch, 2 = dots per cm).
pub(crate) fn jpeg_dpi(bytes: &[u8]) -> Option<f32> {
    let mut i = 2; // after SOI
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let seg = bytes.get(i + 4..i + 2 + len)?;
        if marker == 0xE0 && seg.len() >= 12 && &seg[..5] == b"JFIF\0" {
            let x = f64::from(u16::from_be_bytes([seg[8], seg[9]]));
            return match seg[7] {
                1 => plausible(x),
                2 => plausible(x * 2.54),
                _ => None,
            };
        }
        // Metadata comes before the first frame header; stop there.
        if marker == 0xDA || ((0xC0..=0xCF).contains(&marker) && marker != 0xC4 && marker != 0xCC) {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// PNG `pHYs` chunk (unit 1 = pixels per metre).
pub(crate) fn png_dpi(bytes: &[u8]) -> Option<f32> {
    let mut i = 8; // after the signature
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        let kind = &bytes[i + 4..i + 8];
        if kind == b"IDAT" {
            return None; // pHYs must come before image data
        }
        if kind == b"pHYs" {
            let data = bytes.get(i + 8..i + 8 + 9)?;
            let ppm = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
            return if data[8] == 1 {
                plausible(f64::from(ppm) * 0.0254)
            } else {
                None
            };
        }
        i = i.checked_add(12)?.checked_add(len)?;
    }
    None
}

/// BMP `biXPelsPerMeter` (BITMAPINFOHEADER and later).
pub(crate) fn bmp_dpi(bytes: &[u8]) -> Option<f32> {
    let header = bytes.get(14..18)?;
    if u32::from_le_bytes([header[0], header[1], header[2], header[3]]) < 40 {
        return None;
    }
    let p = bytes.get(38..42)?;
    let ppm = i32::from_le_bytes([p[0], p[1], p[2], p[3]]);
    plausible(f64::from(ppm) * 0.0254)
}

/// TIFF XResolution / ResolutionUnit (2 = inch, the default; 3 = centimetre).
pub(crate) fn tiff_dpi(numerator: u32, denominator: u32, unit: Option<u16>) -> Option<f32> {
    if denominator == 0 {
        return None;
    }
    let v = f64::from(numerator) / f64::from(denominator);
    match unit.unwrap_or(2) {
        2 => plausible(v),
        3 => plausible(v * 2.54),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jfif_density() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        j.extend_from_slice(b"JFIF\0\x01\x02\x01");
        j.extend_from_slice(&300u16.to_be_bytes());
        j.extend_from_slice(&300u16.to_be_bytes());
        j.extend_from_slice(&[0, 0]);
        assert_eq!(jpeg_dpi(&j), Some(300.0));
        // 72 dpi is a default, not a measurement.
        j[14..16].copy_from_slice(&72u16.to_be_bytes());
        assert_eq!(jpeg_dpi(&j), None);
    }

    #[test]
    fn tiff_units() {
        assert_eq!(tiff_dpi(300, 1, None), Some(300.0));
        assert_eq!(tiff_dpi(1181, 10, Some(3)).map(|d| d.round()), Some(300.0));
        assert_eq!(tiff_dpi(300, 0, None), None);
    }
}
