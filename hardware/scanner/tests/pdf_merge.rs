//! A material that arrived as a mix of scans and imported PDFs travels as one PDF: every page,
//! in the line's order, readable by poppler.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use image::DynamicImage;
use lopdf::{dictionary, Document, Object, Stream};
use ow_scanner::pdf::{material_pdf, material_pdf_from, Part};
use ow_scanner::{Page, PageOrigin};
use std::process::Command;

fn a4(seed: u64) -> Page {
    Page::new(
        DynamicImage::ImageLuma8(common::text_page(100.0, seed)),
        Some(100.0),
        PageOrigin::Flatbed,
    )
}

/// A two-page PDF with text, whose MediaBox and Resources live on the page tree (inherited),
/// as many producers write them.
fn inherited_pdf(words: [&str; 2]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids: Vec<Object> = Vec::new();
    for w in words {
        let content = format!("BT /F1 24 Tf 40 200 Td ({w}) Tj ET");
        let c = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        kids.push(
            doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => c })
                .into(),
        );
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => 2,
            "MediaBox" => vec![0.into(), 0.into(), 300.into(), 400.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn poppler(tool: &str, pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .expect("poppler-utils is installed by scripts/setup.sh");
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn scans_and_imported_pdfs_become_one_pdf_in_the_line_order() {
    let scan1 = a4(1);
    let scan2 = a4(2);
    let imported = inherited_pdf(["ALPHA", "BRAVO"]);
    let earlier = material_pdf(&[a4(3)]).unwrap();
    let merged = material_pdf_from(&[
        Part::Image(&scan1),
        Part::Pdf(&imported),
        Part::Pdf(&earlier),
        Part::Image(&scan2),
    ])
    .unwrap();

    let doc = Document::load_mem(&merged).unwrap();
    assert_eq!(doc.get_pages().len(), 5);
    // The imported pages keep the size and font they inherited from their old page tree.
    let info = poppler("pdfinfo", &merged, &["-f", "2", "-l", "3"]);
    assert!(info.contains("Page    2 size:  300 x 400 pts"), "{info}");
    assert!(info.contains("Page    3 size:  300 x 400 pts"), "{info}");
    let text = poppler("pdftotext", &merged, &["-f", "2", "-l", "3"]);
    assert!(text.contains("ALPHA") && text.contains("BRAVO"), "{text}");
    let order = text.find("ALPHA").unwrap() < text.find("BRAVO").unwrap();
    assert!(order, "pages keep their order: {text}");
    // Nothing of the imported files' old catalogs is left behind.
    let catalogs = doc
        .objects
        .values()
        .filter(|o| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok())
                == Some(b"Catalog".as_slice())
        })
        .count();
    assert_eq!(catalogs, 1);
}

#[test]
fn a_broken_imported_pdf_is_an_error_not_a_short_material() {
    let scan = a4(4);
    let err = material_pdf_from(&[Part::Image(&scan), Part::Pdf(b"%PDF-1.5 broken")]).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "scanner.encode");
}
