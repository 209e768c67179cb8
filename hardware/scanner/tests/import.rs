//! Import of good, corrupt, truncated, disguised and oversized files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;

use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::{DynamicImage, GenericImageView, GrayImage, ImageEncoder, Luma, Rgba, RgbaImage};
use ow_error::ErrorCode;
use ow_scanner::import::{import_bytes, import_file, FileFormat, ImportLimits};
use ow_scanner::thumb::sha256_hex;
use ow_scanner::{pdf, Page, PageOrigin};
use proptest::prelude::*;

fn sample() -> GrayImage {
    common::text_page_mm(100.0, 60.0, 40.0, 1)
}

fn jpeg(dpi: u16) -> Vec<u8> {
    let g = sample();
    let mut out = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut out, 85);
    enc.set_pixel_density(PixelDensity::dpi(dpi));
    enc.write_image(
        g.as_raw(),
        g.width(),
        g.height(),
        image::ExtendedColorType::L8,
    )
    .unwrap();
    out
}

fn png() -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageLuma8(sample())
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn bmp() -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(DynamicImage::ImageLuma8(sample()).to_rgb8())
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Bmp)
        .unwrap();
    out
}

/// Three pages: grey, colour, grey.
fn tiff() -> Vec<u8> {
    use tiff::encoder::{colortype, TiffEncoder};
    let g = sample();
    let rgb = DynamicImage::ImageLuma8(g.clone()).to_rgb8();
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap();
    enc.write_image::<colortype::Gray8>(g.width(), g.height(), g.as_raw())
        .unwrap();
    enc.write_image::<colortype::RGB8>(rgb.width(), rgb.height(), rgb.as_raw())
        .unwrap();
    enc.write_image::<colortype::Gray8>(g.width(), g.height(), g.as_raw())
        .unwrap();
    out.into_inner()
}

fn pdf_of(n: usize) -> Vec<u8> {
    let pages: Vec<Page> = (0..n)
        .map(|_| {
            Page::new(
                DynamicImage::ImageLuma8(sample()),
                Some(100.0),
                PageOrigin::Flatbed,
            )
        })
        .collect();
    pdf::material_pdf(&pages).unwrap()
}

fn code(bytes: Vec<u8>, name: &str) -> &'static str {
    import_bytes(bytes, Some(name), &ImportLimits::default())
        .map(|_| "ok")
        .unwrap_or_else(|e| e.code())
}

#[test]
fn good_images_decode_whole() {
    let limits = ImportLimits::default();
    let bytes = jpeg(300);
    let f = import_bytes(bytes.clone(), Some("身份证复印件.JPG"), &limits).unwrap();
    assert_eq!(f.format, FileFormat::Jpeg);
    assert_eq!(f.page_count, 1);
    assert_eq!(f.sha256, sha256_hex(&bytes));
    assert_eq!(*f.content, bytes);
    assert_eq!(f.pages[0].dpi, Some(300.0));
    assert_eq!(f.pages[0].image.dimensions(), sample().dimensions());
    // 72 dpi is what software writes when it does not know.
    let f = import_bytes(jpeg(72), Some("photo.jpeg"), &limits).unwrap();
    assert_eq!(f.pages[0].dpi, None);

    let f = import_bytes(png(), Some("scan.png"), &limits).unwrap();
    assert_eq!((f.format, f.page_count), (FileFormat::Png, 1));
    let f = import_bytes(bmp(), Some("scan.bmp"), &limits).unwrap();
    assert_eq!(f.format, FileFormat::Bmp);
    assert!(f.pages[0].image.as_rgb8().is_some());
    // No name at all: the content decides.
    let f = import_bytes(png(), None, &limits).unwrap();
    assert_eq!(f.format, FileFormat::Png);
}

#[test]
fn transparent_png_lies_on_white_paper() {
    let mut img = RgbaImage::from_pixel(20, 20, Rgba([0, 0, 0, 0]));
    img.put_pixel(5, 5, Rgba([0, 0, 0, 255]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    let f = import_bytes(bytes, Some("a.png"), &ImportLimits::default()).unwrap();
    let g = f.pages[0].image.to_luma8();
    assert_eq!(g.get_pixel(0, 0), &Luma([255]));
    assert_eq!(g.get_pixel(5, 5), &Luma([0]));
}

#[test]
fn multi_page_tiff_and_pdf_are_counted() {
    let f = import_bytes(tiff(), Some("fax.tif"), &ImportLimits::default()).unwrap();
    assert_eq!(
        (f.format, f.page_count, f.pages.len()),
        (FileFormat::Tiff, 3, 3)
    );
    assert!(f.pages[1].image.as_rgb8().is_some());
    let f = import_bytes(pdf_of(4), Some("营业执照.pdf"), &ImportLimits::default()).unwrap();
    assert_eq!((f.format, f.page_count), (FileFormat::Pdf, 4));
    assert!(f.pages.is_empty());
}

#[test]
fn import_from_disk_checks_the_size_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scan.png");
    std::fs::write(&path, png()).unwrap();
    assert!(import_file(&path, &ImportLimits::default()).is_ok());
    let small = ImportLimits {
        max_bytes: 100,
        ..ImportLimits::default()
    };
    let err = import_file(&path, &small).unwrap_err();
    assert_eq!(err.code(), "scanner.import.too_large");
    assert_eq!(err.details().unwrap()["unit"], "bytes");
    let err = import_file(&dir.path().join("missing.png"), &small).unwrap_err();
    assert_eq!(err.code(), "scanner.import.io");
}

#[test]
fn pixel_bombs_are_refused_before_decoding() {
    let limits = ImportLimits {
        max_pixels: 1_000,
        ..ImportLimits::default()
    };
    for (bytes, name) in [(png(), "a.png"), (jpeg(300), "a.jpg"), (tiff(), "a.tiff")] {
        let err = import_bytes(bytes, Some(name), &limits).unwrap_err();
        assert_eq!(err.code(), "scanner.import.too_large", "{name}");
        assert_eq!(err.details().unwrap()["unit"], "pixels");
    }
    let limits = ImportLimits {
        max_pages: 2,
        ..ImportLimits::default()
    };
    let err = import_bytes(pdf_of(3), Some("a.pdf"), &limits).unwrap_err();
    assert_eq!(err.code(), "scanner.import.too_large");
}

#[test]
fn truncated_files() {
    for (bytes, name) in [
        (jpeg(300), "a.jpg"),
        (png(), "a.png"),
        (bmp(), "a.bmp"),
        (pdf_of(2), "a.pdf"),
        (tiff(), "a.tif"),
    ] {
        let half = bytes[..bytes.len() / 2].to_vec();
        assert_eq!(code(half, name), "scanner.import.truncated", "{name}");
    }
}

#[test]
fn corrupt_files() {
    // PNG with damaged image data (the chunk CRC no longer matches).
    let mut p = png();
    let idat = p.windows(4).position(|w| w == b"IDAT").unwrap();
    for b in &mut p[idat + 8..idat + 40] {
        *b ^= 0x5A;
    }
    assert_eq!(code(p, "a.png"), "scanner.import.corrupt");
    // JPEG whose frame header says zero lines.
    let mut j = jpeg(300);
    let sof = j.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    j[sof + 5] = 0;
    j[sof + 6] = 0;
    assert_eq!(code(j, "a.jpg"), "scanner.import.corrupt");
    // A PDF header over garbage.
    let mut fake = b"%PDF-1.7\n".to_vec();
    fake.extend(std::iter::repeat_n(b'x', 500));
    fake.extend_from_slice(b"\n%%EOF\n");
    assert_eq!(code(fake, "a.pdf"), "scanner.import.corrupt");
    // An accepted name over bytes with no known signature.
    assert_eq!(code(vec![7; 300], "a.jpg"), "scanner.import.corrupt");
}

#[test]
fn disguised_files() {
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    exe.resize(512, 0);
    assert_eq!(code(exe.clone(), "身份证.jpg"), "scanner.import.disguised");
    assert_eq!(code(png(), "contract.pdf"), "scanner.import.disguised");
    assert_eq!(code(jpeg(300), "scan.png"), "scanner.import.disguised");
    assert_eq!(code(jpeg(300), "scan.exe"), "scanner.import.disguised");
    let mut zip = b"PK\x03\x04".to_vec();
    zip.resize(100, 0);
    assert_eq!(code(zip, "a.pdf"), "scanner.import.disguised");
    let err = import_bytes(png(), Some("contract.pdf"), &ImportLimits::default()).unwrap_err();
    let d = err.details().unwrap();
    assert_eq!(
        (d["claimed"].as_str(), d["detected"].as_str()),
        (Some("application/pdf"), Some("image/png"))
    );
    // Foreign content with no accepted name is simply unsupported.
    let err = import_bytes(exe, None, &ImportLimits::default()).unwrap_err();
    assert_eq!(err.code(), "scanner.import.unsupported");
}

fn any_name() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("a.jpg".to_string())),
        Just(Some("a.png".to_string())),
        Just(Some("a.pdf".to_string())),
        Just(Some("a.tif".to_string())),
        Just(Some("a.bmp".to_string())),
    ]
}

fn magic() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(vec![]),
        Just(vec![0xFF, 0xD8, 0xFF, 0xE0]),
        Just(b"\x89PNG\r\n\x1a\n".to_vec()),
        Just(b"%PDF-1.4\n".to_vec()),
        Just(b"II*\0".to_vec()),
        Just(b"MM\0*".to_vec()),
        Just(b"BM".to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary bytes, with or without a real signature in front, never panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in magic(),
        body in proptest::collection::vec(any::<u8>(), 0..2048),
        name in any_name(),
    ) {
        let mut bytes = prefix;
        bytes.extend(body);
        let _ = import_bytes(bytes, name.as_deref(), &ImportLimits::default());
    }

    /// Valid files with a few bytes changed never panic, and never come back half-read:
    /// either an error or every page decoded.
    #[test]
    fn damaged_files_never_panic(
        which in 0usize..4,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let (mut bytes, name) = match which {
            0 => (jpeg(300), "a.jpg"),
            1 => (png(), "a.png"),
            2 => (tiff(), "a.tif"),
            _ => (pdf_of(1), "a.pdf"),
        };
        for (i, v) in flips {
            let at = i.index(bytes.len());
            bytes[at] = v;
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len()));
        }
        if let Ok(f) = import_bytes(bytes, Some(name), &ImportLimits::default()) {
            prop_assert!(f.page_count >= 1);
            prop_assert!(f.format == FileFormat::Pdf || f.pages.len() == f.page_count as usize);
        }
    }
}
