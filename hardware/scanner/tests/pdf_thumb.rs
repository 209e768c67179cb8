//! Material PDF, thumbnails and content hashes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use image::DynamicImage;
use ow_scanner::import::{import_bytes, ImportLimits};
use ow_scanner::thumb::{encode_page, page_info, sha256_hex, thumbnail, StoredFormat};
use ow_scanner::{pdf, Page, PageOrigin};

fn a4(dpi: f32, seed: u64) -> Page {
    Page::new(
        DynamicImage::ImageLuma8(common::text_page(dpi, seed)),
        Some(dpi),
        PageOrigin::Feeder,
    )
}

#[test]
fn material_pdf_has_every_page_at_its_size() {
    let mut colour = a4(150.0, 2);
    colour.image = DynamicImage::ImageRgb8(common::to_rgb(&colour.image.to_luma8()));
    let mut jpeg_page = a4(150.0, 3);
    let jpeg = encode_page(&jpeg_page, StoredFormat::Jpeg { quality: 80 }).unwrap();
    jpeg_page.original_jpeg = Some(Arc::new(jpeg.bytes.clone()));
    let pages = vec![a4(150.0, 1), colour, jpeg_page];
    let bytes = pdf::material_pdf(&pages).unwrap();

    // Our own importer parses it back.
    let f = import_bytes(bytes.clone(), Some("m.pdf"), &ImportLimits::default()).unwrap();
    assert_eq!(f.page_count, 3);
    // The imported JPEG went in unchanged.
    assert!(bytes
        .windows(jpeg.bytes.len())
        .any(|w| w == jpeg.bytes.as_slice()));

    // And poppler, an independent reader, agrees (when installed).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.pdf");
    std::fs::write(&path, &bytes).unwrap();
    if let Ok(out) = std::process::Command::new("pdfinfo").arg(&path).output() {
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(" 3")),
            "{info}"
        );
        // A4 at 150 dpi: 1240 × 1754 px → 595.2 × 842 pt.
        assert!(
            info.contains("595.2 x 841.9") || info.contains("595.2 x 842"),
            "{info}"
        );
    }
    assert!(pdf::material_pdf(&[]).is_err());
}

#[test]
fn thumbnails_and_hashes() {
    let page = a4(300.0, 4);
    let t = thumbnail(&page.image, 256).unwrap();
    assert_eq!(t.width, 256);
    assert_eq!(t.height, 362);
    let img = image::load_from_memory(&t.bytes).unwrap();
    assert_eq!((img.width(), img.height()), (256, 362));

    let a = encode_page(&page, StoredFormat::Auto).unwrap();
    let b = encode_page(&page, StoredFormat::Auto).unwrap();
    assert_eq!(
        a.sha256, b.sha256,
        "encoding is deterministic: same page, same address"
    );
    assert_eq!(a.sha256, sha256_hex(&a.bytes));
    assert_eq!(a.mime, "image/jpeg");
    // The stored JPEG carries the page's resolution: re-imported, it is still 300 dpi.
    let back = import_bytes(a.bytes.clone(), Some("p.jpg"), &ImportLimits::default()).unwrap();
    assert_eq!(back.pages[0].dpi, Some(300.0));
    assert_eq!(back.sha256, a.sha256);
    let info = page_info(0, &page, &a);
    assert_eq!(
        (info.width_px, info.height_px, info.color),
        (2480, 3508, false)
    );

    // Black-and-white pages are stored losslessly.
    let mut bw = page.clone();
    let mut g = bw.image.to_luma8();
    g.pixels_mut()
        .for_each(|p| p.0[0] = if p.0[0] < 128 { 0 } else { 255 });
    bw.image = DynamicImage::ImageLuma8(g);
    assert_eq!(
        encode_page(&bw, StoredFormat::Auto).unwrap().mime,
        "image/png"
    );
}
