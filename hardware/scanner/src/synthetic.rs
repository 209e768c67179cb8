//! Synthetic pages: text-like lines of CJK-like glyphs in paragraphs, deterministic from a
//! seed. The page checks' tests are calibrated on them, and training scenarios hand them to
//! trainees (blurred, blank or cut short on purpose), so both see the same kind of page.

use image::{GrayImage, Luma};

/// A small deterministic generator (no rand dependency for tests).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(
            seed.wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
        )
    }
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next_u32() % hi.saturating_sub(lo).max(1)
    }
}

fn fill(img: &mut GrayImage, x0: u32, y0: u32, w: u32, h: u32, v: u8) {
    for y in y0..(y0 + h).min(img.height()) {
        for x in x0..(x0 + w).min(img.width()) {
            img.put_pixel(x, y, Luma([v]));
        }
    }
}

/// One CJK-like glyph: a few horizontal and vertical strokes in a square cell.
fn glyph(img: &mut GrayImage, x0: u32, y0: u32, size: u32, rng: &mut Lcg) {
    let stroke = (size / 10).max(1);
    for _ in 0..rng.range(2, 4) {
        let y = y0 + rng.range(0, size - stroke);
        let x = x0 + rng.range(0, size / 3);
        fill(img, x, y, rng.range(size / 3, size - (x - x0)), stroke, 20);
    }
    for _ in 0..rng.range(1, 3) {
        let x = x0 + rng.range(0, size - stroke);
        let y = y0 + rng.range(0, size / 3);
        fill(img, x, y, stroke, rng.range(size / 3, size - (y - y0)), 20);
    }
}

/// A page of left-aligned paragraphs at `dpi`, A4 proportions, `width_mm` wide.
/// Each paragraph starts indented by two characters and ends with a short line.
pub fn text_page_mm(dpi: f32, width_mm: f32, height_mm: f32, seed: u64) -> GrayImage {
    let px = |mm: f32| (mm / 25.4 * dpi).round() as u32;
    let (w, h) = (px(width_mm), px(height_mm));
    let mut img = GrayImage::from_pixel(w, h, Luma([245]));
    let mut rng = Lcg::new(seed);
    let size = px(3.7); // 10.5 pt
    let pitch = px(6.5);
    let (left, right, top, bottom) = (px(25.0), w - px(25.0), px(30.0), h - px(30.0));
    let per_line = (right - left) / (size + size / 8);
    let mut y = top;
    let mut line_in_par = 0;
    let mut par_len = rng.range(3, 7);
    while y + size < bottom {
        let last = line_in_par + 1 == par_len;
        let start = if line_in_par == 0 { 2 } else { 0 };
        let end = if last {
            rng.range(start + 3, per_line * 2 / 3)
        } else {
            per_line
        };
        for c in start..end {
            let x = left + c * (size + size / 8);
            glyph(&mut img, x, y, size, &mut rng);
        }
        y += pitch;
        line_in_par += 1;
        if last {
            line_in_par = 0;
            par_len = rng.range(3, 7);
        }
    }
    img
}

/// A4 text page.
pub fn text_page(dpi: f32, seed: u64) -> GrayImage {
    text_page_mm(dpi, 210.0, 297.0, seed)
}

/// Mild scanner noise, so "blank" is not trivially uniform.
pub fn add_noise(img: &mut GrayImage, amplitude: u32, seed: u64) {
    let mut rng = Lcg::new(seed);
    for p in img.pixels_mut() {
        let n = rng.range(0, 2 * amplitude + 1) as i32 - amplitude as i32;
        p.0[0] = (i32::from(p.0[0]) + n).clamp(0, 255) as u8;
    }
}
