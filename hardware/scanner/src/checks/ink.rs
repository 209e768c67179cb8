//! Paper and ink: blank pages and content that runs off the edges.

use image::GrayImage;

use super::{CheckConfig, Edge};

/// Share of each side left out when judging the page's content: scanner lids and the edges
/// of the glass leave shadows there.
const MARGIN: f32 = 0.03;
/// Ink points kept for the layout analysis (evenly thinned beyond this).
const MAX_POINTS: usize = 80_000;

pub(crate) struct InkStats {
    /// Paper brightness: the 90th percentile of luminance.
    pub(crate) paper: u8,
    pub(crate) ratio: f32,
    pub(crate) stddev: f32,
}

fn inner(g: &GrayImage, margin: f32) -> (u32, u32, u32, u32) {
    let (w, h) = g.dimensions();
    let mx = (w as f32 * margin) as u32;
    let my = (h as f32 * margin) as u32;
    (
        mx,
        my,
        w.saturating_sub(mx).max(mx + 1),
        h.saturating_sub(my).max(my + 1),
    )
}

fn threshold(paper: u8, cfg: &CheckConfig) -> Option<u8> {
    // A page darker than the contrast itself (solid black) has no ink to find.
    paper.checked_sub(cfg.ink_contrast)
}

pub(crate) fn measure(g: &GrayImage, cfg: &CheckConfig) -> InkStats {
    let (x0, y0, x1, y1) = inner(g, MARGIN);
    let mut hist = [0u64; 256];
    let (mut sum, mut sum2, mut n) = (0f64, 0f64, 0u64);
    for y in y0..y1.min(g.height()) {
        for x in x0..x1.min(g.width()) {
            let v = g.get_pixel(x, y).0[0];
            hist[usize::from(v)] += 1;
            sum += f64::from(v);
            sum2 += f64::from(v) * f64::from(v);
            n += 1;
        }
    }
    let n = n.max(1);
    let mut seen = 0;
    let mut paper = 255u8;
    for (v, c) in hist.iter().enumerate() {
        seen += c;
        if seen * 10 >= n * 9 {
            paper = v as u8;
            break;
        }
    }
    let inked: u64 = match threshold(paper, cfg) {
        Some(t) => hist[..usize::from(t)].iter().sum(),
        None => 0,
    };
    let mean = sum / n as f64;
    let var = (sum2 / n as f64 - mean * mean).max(0.0);
    InkStats {
        paper,
        ratio: inked as f32 / n as f32,
        stddev: var.sqrt() as f32,
    }
}

/// Coordinates of inked pixels (margins excluded), thinned to at most `MAX_POINTS`.
pub(crate) fn ink_points(g: &GrayImage, paper: u8, cfg: &CheckConfig) -> Vec<(f32, f32)> {
    let Some(t) = threshold(paper, cfg) else {
        return Vec::new();
    };
    let (x0, y0, x1, y1) = inner(g, 0.02);
    let mut pts = Vec::new();
    for y in y0..y1.min(g.height()) {
        for x in x0..x1.min(g.width()) {
            if g.get_pixel(x, y).0[0] < t {
                pts.push((x as f32, y as f32));
            }
        }
    }
    if pts.len() > MAX_POINTS {
        let step = pts.len().div_ceil(MAX_POINTS);
        pts = pts.into_iter().step_by(step).collect();
    }
    pts
}

/// Edges whose outer band holds ink along part of their length. A band inked along nearly
/// all of it is a border or a lid shadow, not cut-off content, and is ignored.
pub(crate) fn cut_edges(g: &GrayImage, paper: u8, cfg: &CheckConfig) -> Vec<Edge> {
    let Some(t) = threshold(paper, cfg) else {
        return Vec::new();
    };
    let (w, h) = g.dimensions();
    let bx = ((w as f32 * cfg.cutoff_band).ceil() as u32).clamp(1, w);
    let by = ((h as f32 * cfg.cutoff_band).ceil() as u32).clamp(1, h);
    let ink = |x: u32, y: u32| g.get_pixel(x, y).0[0] < t;
    // Share of positions along an edge with any ink in the band.
    let share_cols = |ys: std::ops::Range<u32>| {
        (0..w).filter(|x| ys.clone().any(|y| ink(*x, y))).count() as f32 / w as f32
    };
    let share_rows = |xs: std::ops::Range<u32>| {
        (0..h).filter(|y| xs.clone().any(|x| ink(x, *y))).count() as f32 / h as f32
    };
    let shares = [
        (Edge::Top, share_cols(0..by)),
        (Edge::Bottom, share_cols(h - by..h)),
        (Edge::Left, share_rows(0..bx)),
        (Edge::Right, share_rows(w - bx..w)),
    ];
    shares
        .into_iter()
        .filter(|(_, s)| *s >= cfg.cutoff_min_edge_share && *s <= 0.9)
        .map(|(e, _)| e)
        .collect()
}
