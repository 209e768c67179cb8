//! The materials step against the real SANE `test` device (through libsane) and real files.

use crate::test_support::png_page;
use crate::{Desk, MaterialsView};
use ow_case::{CaseId, LineMark};
use ow_config::Config;
use ow_error::ErrorCode;

fn desk_with(picture: &str) -> (tempfile::TempDir, Desk) {
    // Configuring libsane is process-wide; see `sane_turn` for the scans themselves.
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.materials.sim_picture = picture.into();
    // A smaller page keeps the tests quick; the figures come from the benchmark.
    config.materials.scan_dpi = 150;
    let desk = Desk::open(config, dir.path(), None).unwrap();
    (dir, desk)
}

fn case_with_checklist(desk: &Desk) -> CaseId {
    crate::test_support::spouse_case(desk)
}

fn lines(v: &MaterialsView) -> Vec<ow_catalog::ChecklistLine> {
    v.case.evaluation.as_ref().unwrap().checklist.clone()
}

fn mark(v: &MaterialsView, line: &str) -> LineMark {
    v.case
        .draft
        .materials
        .get(line)
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_scanned_page_is_checked_stored_with_a_thumbnail_and_the_line_becomes_received() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[0].id.clone();
    let v = desk.scan_into_line(case, line.clone()).unwrap();
    assert_eq!(v.scanner, "test:0");
    assert_eq!(v.pages.len(), 1);
    let p = &v.pages[0];
    assert_eq!(p.line_id, line);
    assert_eq!(p.dpi, Some(150.0));
    assert!(
        p.width_px > 1000 && p.height_px > 1500,
        "{}x{}",
        p.width_px,
        p.height_px
    );
    assert!(p
        .thumbnail
        .as_deref()
        .unwrap()
        .starts_with("data:image/jpeg;base64,"));
    assert!(p.passes, "{:?}", p.findings);
    assert_eq!(mark(&v, &line), LineMark::Received);
    // The full page comes back for zooming, and the line's pages make one PDF.
    assert!(desk
        .page_image(case, &p.id)
        .unwrap()
        .starts_with("data:image/jpeg;base64,"));
    let blobs = desk.material_blobs(case).unwrap();
    let (mime, pdf) = desk.store().blob(&blobs[&line][0]).unwrap().unwrap();
    assert_eq!(mime, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    // What was stored survives reopening the desk.
    let again = desk.materials(case).unwrap();
    assert_eq!(again.pages, v.pages);
}

#[test]
fn a_blank_page_is_held_up_until_the_clerk_accepts_it_with_a_reason() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Solid white");
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[0].id.clone();
    let v = desk.scan_into_line(case, line.clone()).unwrap();
    let p = &v.pages[0];
    // The findings in full when this fails: it did twice in full CI runs and never alone.
    assert!(!p.passes, "{:?}", p.findings);
    assert!(
        p.findings
            .first()
            .is_some_and(|f| f.code.as_str() == "scanner.check.blank"),
        "{}x{} px: {:?}",
        p.width_px,
        p.height_px,
        p.findings
    );
    assert_eq!(
        mark(&v, &line),
        LineMark::Pending,
        "a held-up page does not receive the line"
    );

    let err = desk
        .accept_page(case, p.id.clone(), "  ".into())
        .unwrap_err();
    assert_eq!(err.code(), "desk.reason_required");
    let v = desk
        .accept_page(case, p.id.clone(), "申请人原件即为空白页".into())
        .unwrap();
    assert!(v.pages[0].passes);
    assert_eq!(
        v.pages[0].accepted_reason.as_deref(),
        Some("申请人原件即为空白页")
    );
    assert_eq!(mark(&v, &line), LineMark::Received);
}

#[test]
fn pages_are_turned_reordered_and_deleted() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[0].id.clone();
    desk.scan_into_line(case, line.clone()).unwrap();
    let v = desk.scan_into_line(case, line.clone()).unwrap();
    let (a, b) = (v.pages[0].clone(), v.pages[1].clone());
    assert_eq!((a.index, b.index), (0, 1));

    let v = desk.rotate_page(case, b.id.clone(), 90).unwrap();
    let turned = v.pages.iter().find(|p| p.id == b.id).unwrap();
    assert_eq!(
        (turned.width_px, turned.height_px),
        (b.height_px, b.width_px)
    );
    let err = desk.rotate_page(case, b.id.clone(), 45).unwrap_err();
    assert_eq!(err.code(), "scanner.unsupported");

    let v = desk.move_page(case, b.id.clone(), 0).unwrap();
    let order: Vec<_> = v.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(order, [b.id.as_str(), a.id.as_str()]);

    let v = desk.delete_page(case, b.id.clone()).unwrap();
    assert_eq!(v.pages.len(), 1);
    assert_eq!(
        (v.pages[0].id.as_str(), v.pages[0].index),
        (a.id.as_str(), 0)
    );
    let err = desk.delete_page(case, b.id.clone()).unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}

#[test]
fn an_imported_file_is_checked_by_content_and_a_bad_one_stores_nothing() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[1].id.clone();

    let v = desk
        .import_into_line(case, line.clone(), Some("户口簿.png".into()), png_page())
        .unwrap();
    assert_eq!(v.pages.len(), 1);
    assert_eq!(v.pages[0].origin, "imported_image");
    assert!(v.pages[0].thumbnail.is_some());

    let mut truncated = png_page();
    truncated.truncate(truncated.len() / 2);
    let err = desk
        .import_into_line(case, line.clone(), Some("a.png".into()), truncated)
        .unwrap_err();
    assert_eq!(err.code(), "scanner.import.truncated");
    let err = desk
        .import_into_line(case, line.clone(), Some("photo.jpg".into()), png_page())
        .unwrap_err();
    assert_eq!(err.code(), "scanner.import.disguised");
    let err = desk
        .import_into_line(
            case,
            line.clone(),
            None,
            b"MZ\x90\x00not a picture".to_vec(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "scanner.import.unsupported");
    assert_eq!(
        desk.materials(case).unwrap().pages.len(),
        1,
        "nothing half-written"
    );

    let err = desk
        .import_into_line(case, "no-such-line".into(), None, png_page())
        .unwrap_err();
    assert_eq!(err.code(), "desk.unknown_line");
}

#[test]
fn an_oversized_import_is_refused_by_the_configured_limit() {
    let _sane = crate::test_support::sane_turn();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.materials.max_import_bytes = 1000;
    let desk = Desk::open(config, dir.path(), None).unwrap();
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[0].id.clone();
    let err = desk
        .import_into_line(case, line, None, png_page())
        .unwrap_err();
    assert_eq!(err.code(), "scanner.import.too_large");
}

#[test]
fn marks_follow_the_line_kind() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = case_with_checklist(&desk);
    let v = desk.materials(case).unwrap();
    let ls = lines(&v);
    let required = ls
        .iter()
        .find(|l| l.necessity == ow_catalog::Necessity::Required && l.sharing.is_none())
        .unwrap();
    let err = desk
        .mark_line(case, required.id.clone(), LineMark::Deferred)
        .unwrap_err();
    assert_eq!(err.code(), "desk.mark_not_allowed");
    let err = desk
        .mark_line(case, required.id.clone(), LineMark::DataCheck)
        .unwrap_err();
    assert_eq!(err.code(), "desk.mark_not_allowed");
    let err = desk
        .mark_line(
            case,
            required.id.clone(),
            LineMark::Defective { reason: "".into() },
        )
        .unwrap_err();
    assert_eq!(err.code(), "desk.reason_required");
    let v = desk
        .mark_line(
            case,
            required.id.clone(),
            LineMark::Defective {
                reason: "复印件不清".into(),
            },
        )
        .unwrap();
    assert_eq!(
        mark(&v, &required.id),
        LineMark::Defective {
            reason: "复印件不清".into()
        }
    );
    if let Some(shared) = ls.iter().find(|l| l.sharing.is_some()) {
        let v = desk
            .mark_line(case, shared.id.clone(), LineMark::DataCheck)
            .unwrap();
        assert_eq!(mark(&v, &shared.id), LineMark::DataCheck);
    }
}

#[test]
fn the_device_bar_follows_the_scanner_ready_missing_and_failed_scans() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    assert_eq!(
        desk.scanner_observed(),
        None,
        "nothing claimed before a look"
    );
    assert_eq!(desk.scanner_state(), crate::DeviceState::Ready);

    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.devices.scanner = "sane:test:7".into();
    let missing = Desk::open(config, dir.path(), None).unwrap();
    assert_eq!(
        missing.scanner_state(),
        crate::DeviceState::Unplugged {
            code: "scanner.sane.no_device".into()
        }
    );
    let case = case_with_checklist(&missing);
    let line = lines(&missing.materials(case).unwrap())[0].id.clone();
    let err = missing.scan_into_line(case, line).unwrap_err();
    match missing.scanner_observed() {
        Some(crate::DeviceState::Unplugged { code } | crate::DeviceState::Error { code }) => {
            assert_eq!(code, err.code(), "the bar shows the failed scan's code")
        }
        other => panic!("after a failed scan: {other:?}"),
    }
}

#[test]
fn a_scan_the_clerk_stops_ends_cancelled_and_stores_nothing() {
    let _sane = crate::test_support::sane_turn();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    // A big page, so the scan is still running when the clerk presses Esc.
    config.materials.scan_dpi = 600;
    config.materials.scan_color = true;
    let desk = std::sync::Arc::new(Desk::open(config, dir.path(), None).unwrap());
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[0].id.clone();
    assert!(!desk.cancel_scan(), "nothing to stop yet");

    let scanning = {
        let desk = std::sync::Arc::clone(&desk);
        std::thread::spawn(move || desk.scan_into_line(case, line))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !desk.cancel_scan() {
        assert!(
            std::time::Instant::now() < deadline,
            "the scan never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let err = scanning.join().unwrap().unwrap_err();
    assert_eq!(err.code(), "scanner.cancelled");
    assert!(
        desk.materials(case).unwrap().pages.is_empty(),
        "nothing stored"
    );
    assert_eq!(desk.scanner_observed(), Some(crate::DeviceState::Ready));
    assert!(!desk.cancel_scan(), "the scan is over");
}

#[test]
fn a_line_of_scans_and_an_imported_pdf_is_forwarded_as_one_pdf_in_order() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = case_with_checklist(&desk);
    let line = lines(&desk.materials(case).unwrap())[0].id.clone();
    desk.import_into_line(case, line.clone(), Some("户口簿.png".into()), png_page())
        .unwrap();
    // A two-page PDF the citizen brought on a phone, say.
    let page = ow_scanner::import::import_bytes(
        png_page(),
        None,
        &ow_scanner::import::ImportLimits::default(),
    )
    .unwrap()
    .pages
    .remove(0);
    let two = ow_scanner::pdf::material_pdf(&[page.clone(), page]).unwrap();
    desk.import_into_line(case, line.clone(), Some("结婚证.pdf".into()), two)
        .unwrap();

    let blobs = desk.material_blobs(case).unwrap();
    assert_eq!(blobs[&line].len(), 1, "one file per material");
    let (mime, pdf) = desk.store().blob(&blobs[&line][0]).unwrap().unwrap();
    assert_eq!(mime, "application/pdf");
    let parsed = ow_scanner::import::import_bytes(
        pdf,
        Some("m.pdf"),
        &ow_scanner::import::ImportLimits::default(),
    )
    .unwrap();
    assert_eq!(parsed.page_count, 3, "the scan, then both imported pages");
}

#[test]
fn a_line_with_fewer_pages_than_its_material_has_is_reported_until_complete() {
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = case_with_checklist(&desk);
    let v = desk.materials(case).unwrap();
    let card = lines(&v)
        .into_iter()
        .find(|l| l.material == "id_card")
        .expect("the spouse item asks for the ID card");
    assert_eq!(card.pages, Some(2), "front and back");
    assert!(v.short_lines.is_empty(), "no pages yet: nothing to count");

    let v = desk
        .import_into_line(case, card.id.clone(), Some("正面.png".into()), png_page())
        .unwrap();
    assert_eq!(
        v.short_lines,
        vec![crate::ShortLine {
            line_id: card.id.clone(),
            expected: 2,
            found: 1
        }]
    );
    let v = desk
        .import_into_line(case, card.id.clone(), Some("背面.png".into()), png_page())
        .unwrap();
    assert!(v.short_lines.is_empty(), "{:?}", v.short_lines);
}

fn id_codes(v: &MaterialsView, line: &str) -> Vec<ow_scanner::checks::FindingCode> {
    use ow_scanner::checks::FindingCode::{IdNumberMismatch, IdNumberUnreadable};
    v.pages
        .iter()
        .filter(|p| p.line_id == line)
        .flat_map(|p| p.findings.iter().map(|f| f.code))
        .filter(|c| matches!(c, IdNumberMismatch | IdNumberUnreadable))
        .collect()
}

const ID_COPY: &[u8] = include_bytes!("../../../hardware/scanner/tests/fixtures/id_copy.png");

#[test]
fn a_copy_of_the_id_card_is_read_for_the_applicants_number() {
    use ow_scanner::checks::FindingCode::{IdNumberMismatch, IdNumberUnreadable};
    // Opening a desk configures the process's one libsane: take a turn, as the scans do.
    let _sane = crate::test_support::sane_turn();
    let (_dir, desk) = desk_with("Color pattern");
    let case = crate::test_support::spouse_case_with_applicant(&desk);
    let v = desk.materials(case).unwrap();
    let line_of = |material: &str| {
        lines(&v)
            .into_iter()
            .find(|l| l.material == material)
            .unwrap()
            .id
    };
    let (card, other) = (line_of("id_card"), line_of("hukoubu"));
    let put = |line: &str, file: Vec<u8>| {
        desk.import_into_line(case, line.to_owned(), None, file)
            .unwrap()
    };

    // The applicant's own copy (11010519491231002X): nothing to say.
    assert_eq!(id_codes(&put(&card, ID_COPY.to_vec()), &card), vec![]);
    // A page with no number on it: said, and attaching goes on.
    let v = put(&card, png_page());
    assert_eq!(id_codes(&v, &card), vec![IdNumberUnreadable]);
    // Materials that are not ID cards are not read.
    assert_eq!(id_codes(&put(&other, ID_COPY.to_vec()), &other), vec![]);

    // Someone else's copy is held up until the clerk keeps it with a reason.
    let edit = ow_case::CaseEdit {
        applicant_id_number: Some("110101198001011232".into()),
        ..Default::default()
    };
    desk.update_case(case, edit).unwrap();
    let v = put(&card, ID_COPY.to_vec());
    let held = v
        .pages
        .iter()
        .find(|p| p.line_id == card && p.index == 2)
        .unwrap();
    assert!(held.findings.iter().any(|f| f.code == IdNumberMismatch));
    assert!(!held.passes);
}

#[test]
fn ocr_switched_off_reads_nothing() {
    let _sane = crate::test_support::sane_turn();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.materials.ocr = false;
    let desk = Desk::open(config, dir.path(), None).unwrap();
    let case = crate::test_support::spouse_case_with_applicant(&desk);
    let v = desk.materials(case).unwrap();
    let card = lines(&v)
        .into_iter()
        .find(|l| l.material == "id_card")
        .unwrap();
    let v = desk
        .import_into_line(case, card.id.clone(), None, png_page())
        .unwrap();
    assert_eq!(id_codes(&v, &card.id), vec![]);
}
