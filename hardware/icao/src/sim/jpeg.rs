//! The virtual chip's face: a small real baseline JPEG drawn at run time (a grey oval on a
//! light background), so no binary image is committed and every decoder accepts it.

use crate::error::{IcaoError, Result};
use jpeg_encoder::{ColorType, Encoder};

/// Face image width.
pub const WIDTH: u16 = 48;
/// Face image height.
pub const HEIGHT: u16 = 60;

/// Draws the face; `shade` varies the oval so every specimen's image differs.
pub fn face(shade: u8) -> Result<Vec<u8>> {
    let (w, h) = (i32::from(WIDTH), i32::from(HEIGHT));
    let mut pixels = Vec::with_capacity((w * h) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x - w / 2, y - h / 2 + 4);
            let inside = dx * dx * 100 / (15 * 15) + dy * dy * 100 / (20 * 20) <= 100;
            let eye = (dy == -6 || dy == -5) && (dx.abs() - 6).abs() <= 1;
            pixels.push(if eye {
                30
            } else if inside {
                shade
            } else {
                235
            });
        }
    }
    let mut out = Vec::new();
    Encoder::new(&mut out, 60)
        .encode(&pixels, WIDTH, HEIGHT, ColorType::Luma)
        .map_err(|_| IcaoError::DataGroup {
            dg: "DG2",
            reason: "JPEG encoding",
        })?;
    Ok(out)
}
