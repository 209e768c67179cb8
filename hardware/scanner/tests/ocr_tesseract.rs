//! The optional ID-number check against the real Tesseract (`tesseract-ocr-chi-sim`, installed
//! by the test command). `tests/fixtures/id_copy.png` is a 300-dpi copy bearing the GB 11643
//! example number 11010519491231002X, rendered by poppler from a hand-written PDF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ow_scanner::checks::ocr::{check_id_number, find_id_numbers, TesseractCli, TextRecognizer};
use ow_scanner::checks::FindingCode;
use ow_scanner::types::{Page, PageOrigin};

const NUMBER: &str = "11010519491231002X";

fn tesseract() -> TesseractCli {
    TesseractCli::detect().expect("the test command installs tesseract-ocr with chi_sim")
}

fn copy() -> Page {
    let image = image::load_from_memory(include_bytes!("fixtures/id_copy.png")).unwrap();
    Page::new(image, Some(300.0), PageOrigin::ImportedImage)
}

#[test]
fn tesseract_reads_the_number_off_the_copy() {
    let text = tesseract().recognize(&copy().image).unwrap();
    assert_eq!(find_id_numbers(&text), vec![NUMBER.to_string()], "{text}");
}

#[test]
fn the_applicants_own_copy_passes_another_persons_is_held_and_a_blank_one_is_unreadable() {
    let ocr = tesseract();
    let page = copy();
    assert_eq!(check_id_number(&page, 0, NUMBER, Some(&ocr)).unwrap(), None);
    // The lower-case check letter a clerk may type is the same number.
    assert_eq!(
        check_id_number(&page, 0, "11010519491231002x", Some(&ocr)).unwrap(),
        None
    );

    let other = check_id_number(&page, 0, "110101198001011232", Some(&ocr))
        .unwrap()
        .expect("someone else's copy");
    assert_eq!(other.code, FindingCode::IdNumberMismatch);
    assert_eq!(other.severity, ow_scanner::checks::Severity::Block);

    let blank = Page::new(
        image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(800, 500, image::Luma([255]))),
        Some(300.0),
        PageOrigin::Flatbed,
    );
    let unreadable = check_id_number(&blank, 0, NUMBER, Some(&ocr))
        .unwrap()
        .expect("no number on a blank page");
    assert_eq!(unreadable.code, FindingCode::IdNumberUnreadable);
    assert_eq!(unreadable.severity, ow_scanner::checks::Severity::Warn);
}

#[test]
fn a_card_copied_on_a_whole_a4_page_is_read_too() {
    let image = image::load_from_memory(include_bytes!("fixtures/id_copy_on_a4.png")).unwrap();
    let page = Page::new(image, Some(300.0), PageOrigin::Flatbed);
    assert_eq!(
        check_id_number(&page, 0, NUMBER, Some(&tesseract())).unwrap(),
        None
    );
}

#[test]
fn without_a_recognizer_the_check_is_off() {
    assert_eq!(
        check_id_number(&copy(), 0, "110101198001011232", None).unwrap(),
        None
    );
}
