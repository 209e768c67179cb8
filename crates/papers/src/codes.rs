//! QR codes and Code 128 barcodes as vector rectangles (sharp at any printer resolution, and
//! a few hundred bytes instead of an embedded bitmap).

use crate::error::{PapersError, Result};
use barcoders::sym::code128::Code128;
use qrcode::{Color, EcLevel, QrCode};

/// A rectangle: x, y (top), width, height, in points.
pub(crate) type Bar = (f32, f32, f32, f32);

/// The dark modules of a QR code for `data`, `side` points wide, top-left at (`x`, `y`).
/// Runs of dark modules in a row are merged into one rectangle.
pub(crate) fn qr(data: &str, x: f32, y: f32, side: f32) -> Result<Vec<Bar>> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| {
        PapersError::CodeEncoding {
            kind: "qr",
            reason: e.to_string(),
        }
    })?;
    let n = code.width();
    let colors = code.to_colors();
    let m = side / n as f32;
    let mut bars = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors.get(row * n + col) == Some(&Color::Dark) {
                let start = col;
                while col < n && colors.get(row * n + col) == Some(&Color::Dark) {
                    col += 1;
                }
                bars.push((
                    x + start as f32 * m,
                    y + row as f32 * m,
                    (col - start) as f32 * m,
                    m,
                ));
            } else {
                col += 1;
            }
        }
    }
    Ok(bars)
}

/// The bars of a Code 128 barcode for `data` (code set B: letters, digits, punctuation),
/// `module` points per narrow bar, `height` points tall, top-left at (`x`, `y`).
pub(crate) fn code128(data: &str, x: f32, y: f32, module: f32, height: f32) -> Result<Vec<Bar>> {
    let modules = code128_modules(data)?;
    let mut bars = Vec::new();
    let mut i = 0;
    while i < modules.len() {
        if modules.get(i) == Some(&1) {
            let start = i;
            while modules.get(i) == Some(&1) {
                i += 1;
            }
            bars.push((
                x + start as f32 * module,
                y,
                (i - start) as f32 * module,
                height,
            ));
        } else {
            i += 1;
        }
    }
    Ok(bars)
}

/// Number of modules (narrow-bar widths) the barcode for `data` spans.
pub(crate) fn code128_width(data: &str) -> Result<usize> {
    Ok(code128_modules(data)?.len())
}

fn code128_modules(data: &str) -> Result<Vec<u8>> {
    // 'Ɓ' selects code set B, which covers printable ASCII.
    let code = Code128::new(format!("\u{0181}{data}")).map_err(|e| PapersError::CodeEncoding {
        kind: "code128",
        reason: e.to_string(),
    })?;
    Ok(code.encode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_has_finder_patterns() {
        let bars = qr("https://example/q?case=X1", 0.0, 0.0, 100.0).unwrap();
        // Top-left finder: the first row starts with a 7-module dark run.
        let first = bars.first().unwrap();
        assert!(first.0.abs() < 1e-3 && first.1.abs() < 1e-3);
        assert!(first.2 > 100.0 / 40.0 * 6.5);
    }

    #[test]
    fn code128_encodes_case_numbers_and_rejects_non_ascii() {
        let bars = code128("SL2025000123", 0.0, 0.0, 1.0, 20.0).unwrap();
        assert!(bars.len() > 20);
        // Start B + 12 data + check + stop: 11 modules each, stop 13.
        assert_eq!(code128_width("SL2025000123").unwrap(), 11 * 14 + 13);
        assert!(code128("办件", 0.0, 0.0, 1.0, 20.0).is_err());
    }
}
