//! Skew and reading orientation from the ink's projection profiles.
//!
//! Skew: project ink points across candidate angles; text lines give the most peaked profile
//! (largest sum of squared bin counts) at their own angle. Coarse 1° search in ±20°, then 0.1°.
//!
//! Orientation (a heuristic, see README): horizontal lines give a peaked profile across the
//! lines, flat along them; if the profile is peaked the other way the page is on its side.
//! Which end is the top comes from the ragged edge: lines share their start (left margin) and
//! end raggedly (short last lines of paragraphs, in Chinese and Latin text alike). Aligned
//! ends and ragged starts mean the page is upside down. Tables, centred text and pages of only
//! full lines give no answer, and the check stays silent.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::CheckConfig;

/// Reading orientation of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Reads normally.
    Upright,
    /// Content turned 90° clockwise.
    RotatedCw90,
    /// Upside down.
    UpsideDown,
    /// Content turned 270° clockwise (90° counter-clockwise).
    RotatedCw270,
    /// Not enough evidence either way.
    Unknown,
}

impl Orientation {
    /// Clockwise turn that makes the page read normally, when it needs one.
    pub fn clockwise_fix(self) -> Option<u16> {
        match self {
            Self::RotatedCw90 => Some(270),
            Self::UpsideDown => Some(180),
            Self::RotatedCw270 => Some(90),
            Self::Upright | Self::Unknown => None,
        }
    }
}

pub(crate) struct Layout {
    pub(crate) skew_deg: Option<f32>,
    pub(crate) orientation: Orientation,
}

const SKEW_RANGE_DEG: i32 = 20;
/// Points used for the angle search (thinned evenly beyond this).
const SKEW_POINTS: usize = 30_000;
/// The best angle must beat the median angle's score by this factor to count as text lines.
const SKEW_MIN_CONTRAST: f64 = 1.5;
/// One axis's profile must be this much more peaked than the other's to tell the text axis.
const AXIS_MIN_RATIO: f64 = 1.25;
/// Ragged/aligned deviation ratio needed to tell the start of the lines from their end.
const RAGGED_MIN_RATIO: f64 = 1.6;

/// Histogram of the points projected across the direction `theta` (radians).
fn profile(points: &[(f32, f32)], theta: f32, span: f32) -> Vec<u32> {
    let (s, c) = theta.sin_cos();
    // Offset and length cover every angle used here (up to 110°) on any page shape.
    let mut bins = vec![0u32; (5.0 * span) as usize + 3];
    for &(x, y) in points {
        let v = y * c - x * s + 2.0 * span;
        if let Some(b) = bins.get_mut(v.max(0.0) as usize) {
            *b += 1;
        }
    }
    bins
}

fn score(bins: &[u32]) -> f64 {
    bins.iter().map(|c| f64::from(*c) * f64::from(*c)).sum()
}

/// Peakedness independent of the profile's length: sum of squares over what a flat profile
/// over the same extent would give (1.0 = flat).
fn peakedness(bins: &[u32]) -> f64 {
    let first = bins.iter().position(|c| *c > 0);
    let last = bins.iter().rposition(|c| *c > 0);
    let (Some(a), Some(b)) = (first, last) else {
        return 0.0;
    };
    let n: f64 = bins.iter().map(|c| f64::from(*c)).sum();
    score(bins) * (b - a + 1) as f64 / (n * n)
}

fn skew(points: &[(f32, f32)], span: f32) -> Option<f32> {
    let step = points.len().div_ceil(SKEW_POINTS).max(1);
    let pts: Vec<(f32, f32)> = points.iter().step_by(step).copied().collect();
    let at = |deg: f32| score(&profile(&pts, deg.to_radians(), span));
    let coarse: Vec<(i32, f64)> = (-SKEW_RANGE_DEG..=SKEW_RANGE_DEG)
        .map(|d| (d, at(d as f32)))
        .collect();
    let (best_deg, best) = coarse.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let mut sorted: Vec<f64> = coarse.iter().map(|c| c.1).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    // At the edge of the range the true angle is outside it; flat means no lines.
    if best_deg.abs() == SKEW_RANGE_DEG || best < median * SKEW_MIN_CONTRAST {
        return None;
    }
    let (fine_deg, _) = (-10..=10)
        .map(|i| {
            let d = best_deg as f32 + i as f32 * 0.1;
            (d, at(d))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(fine_deg)
}

/// Start and end of each text line along `theta`, for lines found across it.
fn line_extents(points: &[(f32, f32)], theta: f32, span: f32) -> Vec<(f32, f32)> {
    let bins = profile(points, theta, span);
    let max = bins.iter().copied().max().unwrap_or(0);
    let threshold = (max / 20).max(1);
    let (s, c) = theta.sin_cos();
    // Runs of bins above the threshold are lines; map each bin to its line.
    let mut line_of = vec![usize::MAX; bins.len()];
    let mut lines = 0usize;
    let mut in_line = false;
    for (i, b) in bins.iter().enumerate() {
        if *b >= threshold {
            if !in_line {
                lines += 1;
                in_line = true;
            }
            line_of[i] = lines - 1;
        } else {
            in_line = false;
        }
    }
    let mut along: Vec<Vec<f32>> = vec![Vec::new(); lines];
    for &(x, y) in points {
        let v = (y * c - x * s + 2.0 * span).max(0.0) as usize;
        if let Some(&l) = line_of.get(v).filter(|l| **l != usize::MAX) {
            along[l].push(x * c + y * s);
        }
    }
    along
        .into_iter()
        .filter(|us| us.len() >= 20)
        .map(|mut us| {
            us.sort_by(f32::total_cmp);
            let at = |q: usize| us[(us.len() - 1) * q / 100];
            (at(2), at(98))
        })
        .collect()
}

fn mean_abs_dev(values: &[f32]) -> f64 {
    let mut v: Vec<f32> = values.to_vec();
    v.sort_by(f32::total_cmp);
    let median = f64::from(v[v.len() / 2]);
    v.iter()
        .map(|x| (f64::from(*x) - median).abs())
        .sum::<f64>()
        / v.len() as f64
}

/// `Some(true)` when lines share their start, `Some(false)` when they share their end.
fn starts_aligned(lines: &[(f32, f32)]) -> Option<bool> {
    let starts: Vec<f32> = lines.iter().map(|l| l.0).collect();
    let ends: Vec<f32> = lines.iter().map(|l| l.1).collect();
    let r = (mean_abs_dev(&ends) + 1.0) / (mean_abs_dev(&starts) + 1.0);
    if r >= RAGGED_MIN_RATIO {
        Some(true)
    } else if r <= 1.0 / RAGGED_MIN_RATIO {
        Some(false)
    } else {
        None
    }
}

pub(crate) fn analyse(points: &[(f32, f32)], w: u32, h: u32, cfg: &CheckConfig) -> Layout {
    let span = w.max(h) as f32;
    if points.len() < 200 {
        return Layout {
            skew_deg: None,
            orientation: Orientation::Unknown,
        };
    }
    let skew_deg = skew(points, span);
    let base = skew_deg.unwrap_or(0.0).to_radians();
    let across_rows = peakedness(&profile(points, base, span));
    let across_cols = peakedness(&profile(points, base + std::f32::consts::FRAC_PI_2, span));
    let horizontal = if across_rows > across_cols * AXIS_MIN_RATIO {
        Some(true)
    } else if across_cols > across_rows * AXIS_MIN_RATIO {
        Some(false)
    } else {
        None
    };
    let orientation = match horizontal {
        None => Orientation::Unknown,
        Some(h) => {
            let theta = if h {
                base
            } else {
                base + std::f32::consts::FRAC_PI_2
            };
            let lines = line_extents(points, theta, span);
            if lines.len() < cfg.orientation_min_lines as usize {
                Orientation::Unknown
            } else {
                // Along a vertical axis "start" is the top: aligned tops mean the left
                // margin was turned to the top, i.e. the content turned 90° clockwise.
                match (h, starts_aligned(&lines)) {
                    (_, None) => Orientation::Unknown,
                    (true, Some(true)) => Orientation::Upright,
                    (true, Some(false)) => Orientation::UpsideDown,
                    (false, Some(true)) => Orientation::RotatedCw90,
                    (false, Some(false)) => Orientation::RotatedCw270,
                }
            }
        }
    };
    Layout {
        // On its side the "skew" is about the other axis; only report it for upright text.
        skew_deg: if horizontal == Some(false) {
            None
        } else {
            skew_deg
        },
        orientation,
    }
}
