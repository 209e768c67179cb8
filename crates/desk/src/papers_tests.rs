//! The papers a decision gives, read back from their PDFs: the hand-over voucher for paper
//! originals, the promised limit in its own unit, the 80 mm roll layout.

use crate::test_support::{accepted_spouse_case, pdf_text, write_pdf};
use crate::{DecisionRequest, Desk};
use ow_case::{CaseEdit, CaseId, LineMark};
use ow_catalog::AnswerValue::YesNo;
use ow_config::Config;
use ow_papers::PaperKind;

/// 居民身份证补领: limit in natural days (自然日), no required paper.
const REPLACE_ID: &str = "000173004002";

fn desk_with(dir: &std::path::Path, config: Config) -> Desk {
    crate::test_support::as_clerk(Desk::open(config, dir, None).unwrap())
}

#[tokio::test]
async fn originals_for_the_back_office_get_a_voucher_beside_the_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_with(dir.path(), Config::default());
    let id = accepted_spouse_case(&desk);
    let d = desk.case(id).unwrap().decision.unwrap();
    let originals: Vec<_> = d
        .lines
        .iter()
        .filter(|l| l.mark == LineMark::Received && l.originals > 0)
        .collect();
    assert!(
        !originals.is_empty(),
        "the spouse case hands over originals"
    );
    let copies_only: Vec<_> = d
        .lines
        .iter()
        .filter(|l| l.mark == LineMark::Received && l.originals == 0)
        .collect();

    let receipt = desk.issue_paper(id).unwrap();
    assert_eq!(
        receipt.entry.kind,
        PaperKind::Receipt,
        "the decision's paper first"
    );
    let history = desk.case_papers(id).unwrap();
    let kinds: Vec<_> = history.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PaperKind::Receipt, PaperKind::Voucher]);
    assert_eq!(
        desk.issue_paper(id).unwrap().entry.id,
        receipt.entry.id,
        "issued once"
    );
    assert_eq!(desk.case_papers(id).unwrap().len(), 2, "the voucher too");

    let voucher = &history[1];
    assert!(
        voucher.document_number.starts_with("PX-LZ-TRAIN0001-W08-"),
        "its own training series: {}",
        voucher.document_number
    );
    let text = pdf_text(&desk.paper(voucher.id).unwrap().pdf_base64, dir.path());
    assert!(text.contains("物料流转凭证"), "{text}");
    assert!(text.contains(&d.case_number), "{text}");
    assert!(text.contains(&d.department), "{text}");
    for line in &originals {
        assert!(
            text.contains(&line.name),
            "original {} missing: {text}",
            line.name
        );
    }
    for line in &copies_only {
        assert!(
            !text.contains(&line.name),
            "{} has no original: {text}",
            line.name
        );
    }

    // Printable and reprintable like the other papers.
    let printed = desk.print_paper(voucher.id).await.unwrap();
    assert_eq!(printed.print_result.as_deref(), Some("preview"));
    let again = desk.reprint_paper(voucher.id).unwrap();
    assert_eq!(again.entry.kind, PaperKind::Voucher);
    assert!(again.entry.reprint);
    assert_eq!(again.entry.document_number, voucher.document_number);
    let text = pdf_text(&again.pdf_base64, dir.path());
    assert!(
        text.contains("补打") && text.contains("物料流转凭证"),
        "{text}"
    );
}

/// A 补领 case (not local, no temporary card): accepted with nothing on paper.
fn replace_id_case(desk: &Desk) -> CaseId {
    let c = desk.create_case(None).unwrap();
    desk.choose_item(c.id, REPLACE_ID).unwrap();
    desk.answer(c.id, "need_temp".into(), Some(YesNo(false)))
        .unwrap();
    desk.answer(c.id, "non_local".into(), Some(YesNo(false)))
        .unwrap();
    desk.update_case(
        c.id,
        CaseEdit {
            applicant_name: Some("陈思远".into()),
            applicant_id_number: Some("11010519491231002X".into()),
            ..Default::default()
        },
    )
    .unwrap();
    c.id
}

#[test]
fn no_originals_no_voucher_and_a_natural_day_limit_prints_as_natural_days() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_with(dir.path(), Config::default());
    let id = replace_id_case(&desk);
    let d = desk
        .decide(id, DecisionRequest::Accept)
        .unwrap()
        .draft
        .decision
        .unwrap();
    assert_eq!(d.voucher_number, None);
    assert_eq!(d.promised_days, Some(20));
    assert_eq!(d.promised_unit, Some(ow_catalog::TimeUnit::CalendarDays));
    let accepted = crate::paper_render::local(d.decided_at).date();
    let due = accepted + chrono::Days::new(20);
    assert_eq!(d.promised_by, Some(due));

    let receipt = desk.issue_paper(id).unwrap();
    let kinds: Vec<_> = desk
        .case_papers(id)
        .unwrap()
        .iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(kinds, [PaperKind::Receipt], "nothing to hand over");
    let text = pdf_text(&receipt.pdf_base64, dir.path());
    assert!(text.contains("20 日（自然日"), "{text}");
    assert!(
        text.contains(&due.format("%Y年%m月%d日").to_string()),
        "due {due}: {text}"
    );
    assert!(!text.contains("工作日"), "not working days: {text}");
}

#[test]
fn the_80mm_roll_receipt_is_one_narrow_page_with_the_case_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.papers.format = "roll80".into();
    let desk = desk_with(dir.path(), config);
    let id = accepted_spouse_case(&desk);
    let d = desk.case(id).unwrap().decision.unwrap();
    let receipt = desk.issue_paper(id).unwrap();
    let pdf = write_pdf(&receipt.pdf_base64, dir.path());
    let out = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(info.contains("Pages:           1"), "{info}");
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap();
    let width: f32 = size.split_whitespace().next().unwrap().parse().unwrap();
    // 80 mm = 226.77 pt; A4 would be 595.
    assert!((width - 226.77).abs() < 0.5, "not 80 mm wide: {size}");
    let text = pdf_text(&receipt.pdf_base64, dir.path());
    assert!(text.contains("受理回执"), "{text}");
    assert!(text.contains(&d.case_number), "{text}");
    let days = format!("{} 个工作日", d.promised_days.unwrap());
    assert!(text.contains(&days), "{text}");
}
