//! Synthetic pages for the check tests: text-like lines in paragraphs, rotation, blur.
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used)]

use image::{DynamicImage, GrayImage, Luma, Rgb, RgbImage};
pub use ow_scanner::synthetic::{add_noise, text_page, text_page_mm, Lcg};

/// Rotate clockwise (as seen on screen) by `deg` about the centre; uncovered area is paper.
pub fn rotate(img: &GrayImage, deg: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut out = GrayImage::from_pixel(w, h, Luma([245]));
    for y in 0..h {
        for x in 0..w {
            // Inverse mapping: turn the output point back by -deg.
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let sx = c * dx + s * dy + cx;
            let sy = -s * dx + c * dy + cy;
            if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
                out.put_pixel(x, y, *img.get_pixel(sx as u32, sy as u32));
            }
        }
    }
    out
}

pub fn to_rgb(g: &GrayImage) -> RgbImage {
    let mut out = RgbImage::new(g.width(), g.height());
    for (o, p) in out.pixels_mut().zip(g.pixels()) {
        // Slightly warm paper, dark blue-black ink.
        *o = Rgb([p.0[0], p.0[0], p.0[0].saturating_sub(8)]);
    }
    out
}

pub fn gray(img: GrayImage) -> DynamicImage {
    DynamicImage::ImageLuma8(img)
}
