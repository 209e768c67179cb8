//! Every paper is generated, then read back with poppler: the Chinese must be real text in an
//! embedded subset font, and the pages must render.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use ow_error::ErrorCode;
use ow_papers::*;

fn settings() -> PrintSettings {
    PrintSettings::default()
}

fn sandbox() -> PrintSettings {
    PrintSettings {
        sandbox: true,
        ..Default::default()
    }
}

fn assert_subset_font(pdf: &std::path::Path) {
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let line = fonts
        .lines()
        .find(|l| l.contains("CJK") || l.contains("Noto"))
        .unwrap_or_else(|| panic!("no CJK font in:\n{fonts}"));
    // Subset fonts are named ABCDEF+Name; columns emb and sub are both "yes".
    let name = line.split_whitespace().next().unwrap();
    assert!(
        name.len() > 7 && name.as_bytes()[6] == b'+',
        "not a subset: {line}"
    );
    assert!(line.contains("yes yes"), "not embedded as subset: {line}");
}

#[test]
fn receipt_has_real_chinese_text_subset_font_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let d = receipt(false);
    let paper = renderer().receipt(&d, &settings()).unwrap();
    assert_eq!(paper.pages, 1);
    assert_eq!(paper.kind, PaperKind::Receipt);
    assert!(
        paper.bytes.len() < 100 * 1024,
        "receipt is {} bytes",
        paper.bytes.len()
    );
    let pdf = write_pdf(dir.path(), "receipt", &paper.bytes);
    let t = text(&pdf, None);
    for needle in [
        "受理回执",
        "BJ44190012025000123",
        "王小明",
        "市外迁入—投靠配偶",
        "事项版本：v3",
        "2025年03月03日09:40",
        "8个工作日（特殊程序时间不计算在内）",
        "2025年03月13日",
        "已受理，待上传",
        "GH0427",
        "示例市政务服务中心",
        "SL-4419001-W03-2025000001",
        "case=BJ44190012025000123",
        "领取",
        "服务评价",
        "评价码：7K2M9QXR4TZ8",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    for m in MATERIALS {
        assert!(t.contains(&m.replace(' ', "")), "missing material {m}");
    }
    // The full ID number never reaches the paper, only its masked form.
    assert!(!t.contains("11010519491231002X"));
    assert!(t.contains("110105********002X"));
    assert!(
        !t.contains("培训"),
        "production paper carries the training mark"
    );
    assert_subset_font(&pdf);
    render_png(&pdf, "receipt-a4");
}

#[test]
fn notice_lists_every_material_with_its_standard_and_the_law() {
    let dir = tempfile::tempdir().unwrap();
    let d = notice(false);
    let paper = renderer().notice(&d, &settings()).unwrap();
    let pdf = write_pdf(dir.path(), "notice", &paper.bytes);
    let t = text(&pdf, None);
    for m in &d.materials {
        assert!(t.contains(&m.name), "missing {}", m.name);
        assert!(t.contains(&m.standard), "missing standard {}", m.standard);
    }
    for needle in [
        "一次性告知书",
        "王小明",
        "居住证签注",
        "2025年03月03日",
        "《中华人民共和国行政许可法》第三十二条",
        "五日内",
        "需补正：背景非白色",
        "0769-88880000",
        "GH0427",
        "签收",
        "盖章",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    // Without a rating page (the hall has none), no rating QR code; the notice's own code,
    // which a window scans when the citizen comes back, with its number beside it.
    assert!(!t.contains("服务评价"));
    let number = d.document_number.to_string();
    assert!(
        t.contains(&format!("告知书编号：{number}")) && t.contains("任一综合窗口出示本码"),
        "{t}"
    );
    assert_subset_font(&pdf);
    render_png(&pdf, "notice-a4");

    let with_rating = NoticeData {
        rating: Some(rating_link()),
        ..d
    };
    let paper = renderer().notice(&with_rating, &settings()).unwrap();
    let t = text(&write_pdf(dir.path(), "notice-rated", &paper.bytes), None);
    assert!(
        t.contains("服务评价") && t.contains("评价码：7K2M9QXR4TZ8"),
        "{t}"
    );
    assert!(
        t.contains(&format!("告知书编号：{number}")),
        "both codes: {t}"
    );
}

#[test]
fn notice_without_materials_or_standards_is_refused() {
    let mut d = notice(false);
    d.materials[1].standard = " ".into();
    let err = renderer().notice(&d, &settings()).unwrap_err();
    assert_eq!(err.code(), "papers.invalid_data");
    d.materials.clear();
    let err = renderer().notice(&d, &settings()).unwrap_err();
    assert_eq!(err.code(), "papers.invalid_data");
}

#[test]
fn rejection_names_the_competent_department_and_remedies() {
    let dir = tempfile::tempdir().unwrap();
    let d = rejection(false);
    let paper = renderer().rejection(&d, &settings()).unwrap();
    let pdf = write_pdf(dir.path(), "rejection", &paper.bytes);
    let t = text(&pdf, None);
    for needle in [
        "不予受理通知书",
        "王小明",
        "出入境通行证签注",
        "请向示例市公安局出入境管理支队申请",
        "六十日内向示例市人民政府申请行政复议",
        "六个月内向示例市人民法院提起行政诉讼",
        "申请人不具备申请资格",
        "BJ44190012025000124",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    render_png(&pdf, "rejection-a4");

    // Each other reason fills its own line.
    let mut d = rejection(false);
    d.reason = RejectionReason::Other {
        text: "申请事项已撤销".into(),
    };
    let paper = renderer().rejection(&d, &settings()).unwrap();
    let pdf = write_pdf(dir.path(), "rejection-other", &paper.bytes);
    assert!(text(&pdf, None).contains("其他：申请事项已撤销"));
    d.reason = RejectionReason::OutOfRemit {
        competent_department: String::new(),
    };
    assert_eq!(
        renderer().rejection(&d, &settings()).unwrap_err().code(),
        "papers.invalid_data"
    );
}

#[test]
fn voucher_carries_case_number_barcode_and_materials() {
    let dir = tempfile::tempdir().unwrap();
    let d = voucher(false);
    let paper = renderer().voucher(&d, &settings()).unwrap();
    let pdf = write_pdf(dir.path(), "voucher", &paper.bytes);
    let t = text(&pdf, None);
    for needle in [
        "物料流转凭证",
        "BJ44190012025000123",
        "户政业务后台",
        "原件4份",
        "接收人",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    for m in MATERIALS {
        assert!(t.contains(&m.replace(' ', "")), "missing material {m}");
    }
    render_png(&pdf, "voucher-a4");
}

#[test]
fn pickup_record_names_the_case_the_collector_masked_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let paper = renderer()
        .pickup_record(&pickup_record(false), &settings())
        .unwrap();
    let pdf = write_pdf(dir.path(), "pickup", &paper.bytes);
    let t = text(&pdf, None);
    for needle in [
        "领取凭证",
        "BJ44190012025000123",
        "HZ-2025-000042",
        "申请人住院，家属凭委托书领取",
        "领取人（签字）",
        "2025年03月10日15:20",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    assert!(
        !t.contains("110105194912310021"),
        "the number is masked:\n{t}"
    );
    render_png(&pdf, "pickup-record-a4");
}

#[test]
fn sandbox_papers_carry_the_watermark_on_every_page_and_need_training_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let r = renderer();
    let mut long = receipt(true);
    long.materials = (1..=40)
        .map(|i| material(&format!("测试材料第{i}项")))
        .collect();
    let papers = [
        ("receipt", r.receipt(&long, &sandbox()).unwrap()),
        ("notice", r.notice(&notice(true), &sandbox()).unwrap()),
        (
            "rejection",
            r.rejection(&rejection(true), &sandbox()).unwrap(),
        ),
        ("voucher", r.voucher(&voucher(true), &sandbox()).unwrap()),
    ];
    for (name, paper) in &papers {
        assert!(paper.document_number.starts_with(TRAINING_MARK));
        let pdf = write_pdf(dir.path(), name, &paper.bytes);
        for page in 1..=paper.pages {
            let t = text(&pdf, Some(page));
            assert!(
                t.contains("培训·TRAINING"),
                "{name} page {page} lacks the watermark"
            );
        }
    }
    assert!(papers[0].1.pages >= 2);
    let pdf = dir.path().join("receipt.pdf");
    render_png(&pdf, "receipt-sandbox");

    // A production number in the sandbox, or a training number in production, is refused.
    let err = r.receipt(&receipt(false), &sandbox()).unwrap_err();
    assert_eq!(err.code(), "papers.series_mismatch");
    let err = r.receipt(&receipt(true), &settings()).unwrap_err();
    assert_eq!(err.code(), "papers.series_mismatch");
}

#[test]
fn long_materials_list_breaks_to_two_pages_with_header_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = receipt(false);
    d.materials = (1..=30)
        .map(|i| material(&format!("补充材料第{i:02}号：经公证的亲属关系证明")))
        .collect();
    let paper = renderer().receipt(&d, &settings()).unwrap();
    assert_eq!(paper.pages, 2, "30 materials should take two A4 pages");
    let pdf = write_pdf(dir.path(), "long", &paper.bytes);
    let p1 = text(&pdf, Some(1));
    let p2 = text(&pdf, Some(2));
    for p in [&p1, &p2] {
        assert!(
            p.contains("序号材料名称原件复印件备注"),
            "header row missing:\n{p}"
        );
    }
    assert!(
        p2.contains("受理回执（续）"),
        "running head missing on page 2"
    );
    assert!(p2.contains("第2页/共2页"));
    let all = format!("{p1}{p2}");
    for i in 1..=30 {
        assert!(
            all.contains(&format!("补充材料第{i:02}号")),
            "material {i} lost"
        );
    }
    render_png(&pdf, "receipt-long");
}

#[test]
fn roll_80mm_layout_is_one_long_narrow_page() {
    let dir = tempfile::tempdir().unwrap();
    let roll = PrintSettings {
        format: PageFormat::Roll80,
        ..Default::default()
    };
    let mut d = receipt(false);
    d.materials = (1..=40)
        .map(|i| material(&format!("材料{i}：户口簿首页及本人页")))
        .collect();
    let paper = renderer().receipt(&d, &roll).unwrap();
    assert_eq!(paper.pages, 1);
    let pdf = write_pdf(dir.path(), "roll", &paper.bytes);
    let (w, h) = page_size(&pdf);
    assert!((w - 226.77).abs() < 0.5, "width {w} pt is not 80 mm");
    assert!(
        h > 297.0 * 72.0 / 25.4,
        "a long roll page grows past A4 height, got {h}"
    );
    let t = text(&pdf, None);
    for i in 1..=40 {
        assert!(t.contains(&format!("材料{i}：")), "material {i} lost");
    }
    assert!(t.contains("BJ44190012025000123"));
    render_png(&pdf, "receipt-roll80");

    let short = renderer().notice(&notice(false), &roll).unwrap();
    let pdf = write_pdf(dir.path(), "roll-notice", &short.bytes);
    assert!(text(&pdf, None).contains("登记满半年的居住登记凭证原件"));
}

#[test]
fn the_receipt_prints_the_limit_in_its_own_unit_not_always_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (LimitUnit::CalendarDays, 20, "2025-03-23", "20日（自然日"),
        (LimitUnit::Months, 3, "2025-06-03", "3个月（特殊程序"),
        (LimitUnit::OnTheSpot, 0, "2025-03-03", "本事项当场办结"),
    ];
    for (unit, amount, due, wording) in cases {
        let mut d = receipt(false);
        d.promised = PromisedLimit { amount, unit };
        d.due_date = Some(day(due));
        let paper = renderer().receipt(&d, &settings()).unwrap();
        let pdf = write_pdf(dir.path(), &format!("{unit:?}"), &paper.bytes);
        let t = text(&pdf, None);
        assert!(t.contains(wording), "{unit:?}: no {wording} in\n{t}");
        assert!(
            t.contains(&date_zh(due)),
            "{unit:?}: due date missing in\n{t}"
        );
        assert!(
            !t.contains("工作日"),
            "{unit:?} printed as working days:\n{t}"
        );
    }
}

/// `2025-03-23` as the papers print it, without spaces (as [`text`] returns it).
fn date_zh(iso: &str) -> String {
    day(iso).format("%Y年%m月%d日").to_string()
}

#[test]
fn reprints_are_marked_with_the_reprint_time() {
    let dir = tempfile::tempdir().unwrap();
    let s = PrintSettings {
        reprint_at: Some(at("2025-03-05 14:22")),
        ..Default::default()
    };
    let paper = renderer().receipt(&receipt(false), &s).unwrap();
    let pdf = write_pdf(dir.path(), "reprint", &paper.bytes);
    let t = text(&pdf, None);
    assert!(
        t.contains("补打/REPRINT2025-03-0514:22"),
        "no reprint mark:\n{t}"
    );
    render_png(&pdf, "receipt-reprint");
    let first = renderer().receipt(&receipt(false), &settings()).unwrap();
    let pdf = write_pdf(dir.path(), "first", &first.bytes);
    assert!(!text(&pdf, None).contains("REPRINT"));
}

#[test]
fn missing_font_is_a_typed_error_naming_the_package() {
    let err = FontSearch::new(vec![FontCandidate::new("/nonexistent/NotoSansCJK.ttc", 2)])
        .load()
        .unwrap_err();
    assert_eq!(err.code(), "papers.font_missing");
    assert!(err.to_string().contains("fonts-noto-cjk"));
    assert!(err.to_string().contains("/nonexistent/NotoSansCJK.ttc"));

    // A file that is there but is not a font is reported, not skipped.
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.ttc");
    std::fs::write(&bogus, b"not a font").unwrap();
    let err = FontSearch::new(vec![FontCandidate::new(&bogus, 0)])
        .load()
        .unwrap_err();
    assert_eq!(err.code(), "papers.font_invalid");
}

#[test]
fn a_character_outside_the_font_is_refused_not_boxed() {
    let mut d = receipt(false);
    d.item_name = "事项\u{10FFFD}".into();
    let err = renderer().receipt(&d, &settings()).unwrap_err();
    assert_eq!(err.code(), "papers.glyph_missing");
}

#[test]
fn template_folder_changes_wording_and_adds_logo_and_seal() {
    let dir = tempfile::tempdir().unwrap();
    // Any real PNG will do as logo and seal: render one with poppler from a paper.
    let seed = renderer()
        .rejection(&rejection(false), &settings())
        .unwrap();
    let seed_pdf = write_pdf(dir.path(), "seed", &seed.bytes);
    let prefix = dir.path().join("seal");
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "10",
            "-singlefile",
            seed_pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    std::fs::copy(dir.path().join("seal.png"), dir.path().join("logo.png")).unwrap();
    std::fs::write(
        dir.path().join(OVERRIDE_FILE),
        "[hall]\nname = \"大朗镇政务服务中心\"\nlogo = \"logo.png\"\nseal = \"seal.png\"\n\
         [query]\nurl = \"https://dl.example.gov.cn/jd\"\n",
    )
    .unwrap();
    let templates = Templates::load(dir.path()).unwrap();
    let font = FontSearch::default().load().unwrap();
    let r = PaperRenderer::new(font, templates);
    let paper = r.receipt(&receipt(false), &settings()).unwrap();
    let pdf = write_pdf(dir.path(), "custom", &paper.bytes);
    let t = text(&pdf, None);
    assert!(t.contains("大朗镇政务服务中心"));
    assert!(t.contains("https://dl.example.gov.cn/jd?case=BJ44190012025000123"));
    let images = poppler("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(
        images.lines().count() >= 4,
        "logo and seal not embedded:\n{images}"
    );
    render_png(&pdf, "receipt-custom-template");
}
