//! Fast integer box downscaling, the first step of every check and thumbnail: a 300-dpi A4
//! page is 8.7 million pixels, and nothing we measure needs them all.

use image::{DynamicImage, GrayImage, RgbImage};

/// BT.601 luma in integers (weights sum to 256).
#[inline]
fn luma(r: u8, g: u8, b: u8) -> u32 {
    (77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)) >> 8
}

/// Grey version of `img`, each output pixel the mean of a `k`×`k` block (remainders dropped).
pub(crate) fn gray_box(img: &DynamicImage, k: u32) -> GrayImage {
    let k = k.max(1);
    match img {
        DynamicImage::ImageLuma8(g) => {
            reduce_channels::<1>(g.as_raw(), g.width(), g.height(), k, |p| u32::from(p[0]))
        }
        DynamicImage::ImageRgb8(c) => {
            reduce_channels::<3>(c.as_raw(), c.width(), c.height(), k, |p| {
                luma(p[0], p[1], p[2])
            })
        }
        other => {
            let g = other.to_luma8();
            reduce_channels::<1>(g.as_raw(), g.width(), g.height(), k, |p| u32::from(p[0]))
        }
    }
}

/// One pass over the rows: each input row is turned into values once, then summed in `k`-wide
/// blocks into one output row of sums. Slices and `chunks_exact` keep the loops bounds-check
/// free and vectorisable; this function is most of the cost of the checks.
fn reduce_channels<const C: usize>(
    raw: &[u8],
    w: u32,
    h: u32,
    k: u32,
    value: impl Fn(&[u8]) -> u32,
) -> GrayImage {
    if w == 0 || h == 0 || raw.len() < (w as usize) * (h as usize) * C {
        return GrayImage::new(1, 1);
    }
    let (ow, oh) = ((w / k).max(1), (h / k).max(1));
    let (kx, ky) = (k.min(w) as usize, k.min(h) as usize);
    let stride = w as usize * C;
    let mut out = GrayImage::new(ow, oh);
    let mut line = vec![0u32; w as usize];
    let mut acc = vec![0u32; ow as usize];
    let area = (kx * ky) as u32;
    for (oy, out_row) in out.as_mut().chunks_exact_mut(ow as usize).enumerate() {
        acc.fill(0);
        for y in oy * ky..(oy + 1) * ky {
            let row = &raw[y * stride..(y + 1) * stride];
            for (l, px) in line.iter_mut().zip(row.chunks_exact(C)) {
                *l = value(px);
            }
            if kx == 2 {
                for (a, pair) in acc.iter_mut().zip(line.chunks_exact(2)) {
                    *a += pair[0] + pair[1];
                }
            } else {
                for (a, block) in acc.iter_mut().zip(line.chunks_exact(kx)) {
                    *a += block.iter().sum::<u32>();
                }
            }
        }
        for (o, a) in out_row.iter_mut().zip(&acc) {
            *o = (a / area) as u8;
        }
    }
    out
}

/// Halve a grey image (2×2 box).
pub(crate) fn halve(g: &GrayImage) -> GrayImage {
    reduce_channels::<1>(g.as_raw(), g.width(), g.height(), 2, |p| u32::from(p[0]))
}

/// Colour-preserving box reduction (for thumbnails).
pub(crate) fn rgb_box(img: &RgbImage, k: u32) -> RgbImage {
    let k = k.max(1);
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return RgbImage::new(1, 1);
    }
    let (ow, oh) = ((w / k).max(1), (h / k).max(1));
    let (kx, ky) = (k.min(w) as usize, k.min(h) as usize);
    let stride = w as usize * 3;
    let raw = img.as_raw();
    let mut out = RgbImage::new(ow, oh);
    let mut acc = vec![0u32; ow as usize * 3];
    let area = (kx * ky) as u32;
    for oy in 0..oh as usize {
        acc.fill(0);
        for y in oy * ky..(oy + 1) * ky {
            let row = &raw[y * stride..(y + 1) * stride];
            for (a, block) in acc.chunks_exact_mut(3).zip(row.chunks_exact(kx * 3)) {
                let (mut r, mut g, mut b) = (0u32, 0u32, 0u32);
                for px in block.chunks_exact(3) {
                    r += u32::from(px[0]);
                    g += u32::from(px[1]);
                    b += u32::from(px[2]);
                }
                a[0] += r;
                a[1] += g;
                a[2] += b;
            }
        }
        let row_len = ow as usize * 3;
        let out_row = &mut out.as_mut()[oy * row_len..(oy + 1) * row_len];
        for (o, a) in out_row.iter_mut().zip(&acc) {
            *o = (a / area) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_means() {
        let g = GrayImage::from_raw(4, 2, vec![0, 100, 10, 10, 200, 100, 10, 10]).unwrap();
        let r = gray_box(&DynamicImage::ImageLuma8(g), 2);
        assert_eq!(r.as_raw(), &[100, 10]);
        let c = RgbImage::from_raw(2, 1, vec![255, 0, 0, 255, 0, 0]).unwrap();
        assert_eq!(
            gray_box(&DynamicImage::ImageRgb8(c.clone()), 2).as_raw(),
            &[76]
        );
        assert_eq!(rgb_box(&c, 2).as_raw(), &[255, 0, 0]);
    }
}
