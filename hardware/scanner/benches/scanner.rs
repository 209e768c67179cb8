//! Per-page costs at 300 dpi A4 (2480×3508): scan from the SANE test device to a thumbnail,
//! the page checks, and encode + hash + thumbnail; and the optional OCR of an ID-card copy
//! (the real `tesseract`, `chi_sim+eng`): the card-sized fixture and the same text on a
//! white 300-dpi A4 page (a card copied on a flatbed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use image::DynamicImage;
use ow_scanner::checks::{check_page, CheckConfig};
use ow_scanner::thumb::{encode_page, sha256_hex, thumbnail, StoredFormat};
use ow_scanner::{
    write_test_device_config, BackendOption, CancelToken, ColorMode, OptionValue, Page, PageOrigin,
    SaneConfig, SaneScanner, ScanSettings, Scanner,
};

fn a4_pages() -> (Page, Page) {
    let g = common::text_page(300.0, 42);
    let rgb = DynamicImage::ImageRgb8(common::to_rgb(&g));
    (
        Page::new(
            DynamicImage::ImageLuma8(g),
            Some(300.0),
            PageOrigin::Flatbed,
        ),
        Page::new(rgb, Some(300.0), PageOrigin::Flatbed),
    )
}

fn checks(c: &mut Criterion) {
    let (gray, colour) = a4_pages();
    let cfg = CheckConfig::default();
    let mut g = c.benchmark_group("checks_a4_300dpi");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("gray", |b| b.iter(|| check_page(&gray, 0, &cfg)));
    g.bench_function("colour", |b| b.iter(|| check_page(&colour, 0, &cfg)));
    g.finish();
}

fn store(c: &mut Criterion) {
    let (gray, colour) = a4_pages();
    let mut g = c.benchmark_group("store_a4_300dpi");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("thumbnail_256_colour", |b| {
        b.iter(|| thumbnail(&colour.image, 256).unwrap())
    });
    g.bench_function("encode_jpeg85_and_sha256_gray", |b| {
        b.iter(|| encode_page(&gray, StoredFormat::Auto).unwrap())
    });
    g.bench_function("encode_jpeg85_and_sha256_colour", |b| {
        b.iter(|| encode_page(&colour, StoredFormat::Auto).unwrap())
    });
    let raw = colour.image.as_bytes().to_vec();
    g.bench_function("sha256_of_26MB_pixels", |b| b.iter(|| sha256_hex(&raw)));
    g.finish();
}

fn scan(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_test_device_config(dir.path(), 2).unwrap();
    let scanner = SaneScanner::open(&SaneConfig {
        config_dir: Some(dir.path().to_path_buf()),
        ..SaneConfig::default()
    })
    .unwrap();
    let settings = ScanSettings {
        resolution_dpi: 300,
        mode: ColorMode::Color,
        backend_options: vec![BackendOption {
            name: "test-picture".into(),
            value: OptionValue::Text("Color pattern".into()),
        }],
        ..ScanSettings::default()
    };
    let mut g = c.benchmark_group("sane_test_a4_300dpi_colour");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("scan", |b| {
        b.iter(|| {
            scanner
                .scan_all("test:0", &settings, &CancelToken::new())
                .unwrap()
        })
    });
    g.bench_function("scan_to_thumbnail", |b| {
        b.iter(|| {
            let pages = scanner
                .scan_all("test:0", &settings, &CancelToken::new())
                .unwrap();
            thumbnail(&pages[0].image, 256).unwrap()
        })
    });
    g.finish();
}

fn ocr(c: &mut Criterion) {
    use ow_scanner::checks::ocr::{check_id_number, TesseractCli};
    let Some(tesseract) = TesseractCli::detect() else {
        eprintln!("ocr: tesseract with chi_sim is not installed; skipped");
        return;
    };
    let card = Page::new(
        image::load_from_memory(include_bytes!("../tests/fixtures/id_copy.png")).unwrap(),
        Some(300.0),
        PageOrigin::ImportedImage,
    );
    let on_a4 = Page::new(
        image::load_from_memory(include_bytes!("../tests/fixtures/id_copy_on_a4.png")).unwrap(),
        Some(300.0),
        PageOrigin::Flatbed,
    );
    let mut g = c.benchmark_group("ocr_id_number");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("id_copy_1417x896", |b| {
        b.iter(|| check_id_number(&card, 0, "11010519491231002X", Some(&tesseract)).unwrap())
    });
    g.bench_function("id_copy_on_a4_300dpi", |b| {
        b.iter(|| check_id_number(&on_a4, 0, "11010519491231002X", Some(&tesseract)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, checks, store, scan, ocr);
criterion_main!(benches);
