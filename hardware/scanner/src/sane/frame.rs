//! Turning SANE frames (raw lines as `sane_read` delivers them) into an image. Pure and safe.

use image::{DynamicImage, GrayImage, RgbImage};

use super::values::Params;
use crate::error::ScanError;

const FRAME_GRAY: i32 = 0;
const FRAME_RGB: i32 = 1;
const FRAME_RED: i32 = 2;
const FRAME_GREEN: i32 = 3;
const FRAME_BLUE: i32 = 4;

/// One frame's parameters and all of its bytes.
pub(crate) struct Frame {
    pub(crate) params: Params,
    pub(crate) data: Vec<u8>,
}

fn bad(msg: impl Into<String>) -> ScanError {
    ScanError::BadFrame(msg.into())
}

/// Sample `idx` of a line at `depth` bits, as 8 bits. 16-bit samples are in host byte order
/// (SANE standard); we keep the high byte, enough for document checks.
fn sample(row: &[u8], idx: usize, depth: i32) -> u8 {
    match depth {
        1 => {
            let byte = row.get(idx / 8).copied().unwrap_or(0);
            if (byte >> (7 - (idx % 8))) & 1 == 1 {
                255
            } else {
                0
            }
        }
        16 => {
            let b = [
                row.get(2 * idx).copied().unwrap_or(0),
                row.get(2 * idx + 1).copied().unwrap_or(0),
            ];
            (u16::from_ne_bytes(b) >> 8) as u8
        }
        _ => row.get(idx).copied().unwrap_or(0),
    }
}

/// Check the geometry and return (width, lines, bytes per line).
fn geometry(frame: &Frame, channels: usize) -> Result<(u32, u32, usize), ScanError> {
    let p = &frame.params;
    if !matches!(p.depth, 1 | 8 | 16) {
        return Err(bad(format!("unsupported depth {}", p.depth)));
    }
    let width = usize::try_from(p.pixels_per_line).map_err(|_| bad("negative width"))?;
    let bpl = usize::try_from(p.bytes_per_line).map_err(|_| bad("negative line length"))?;
    let needed = (width * channels * p.depth as usize).div_ceil(8);
    if width == 0 || bpl < needed {
        return Err(bad(format!(
            "line of {bpl} bytes cannot hold {width} pixels at depth {}",
            p.depth
        )));
    }
    // Hand scanners announce -1 lines: the data decides, whole lines only.
    let lines = if p.lines < 0 {
        frame.data.len() / bpl
    } else {
        p.lines as usize
    };
    if lines == 0 {
        return Err(bad("the frame has no lines"));
    }
    let have = frame.data.len();
    if have < lines * bpl {
        return Err(bad(format!(
            "frame is short: {have} of {} bytes",
            lines * bpl
        )));
    }
    let w = u32::try_from(width).map_err(|_| bad("width too large"))?;
    let h = u32::try_from(lines).map_err(|_| bad("height too large"))?;
    Ok((w, h, bpl))
}

fn gray(frame: &Frame, invert_bits: bool) -> Result<GrayImage, ScanError> {
    let (w, h, bpl) = geometry(frame, 1)?;
    let depth = frame.params.depth;
    let mut out = GrayImage::new(w, h);
    for (y, row_out) in out.rows_mut().enumerate() {
        let row = &frame.data[y * bpl..(y + 1) * bpl];
        if depth == 8 {
            for (px, v) in row_out.zip(row) {
                px.0[0] = *v;
            }
            continue;
        }
        for (x, px) in row_out.enumerate() {
            let v = sample(row, x, depth);
            // SANE: in 1-bit grey frames a set bit is black; in colour frames it is full intensity.
            px.0[0] = if depth == 1 && invert_bits {
                255 - v
            } else {
                v
            };
        }
    }
    Ok(out)
}

fn rgb(frame: &Frame) -> Result<RgbImage, ScanError> {
    let (w, h, bpl) = geometry(frame, 3)?;
    let depth = frame.params.depth;
    let mut out = RgbImage::new(w, h);
    for (y, row_out) in out.rows_mut().enumerate() {
        let row = &frame.data[y * bpl..(y + 1) * bpl];
        if depth == 8 {
            for (px, src) in row_out.zip(row.chunks_exact(3)) {
                px.0 = [src[0], src[1], src[2]];
            }
            continue;
        }
        for (x, px) in row_out.enumerate() {
            px.0 = [
                sample(row, 3 * x, depth),
                sample(row, 3 * x + 1, depth),
                sample(row, 3 * x + 2, depth),
            ];
        }
    }
    Ok(out)
}

/// Assemble the frames of one page: one GRAY or RGB frame, or three single-colour frames
/// (three-pass scanners) in any order.
pub(crate) fn to_image(frames: &[Frame]) -> Result<DynamicImage, ScanError> {
    match frames {
        [] => Err(bad("no frame")),
        [f] if f.params.format == FRAME_GRAY => Ok(DynamicImage::ImageLuma8(gray(f, true)?)),
        [f] if f.params.format == FRAME_RGB => Ok(DynamicImage::ImageRgb8(rgb(f)?)),
        [_, _, _] => {
            let mut planes: [Option<GrayImage>; 3] = [None, None, None];
            for f in frames {
                let slot = match f.params.format {
                    FRAME_RED => 0,
                    FRAME_GREEN => 1,
                    FRAME_BLUE => 2,
                    other => return Err(bad(format!("unexpected frame format {other}"))),
                };
                planes[slot] = Some(gray(f, false)?);
            }
            let [Some(r), Some(g), Some(b)] = planes else {
                return Err(bad("three-pass scan is missing a colour"));
            };
            if r.dimensions() != g.dimensions() || r.dimensions() != b.dimensions() {
                return Err(bad("three-pass frames differ in size"));
            }
            let (w, h) = r.dimensions();
            let mut out = RgbImage::new(w, h);
            for (i, px) in out.pixels_mut().enumerate() {
                px.0 = [r.as_raw()[i], g.as_raw()[i], b.as_raw()[i]];
            }
            Ok(DynamicImage::ImageRgb8(out))
        }
        _ => Err(bad(format!(
            "unexpected frame sequence of {} frames",
            frames.len()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(format: i32, bpl: i32, ppl: i32, lines: i32, depth: i32) -> Params {
        Params {
            format,
            last_frame: true,
            bytes_per_line: bpl,
            pixels_per_line: ppl,
            lines,
            depth,
        }
    }

    #[test]
    fn lineart_bits_become_black_and_white() {
        let f = Frame {
            params: params(FRAME_GRAY, 1, 8, 1, 1),
            data: vec![0b1000_0001],
        };
        let img = to_image(&[f]).unwrap().into_luma8();
        assert_eq!(img.as_raw(), &[0, 255, 255, 255, 255, 255, 255, 0]);
    }

    #[test]
    fn padded_lines_and_short_frames() {
        // ppl-loss: 2 pixels + 1 byte of padding per line.
        let f = Frame {
            params: params(FRAME_GRAY, 3, 2, 2, 8),
            data: vec![1, 2, 99, 3, 4, 99],
        };
        assert_eq!(to_image(&[f]).unwrap().into_luma8().as_raw(), &[1, 2, 3, 4]);
        let short = Frame {
            params: params(FRAME_GRAY, 2, 2, 2, 8),
            data: vec![1, 2, 3],
        };
        assert!(matches!(to_image(&[short]), Err(ScanError::BadFrame(_))));
    }

    #[test]
    fn sixteen_bit_rgb_and_three_pass() {
        let v = 0xABCDu16.to_ne_bytes();
        let f = Frame {
            params: params(FRAME_RGB, 6, 1, 1, 16),
            data: [v, v, v].concat(),
        };
        assert_eq!(
            to_image(&[f]).unwrap().into_rgb8().as_raw(),
            &[0xAB, 0xAB, 0xAB]
        );
        let plane = |format, v| Frame {
            params: params(format, 1, 1, 1, 8),
            data: vec![v],
        };
        let img = to_image(&[
            plane(FRAME_BLUE, 3),
            plane(FRAME_RED, 1),
            plane(FRAME_GREEN, 2),
        ])
        .unwrap();
        assert_eq!(img.into_rgb8().as_raw(), &[1, 2, 3]);
    }

    #[test]
    fn hand_scanner_lines_come_from_the_data() {
        let f = Frame {
            params: params(FRAME_GRAY, 2, 2, -1, 8),
            data: vec![1, 2, 3, 4, 5, 6],
        };
        assert_eq!(to_image(&[f]).unwrap().height(), 3);
    }
}
