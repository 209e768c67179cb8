//! Every page check on synthetic pages made here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use image::DynamicImage;
use ow_scanner::checks::{
    check_page, check_page_count, CheckConfig, Edge, ExpectedPages, FindingCode, FindingDetail,
    Orientation, PageReport, Severity, SuggestedAction,
};
use ow_scanner::{Page, PageOrigin};

fn report(img: DynamicImage, dpi: Option<f32>) -> PageReport {
    let page = Page::new(img, dpi, PageOrigin::Flatbed);
    let r = check_page(&page, 0, &CheckConfig::default());
    eprintln!("{:?}", r.metrics);
    eprintln!(
        "{:?}",
        r.findings.iter().map(|f| f.code).collect::<Vec<_>>()
    );
    r
}

fn codes(r: &PageReport) -> Vec<FindingCode> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn a_clean_page_has_no_findings() {
    let r = report(gray(text_page(300.0, 1)), Some(300.0));
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.metrics.orientation, Orientation::Upright);
    assert!(r.metrics.skew_deg.unwrap().abs() < 0.5);
    // Colour, another seed, 200 dpi.
    let r = report(
        DynamicImage::ImageRgb8(to_rgb(&text_page(200.0, 2))),
        Some(200.0),
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn blank_pages() {
    let mut white = image::GrayImage::from_pixel(2480, 3508, image::Luma([240]));
    add_noise(&mut white, 4, 7);
    let r = report(gray(white), Some(300.0));
    assert_eq!(codes(&r), vec![FindingCode::Blank]);
    assert_eq!(r.findings[0].severity, Severity::Block);
    assert!(r.findings[0].actions.contains(&SuggestedAction::Rescan));
    let black = image::GrayImage::from_pixel(1240, 1754, image::Luma([0]));
    assert_eq!(
        codes(&report(gray(black), Some(150.0))),
        vec![FindingCode::Blank]
    );
}

#[test]
fn blurred_text() {
    let sharp = text_page(300.0, 3);
    let blurred = image::imageops::blur(&sharp, 4.0);
    let r = report(gray(blurred), Some(300.0));
    assert!(codes(&r).contains(&FindingCode::Blurred), "{:?}", r.metrics);
    // Slight softness (a real scanner's optics) passes.
    let soft = image::imageops::blur(&sharp, 1.0);
    let r = report(gray(soft), Some(300.0));
    assert!(
        !codes(&r).contains(&FindingCode::Blurred),
        "{:?}",
        r.metrics
    );
}

#[test]
fn skew_of_eight_degrees_is_reported_with_its_angle() {
    let r = report(gray(rotate(&text_page(300.0, 4), 8.0)), Some(300.0));
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::Skewed)
        .expect("skew finding");
    let FindingDetail::Measure { value, .. } = f.detail else {
        panic!("no angle")
    };
    assert!((value - 8.0).abs() < 0.6, "angle {value}");
    let r = report(gray(rotate(&text_page(300.0, 5), -5.0)), Some(300.0));
    assert!((r.metrics.skew_deg.unwrap() + 5.0).abs() < 0.6);
    // Two degrees is within the default tolerance.
    let r = report(gray(rotate(&text_page(300.0, 6), 2.0)), Some(300.0));
    assert!(!codes(&r).contains(&FindingCode::Skewed));
}

#[test]
fn upside_down_and_sideways_pages() {
    let page = text_page(300.0, 8);
    let r = report(gray(image::imageops::rotate180(&page)), Some(300.0));
    assert_eq!(r.metrics.orientation, Orientation::UpsideDown);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::Orientation)
        .unwrap();
    assert_eq!(f.detail, FindingDetail::Rotation { clockwise_deg: 180 });
    let r = report(gray(image::imageops::rotate90(&page)), Some(300.0));
    assert_eq!(r.metrics.orientation, Orientation::RotatedCw90);
    let r = report(gray(image::imageops::rotate270(&page)), Some(300.0));
    assert_eq!(r.metrics.orientation, Orientation::RotatedCw270);
}

#[test]
fn content_cut_off_at_the_edge() {
    // The scan caught only the left 150 mm of a page: every line runs off the right edge.
    let page = text_page(300.0, 9);
    let cut = image::imageops::crop_imm(&page, 400, 0, 1600, 3508).to_image();
    let r = report(gray(cut), Some(300.0));
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::CutOff)
        .unwrap();
    let FindingDetail::Edges { edges } = &f.detail else {
        panic!()
    };
    assert!(edges.contains(&Edge::Right), "{edges:?}");
    assert!(edges.contains(&Edge::Left), "{edges:?}");
    assert!(!edges.contains(&Edge::Top));
}

#[test]
fn low_resolution() {
    let r = report(gray(text_page(100.0, 10)), Some(100.0));
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::LowResolution)
        .unwrap();
    assert_eq!(f.severity, Severity::Block);
    assert_eq!(
        f.detail,
        FindingDetail::Measure {
            value: 100.0,
            limit: 150.0
        }
    );
    // Unknown resolution: judged by pixels alone.
    let r = report(gray(text_page(72.0, 11)), None);
    assert!(codes(&r).contains(&FindingCode::LowResolution));
}

#[test]
fn page_count_against_the_checklist() {
    let two = ExpectedPages {
        min: 2,
        max: Some(2),
    };
    assert_eq!(check_page_count(2, two), None);
    let f = check_page_count(1, two).unwrap();
    assert_eq!(
        (f.code, f.severity),
        (FindingCode::TooFewPages, Severity::Block)
    );
    let f = check_page_count(3, two).unwrap();
    assert_eq!(
        (f.code, f.severity),
        (FindingCode::TooManyPages, Severity::Warn)
    );
    assert_eq!(
        check_page_count(9, ExpectedPages { min: 1, max: None }),
        None
    );
}

#[test]
fn codes_serialise_as_stable_strings() {
    let json = serde_json::to_string(&FindingCode::Blank).unwrap();
    assert_eq!(json, "\"scanner.check.blank\"");
    assert_eq!(FindingCode::CutOff.as_str(), "scanner.check.cut_off");
}

struct FakeOcr(&'static str);

impl ow_scanner::checks::ocr::TextRecognizer for FakeOcr {
    fn recognize(&self, _: &DynamicImage) -> Result<String, ow_scanner::ScanError> {
        Ok(self.0.to_string())
    }
}

#[test]
fn id_number_hook_is_off_without_ocr_and_compares_with_it() {
    use ow_scanner::checks::ocr::{check_id_number, TesseractCli};
    let page = Page::new(
        gray(text_page_mm(100.0, 86.0, 54.0, 12)),
        None,
        PageOrigin::Flatbed,
    );
    let id = "11010519491231002X";
    // Off: no recognizer, no finding, whatever the page shows.
    assert_eq!(check_id_number(&page, 0, id, None).unwrap(), None);
    // Tesseract is not installed here: detection says so instead of failing.
    let _ = TesseractCli::detect();
    let same = FakeOcr("公民身份号码 110105 19491231 002x");
    assert_eq!(check_id_number(&page, 0, id, Some(&same)).unwrap(), None);
    let other = FakeOcr("公民身份号码 440301199001011234 444");
    let f = check_id_number(&page, 0, id, Some(&other))
        .unwrap()
        .expect("mismatch");
    assert_eq!(
        (f.code, f.severity),
        (FindingCode::IdNumberMismatch, Severity::Block)
    );
    let none = FakeOcr("模糊不清");
    let f = check_id_number(&page, 0, id, Some(&none)).unwrap().unwrap();
    assert_eq!(f.code, FindingCode::IdNumberUnreadable);
}
