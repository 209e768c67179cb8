//! Blur: variance of the Laplacian, measured where there is text.
//!
//! A whole-page Laplacian variance mostly measures how much text a page has. We measure it per
//! tile, only on tiles with content, and divide by the tile's own intensity variance: the
//! result is the share of the tile's contrast that sits in fine detail — independent of ink
//! darkness and of how full the page is. The page's sharpness is the 80th percentile over
//! text tiles (a stamp or a photo on the page does not decide alone).

use image::GrayImage;

use super::CheckConfig;

const TILE: u32 = 32;
const MIN_TILES: usize = 6;
/// A tile whose intensity standard deviation is below this holds no text.
const CONTENT_STD: f64 = 20.0;

pub(crate) fn sharpness(g: &GrayImage, paper: u8, cfg: &CheckConfig) -> Option<f32> {
    let (w, h) = g.dimensions();
    let raw = g.as_raw();
    let stride = w as usize;
    let ink_below = paper.saturating_sub(cfg.ink_contrast);
    let mut ratios = Vec::new();
    for ty in 0..h / TILE {
        for tx in 0..w / TILE {
            let (x0, y0) = ((tx * TILE) as usize, (ty * TILE) as usize);
            let (mut s, mut s2, mut dark) = (0f64, 0f64, false);
            for y in y0..y0 + TILE as usize {
                for &v in &raw[y * stride + x0..y * stride + x0 + TILE as usize] {
                    s += f64::from(v);
                    s2 += f64::from(v) * f64::from(v);
                    dark |= v < ink_below;
                }
            }
            let n = f64::from(TILE * TILE);
            let var_i = s2 / n - (s / n) * (s / n);
            if !dark || var_i < CONTENT_STD * CONTENT_STD {
                continue;
            }
            // Interior pixels of the tile (the 4-neighbour Laplacian needs a border of 1).
            let (mut l2, mut m) = (0f64, 0f64);
            for y in y0.max(1)..(y0 + TILE as usize).min(h as usize - 1) {
                let row = y * stride;
                for x in x0.max(1)..(x0 + TILE as usize).min(w as usize - 1) {
                    let c = i32::from(raw[row + x]);
                    let lap = 4 * c
                        - i32::from(raw[row + x - 1])
                        - i32::from(raw[row + x + 1])
                        - i32::from(raw[row - stride + x])
                        - i32::from(raw[row + stride + x]);
                    l2 += f64::from(lap * lap);
                    m += 1.0;
                }
            }
            if m > 0.0 {
                ratios.push((l2 / m / var_i) as f32);
            }
        }
    }
    if ratios.len() < MIN_TILES {
        return None;
    }
    ratios.sort_by(f32::total_cmp);
    ratios.get(ratios.len() * 4 / 5).copied()
}
