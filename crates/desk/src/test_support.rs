//! Shared test fixtures.

use crate::Desk;
use ow_case::{CaseEdit, CaseId};
use ow_catalog::AnswerValue::*;
use std::sync::{Mutex, MutexGuard};

/// 市外迁入（投靠配偶）.
pub(crate) const TKPO: &str = "000173001001";

/// libsane is one per process: tests that scan take turns, as windows do with one scanner.
static SANE: Mutex<()> = Mutex::new(());

pub(crate) fn sane_turn() -> MutexGuard<'static, ()> {
    SANE.lock().unwrap_or_else(|p| p.into_inner())
}

/// A 投靠配偶 case with every situation question answered (first marriage, from another
/// province, no children, in person): acceptable once its materials are in.
pub(crate) fn spouse_case(desk: &Desk) -> CaseId {
    let c = desk.create_case(None).unwrap();
    answer_spouse_questions(desk, c.id);
    c.id
}

/// Makes case `id` the answered spouse case, with the applicant typed in.
pub(crate) fn fill_spouse_case(desk: &Desk, id: CaseId) {
    desk.update_case(
        id,
        CaseEdit {
            applicant_name: Some("陈思远".into()),
            applicant_id_number: Some("11010519491231002X".into()),
            ..Default::default()
        },
    )
    .unwrap();
    answer_spouse_questions(desk, id);
}

fn answer_spouse_questions(desk: &Desk, id: CaseId) {
    desk.choose_item(id, TKPO).unwrap();
    for (q, v) in [
        ("in_custody", YesNo(false)),
        ("origin", Choice("other_province".into())),
        ("moved_out", YesNo(true)),
        ("married_years", Number(5)),
        ("registered_where", Choice("mainland".into())),
        ("previous_marriage", Choice("none".into())),
        ("spouse_hukou", Choice("family".into())),
        ("residence", Choice("own".into())),
        ("children", Number(0)),
        ("by_agent", YesNo(false)),
    ] {
        desk.answer(id, q.into(), Some(v)).unwrap();
    }
}

/// [`spouse_case`] with the applicant typed in: ready for a decision once materials are in.
pub(crate) fn spouse_case_with_applicant(desk: &Desk) -> CaseId {
    let id = spouse_case(desk);
    desk.update_case(
        id,
        CaseEdit {
            applicant_name: Some("陈思远".into()),
            applicant_id_number: Some("11010519491231002X".into()),
            ..Default::default()
        },
    )
    .unwrap();
    id
}

/// An A4 page at 150 dpi as a PNG file, as a clerk would import it.
pub(crate) fn png_page() -> Vec<u8> {
    // A 1240×1754 grey page (A4 at 150 dpi) with black text-like bars.
    let mut img = image::GrayImage::from_pixel(1240, 1754, image::Luma([250]));
    for row in 0..30u32 {
        for y in 0..12 {
            for x in 120..(1100 - (row % 4) * 150) {
                img.put_pixel(x, 150 + row * 48 + y, image::Luma([20]));
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The text of a paper (base64 PDF, as the UI gets it), read back with poppler's `pdftotext`.
pub(crate) fn pdf_text(pdf_base64: &str, dir: &std::path::Path) -> String {
    let path = write_pdf(pdf_base64, dir);
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

/// Writes a paper's PDF to `dir/paper.pdf`.
pub(crate) fn write_pdf(pdf_base64: &str, dir: &std::path::Path) -> std::path::PathBuf {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf_base64)
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let path = dir.join("paper.pdf");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The spouse case with every required line received, accepted.
pub(crate) fn accepted_spouse_case(desk: &Desk) -> CaseId {
    let id = spouse_case_with_applicant(desk);
    accept_all_received(desk, id).unwrap();
    id
}

/// Marks every line the decision still misses as received and accepts the case.
pub(crate) fn accept_all_received(
    desk: &Desk,
    id: CaseId,
) -> Result<crate::CaseView, crate::DeskError> {
    let lines: Vec<String> = desk
        .case_view(id)?
        .options
        .map(|o| o.lines)
        .unwrap_or_default()
        .into_iter()
        .filter(|l| l.problem.is_some())
        .map(|l| l.id)
        .collect();
    for line in lines {
        desk.mark_line(id, line, ow_case::LineMark::Received)?;
    }
    desk.decide(id, crate::DecisionRequest::Accept)
}

/// The desk with the sandbox's window clerk (1024) at the keyboard: cases, papers and audit
/// lines name the signed-in person, as in the app.
pub(crate) fn as_clerk(desk: Desk) -> Desk {
    desk.sign_in_for_test("1024", "培训收件员", &[ow_api::ClerkRole::Clerk]);
    desk
}
