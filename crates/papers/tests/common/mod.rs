//! Fixtures and poppler helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use ow_papers::*;
use ow_pii::{IdNumber, PersonName};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// One renderer per test binary: the font is parsed once.
pub fn renderer() -> &'static PaperRenderer {
    static R: OnceLock<PaperRenderer> = OnceLock::new();
    R.get_or_init(|| {
        let font = FontSearch::default()
            .load()
            .expect("a CJK font (fonts-noto-cjk)");
        PaperRenderer::new(font, Templates::embedded().unwrap())
    })
}

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn number(kind: PaperKind, training: bool) -> DocumentNumber {
    NumberSeries::new(kind, "4419001", "W03", training)
        .unwrap()
        .next(None, 2025)
        .unwrap()
}

pub fn applicant() -> Party {
    Party {
        name: PersonName::new("王小明"),
        id_type: Some("居民身份证".into()),
        id_number: Some(IdNumber::new("11010519491231002X")),
        phone: Some("13800001234".into()),
    }
}

pub fn material(name: &str) -> MaterialLine {
    MaterialLine {
        name: name.into(),
        originals: 1,
        copies: 1,
        note: None,
    }
}

pub const MATERIALS: [&str; 4] = [
    "居民身份证",
    "居民户口簿",
    "结婚证",
    "《户口迁移申请表》（申请人签名）",
];

/// The rating page of the fixture's visit (好差评 later).
pub fn rating_link() -> RatingLink {
    RatingLink {
        url: "https://zwfw.example.gov.cn/rate?c=7K2M9QXR4TZ8".into(),
        code: "7K2M9QXR4TZ8".into(),
    }
}

pub fn receipt(training: bool) -> ReceiptData {
    ReceiptData {
        document_number: number(PaperKind::Receipt, training),
        case_number: "BJ44190012025000123".into(),
        applicant: applicant(),
        agent: None,
        item_name: "市外迁入—投靠配偶".into(),
        item_version: "v3".into(),
        basis: None,
        applied_at: at("2025-03-03 09:12"),
        accepted_at: at("2025-03-03 09:40"),
        materials: MATERIALS.iter().map(|m| material(m)).collect(),
        promised: PromisedLimit {
            amount: 8,
            unit: LimitUnit::WorkingDays,
        },
        due_date: Some(day("2025-03-13")),
        collection: None,
        clerk_no: "GH0427".into(),
        sync_state: SyncState::PendingUpload,
        rating: Some(rating_link()),
    }
}

pub fn notice(training: bool) -> NoticeData {
    NoticeData {
        document_number: number(PaperKind::Notice, training),
        case_number: None,
        applicant: applicant(),
        contact: None,
        item_name: "居住证签注".into(),
        applied_on: day("2025-03-03"),
        materials: vec![
            NoticeMaterial {
                name: "居住登记凭证".into(),
                problem: MaterialProblem::Missing,
                standard: "登记满半年的居住登记凭证原件".into(),
                quantity: Some("原件1份".into()),
            },
            NoticeMaterial {
                name: "近期免冠照片".into(),
                problem: MaterialProblem::Defective("背景非白色".into()),
                standard: "白色背景、6个月内的二寸彩色照片".into(),
                quantity: None,
            },
        ],
        issued_at: at("2025-03-03 10:05"),
        clerk_no: "GH0427".into(),
        clerk_name: Some("李娜".into()),
        clerk_phone: Some("0769-88880000".into()),
        rating: None,
    }
}

pub fn rejection(training: bool) -> RejectionData {
    RejectionData {
        document_number: number(PaperKind::Rejection, training),
        case_number: Some("BJ44190012025000124".into()),
        applicant: applicant(),
        item_name: "出入境通行证签注".into(),
        applied_on: day("2025-03-03"),
        reason: RejectionReason::OutOfRemit {
            competent_department: "示例市公安局出入境管理支队".into(),
        },
        issued_at: at("2025-03-03 10:30"),
        clerk_no: "GH0427".into(),
    }
}

pub fn voucher(training: bool) -> VoucherData {
    VoucherData {
        document_number: number(PaperKind::Voucher, training),
        case_number: "BJ44190012025000123".into(),
        item_name: "市外迁入—投靠配偶".into(),
        applicant: applicant(),
        from_window: "综合窗口 3 号".into(),
        to_department: "户政业务后台".into(),
        materials: MATERIALS.iter().map(|m| material(m)).collect(),
        handed_over_at: at("2025-03-03 16:00"),
        clerk_no: "GH0427".into(),
    }
}

pub fn pickup_record(training: bool) -> PickupRecordData {
    PickupRecordData {
        document_number: number(PaperKind::PickupRecord, training),
        case_number: "BJ44190012025000123".into(),
        backoffice_number: "HZ-2025-000042".into(),
        item_name: Some("市外迁入—投靠配偶".into()),
        applicant_name: Some("陈思远".into()),
        collector: "他人（凭原因）".into(),
        collector_id: Some(IdNumber::new("110105194912310021")),
        override_reason: Some("申请人住院，家属凭委托书领取".into()),
        outcome: "已办结，出件".into(),
        window: "综合窗口 3 号".into(),
        handed_out_at: at("2025-03-10 15:20"),
        clerk_no: "GH0427".into(),
    }
}

/// Runs a poppler tool and returns its stdout; a missing tool is a clear failure.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} not runnable ({e}); install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Writes the PDF into `dir` and returns its path.
pub fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(format!("{name}.pdf"));
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Text of the PDF (or of one page), in content order, whitespace removed so the rotated
/// watermark and wrapped lines compare as plain strings.
pub fn text(pdf: &Path, page: Option<u32>) -> String {
    let p = pdf.to_str().unwrap();
    let mut args = vec!["-raw", "-enc", "UTF-8"];
    let ps;
    if let Some(n) = page {
        ps = n.to_string();
        args.extend(["-f", &ps, "-l", &ps]);
    }
    args.extend([p, "-"]);
    poppler("pdftotext", &args)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Where a person can look at the rendered pages: `$OW_TEST_OUTPUT/papers` or the
/// workspace's git-ignored `test-output/papers`.
pub fn output_dir() -> PathBuf {
    let base = std::env::var_os("OW_TEST_OUTPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // Run-time first: a reused test binary keeps another checkout's compile-time path.
            std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
                .join("../../test-output")
        });
    let dir = base.join("papers");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Renders page 1 at 50 dpi, checks the PNG is a real picture and copies it to the output dir.
pub fn render_png(pdf: &Path, name: &str) -> Vec<u8> {
    let dir = pdf.parent().unwrap();
    let prefix = dir.join(name);
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = prefix.with_extension("png");
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    // A blank 50 dpi A4 page compresses to well under 2 KB; text, tables and codes do not.
    assert!(
        bytes.len() > 8_000,
        "{name}.png looks empty ({} bytes)",
        bytes.len()
    );
    std::fs::copy(&png, output_dir().join(format!("{name}.png"))).unwrap();
    std::fs::copy(pdf, output_dir().join(format!("{name}.pdf"))).unwrap();
    bytes
}

/// `(width, height)` of page 1 in points, from pdfinfo.
pub fn page_size(pdf: &Path) -> (f32, f32) {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("pdfinfo page size");
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}
