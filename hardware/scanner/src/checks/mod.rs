//! Page checks: pure functions over a decoded page. Every measurement runs on box-downscaled
//! grey copies (≈150 dpi for blur, ≈75 dpi for the rest), so a 300-dpi A4 page costs a few tens
//! of milliseconds, most of it the first reduction.

mod blur;
mod ink;
mod layout;
pub mod ocr;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::downscale;
use crate::types::Page;

pub use layout::Orientation;

/// Thresholds, from configuration. Defaults suit 150–600 dpi office scans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CheckConfig {
    /// Below this resolution a page is refused (when the resolution is known).
    pub min_dpi: f32,
    /// Below this shorter side, in pixels, a page is refused whatever its stated resolution.
    pub min_short_side_px: u32,
    /// A page whose inked share (margins excluded) is below this is blank.
    pub blank_max_ink_ratio: f32,
    /// A page whose luminance standard deviation is below this is blank (uniform).
    pub blank_max_stddev: f32,
    /// Darker than the paper by this much (0–255) counts as ink.
    pub ink_contrast: u8,
    /// Sharpness (normalised Laplacian energy of text tiles) below this is blurred.
    pub blur_min_sharpness: f32,
    /// Skew beyond this many degrees is reported.
    pub max_skew_deg: f32,
    /// Share of an edge with ink in its outer band above which content is cut off.
    pub cutoff_min_edge_share: f32,
    /// Width of that outer band, as a share of the page's side.
    pub cutoff_band: f32,
    /// Text lines needed before orientation is judged.
    pub orientation_min_lines: u32,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            min_dpi: 150.0,
            min_short_side_px: 800,
            blank_max_ink_ratio: 0.0005,
            blank_max_stddev: 3.0,
            ink_contrast: 60,
            blur_min_sharpness: 0.35,
            max_skew_deg: 3.0,
            cutoff_min_edge_share: 0.03,
            cutoff_band: 0.01,
            orientation_min_lines: 5,
        }
    }
}

/// How strongly a finding holds up the material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The page cannot be attached unless the clerk overrides it with a reason.
    Block,
    /// Shown to the clerk; attaching goes on.
    Warn,
}

/// What the UI offers the clerk, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SuggestedAction {
    /// Scan the page again.
    Rescan,
    /// Turn the page (see the finding's rotation).
    Rotate,
    /// Drop the page from the material (e.g. a blank back side).
    RemovePage,
    /// Keep it anyway; the clerk must give a reason.
    AcceptWithReason,
}

/// Stable finding codes; the UI translates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum FindingCode {
    /// Resolution below the minimum.
    #[serde(rename = "scanner.check.low_resolution")]
    LowResolution,
    /// Nothing on the page.
    #[serde(rename = "scanner.check.blank")]
    Blank,
    /// Out of focus or smeared.
    #[serde(rename = "scanner.check.blurred")]
    Blurred,
    /// Text lines at an angle.
    #[serde(rename = "scanner.check.skewed")]
    Skewed,
    /// Content runs off an edge.
    #[serde(rename = "scanner.check.cut_off")]
    CutOff,
    /// Upside down or on its side.
    #[serde(rename = "scanner.check.orientation")]
    Orientation,
    /// Fewer pages than the material needs.
    #[serde(rename = "scanner.check.too_few_pages")]
    TooFewPages,
    /// More pages than the material expects.
    #[serde(rename = "scanner.check.too_many_pages")]
    TooManyPages,
    /// The ID number read from the copy is not the applicant's.
    #[serde(rename = "scanner.check.id_number_mismatch")]
    IdNumberMismatch,
    /// OCR found no ID number on the copy.
    #[serde(rename = "scanner.check.id_number_unreadable")]
    IdNumberUnreadable,
}

impl FindingCode {
    /// The code as a string (`scanner.check.blank`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LowResolution => "scanner.check.low_resolution",
            Self::Blank => "scanner.check.blank",
            Self::Blurred => "scanner.check.blurred",
            Self::Skewed => "scanner.check.skewed",
            Self::CutOff => "scanner.check.cut_off",
            Self::Orientation => "scanner.check.orientation",
            Self::TooFewPages => "scanner.check.too_few_pages",
            Self::TooManyPages => "scanner.check.too_many_pages",
            Self::IdNumberMismatch => "scanner.check.id_number_mismatch",
            Self::IdNumberUnreadable => "scanner.check.id_number_unreadable",
        }
    }
}

/// A page edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Edge {
    /// Top.
    Top,
    /// Bottom.
    Bottom,
    /// Left.
    Left,
    /// Right.
    Right,
}

/// Facts behind a finding, for the message the UI builds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FindingDetail {
    /// Nothing more to say.
    None,
    /// A measured value against its limit (dpi, ink share, sharpness, degrees).
    Measure {
        /// Measured.
        value: f32,
        /// Configured limit.
        limit: f32,
    },
    /// Edges with content running off.
    Edges {
        /// Which.
        edges: Vec<Edge>,
    },
    /// Turn the page clockwise by this many degrees (90, 180, 270) to read it.
    Rotation {
        /// Degrees clockwise.
        clockwise_deg: u16,
    },
    /// Page count against the expectation.
    PageCount {
        /// Pages present.
        actual: u32,
        /// Fewest expected.
        min: u32,
        /// Most expected, if bounded.
        max: Option<u32>,
    },
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// Block or warn.
    pub severity: Severity,
    /// What to offer, best first.
    pub actions: Vec<SuggestedAction>,
    /// The page (from 0), or `None` for the material as a whole.
    pub page: Option<u32>,
    /// Measured facts.
    pub detail: FindingDetail,
}

/// What was measured on a page (for logs, tuning and the UI's details pane).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PageMetrics {
    /// Resolution used (stated), if known.
    pub dpi: Option<f32>,
    /// Share of inked pixels inside the margins.
    pub ink_ratio: f32,
    /// Luminance standard deviation inside the margins.
    pub luma_stddev: f32,
    /// Sharpness of text tiles; `None` when there is too little text to tell.
    pub sharpness: Option<f32>,
    /// Text-line angle in degrees, positive clockwise; `None` when there are no clear lines.
    pub skew_deg: Option<f32>,
    /// Edges with content running off.
    pub cut_edges: Vec<Edge>,
    /// Reading orientation.
    pub orientation: Orientation,
}

/// Everything the checks say about one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PageReport {
    /// Page index, from 0.
    pub page: u32,
    /// Measurements.
    pub metrics: PageMetrics,
    /// Findings, worst first.
    pub findings: Vec<Finding>,
}

fn finding(
    code: FindingCode,
    severity: Severity,
    actions: &[SuggestedAction],
    page: Option<u32>,
    detail: FindingDetail,
) -> Finding {
    Finding {
        code,
        severity,
        actions: actions.to_vec(),
        page,
        detail,
    }
}

/// Run every page check on one page.
pub fn check_page(page: &Page, index: u32, cfg: &CheckConfig) -> PageReport {
    use SuggestedAction::{AcceptWithReason, RemovePage, Rescan, Rotate};
    let img = &page.image;
    let mut findings = Vec::new();
    let at = Some(index);

    // Resolution: stated dpi, and pixels regardless of what the file claims.
    let short_side = img.width().min(img.height());
    if let Some(dpi) = page.dpi.filter(|d| *d < cfg.min_dpi) {
        findings.push(finding(
            FindingCode::LowResolution,
            Severity::Block,
            &[Rescan, AcceptWithReason],
            at,
            FindingDetail::Measure {
                value: dpi,
                limit: cfg.min_dpi,
            },
        ));
    } else if short_side < cfg.min_short_side_px {
        findings.push(finding(
            FindingCode::LowResolution,
            Severity::Block,
            &[Rescan, AcceptWithReason],
            at,
            FindingDetail::Measure {
                value: short_side as f32,
                limit: cfg.min_short_side_px as f32,
            },
        ));
    }

    // Two working sizes: ≈150 dpi for blur, half that for the rest.
    let long = img.width().max(img.height());
    let k_fine = match page.dpi {
        Some(d) if d >= 225.0 => (d / 150.0).round() as u32,
        Some(_) => 1,
        None => (long / 1750).max(1),
    };
    let fine = downscale::gray_box(img, k_fine);
    let coarse = downscale::halve(&fine);

    let ink = ink::measure(&coarse, cfg);
    let blank = ink.ratio < cfg.blank_max_ink_ratio || ink.stddev < cfg.blank_max_stddev;
    let mut metrics = PageMetrics {
        dpi: page.dpi,
        ink_ratio: ink.ratio,
        luma_stddev: ink.stddev,
        sharpness: None,
        skew_deg: None,
        cut_edges: Vec::new(),
        orientation: Orientation::Unknown,
    };
    if blank {
        findings.push(finding(
            FindingCode::Blank,
            Severity::Block,
            &[Rescan, RemovePage, AcceptWithReason],
            at,
            FindingDetail::Measure {
                value: ink.ratio,
                limit: cfg.blank_max_ink_ratio,
            },
        ));
        // Nothing else means anything on an empty page.
        return PageReport {
            page: index,
            metrics,
            findings,
        };
    }

    metrics.sharpness = blur::sharpness(&fine, ink.paper, cfg);
    if let Some(s) = metrics.sharpness.filter(|s| *s < cfg.blur_min_sharpness) {
        findings.push(finding(
            FindingCode::Blurred,
            Severity::Warn,
            &[Rescan, AcceptWithReason],
            at,
            FindingDetail::Measure {
                value: s,
                limit: cfg.blur_min_sharpness,
            },
        ));
    }

    let points = ink::ink_points(&coarse, ink.paper, cfg);
    let lay = layout::analyse(&points, coarse.width(), coarse.height(), cfg);
    metrics.skew_deg = lay.skew_deg;
    metrics.orientation = lay.orientation;
    if let Some(angle) = lay.skew_deg.filter(|a| a.abs() > cfg.max_skew_deg) {
        findings.push(finding(
            FindingCode::Skewed,
            Severity::Warn,
            &[Rescan, AcceptWithReason],
            at,
            FindingDetail::Measure {
                value: angle,
                limit: cfg.max_skew_deg,
            },
        ));
    }
    if let Some(cw) = lay.orientation.clockwise_fix() {
        findings.push(finding(
            FindingCode::Orientation,
            Severity::Warn,
            &[Rotate, AcceptWithReason],
            at,
            FindingDetail::Rotation { clockwise_deg: cw },
        ));
    }

    metrics.cut_edges = ink::cut_edges(&coarse, ink.paper, cfg);
    if !metrics.cut_edges.is_empty() {
        findings.push(finding(
            FindingCode::CutOff,
            Severity::Warn,
            &[Rescan, AcceptWithReason],
            at,
            FindingDetail::Edges {
                edges: metrics.cut_edges.clone(),
            },
        ));
    }
    findings.sort_by_key(|f| f.severity == Severity::Warn);
    PageReport {
        page: index,
        metrics,
        findings,
    }
}

/// How many pages a material should have (from the checklist line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExpectedPages {
    /// Fewest pages.
    pub min: u32,
    /// Most pages, if bounded.
    pub max: Option<u32>,
}

/// Page count against the expectation: too few blocks, too many warns.
pub fn check_page_count(actual: u32, expected: ExpectedPages) -> Option<Finding> {
    let detail = FindingDetail::PageCount {
        actual,
        min: expected.min,
        max: expected.max,
    };
    if actual < expected.min {
        Some(finding(
            FindingCode::TooFewPages,
            Severity::Block,
            &[SuggestedAction::Rescan, SuggestedAction::AcceptWithReason],
            None,
            detail,
        ))
    } else if expected.max.is_some_and(|m| actual > m) {
        Some(finding(
            FindingCode::TooManyPages,
            Severity::Warn,
            &[
                SuggestedAction::RemovePage,
                SuggestedAction::AcceptWithReason,
            ],
            None,
            detail,
        ))
    } else {
        None
    }
}
