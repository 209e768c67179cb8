//! The materials step's costs per 300-dpi A4 page: storing a page (one transaction into the
//! file-backed store, WAL + synchronous=FULL, as the app runs it), and the whole path the F4
//! key takes — scan from the SANE test device, checks, encode, thumbnail, store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use ow_case::CaseDraft;
use ow_catalog::AnswerValue::*;
use ow_config::Config;
use ow_desk::Desk;
use ow_store::{BlobRef, NewPage, Store};

fn store_page(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db"), None).unwrap();
    let draft = CaseDraft::new(Utc::now());
    // A colour A4 page at 300 dpi is ≈1.5 MB as JPEG q85; the thumbnail ≈15 KB.
    let page: Vec<u8> = (0..1_500_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let thumb = vec![7u8; 15_000];
    let mut n = 0u64;
    let mut g = c.benchmark_group("store_a4_300dpi");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("add_page_one_transaction", |b| {
        b.iter(|| {
            n += 1;
            let sha = format!("{n:064x}");
            let tsha = format!("t{n:063x}");
            store
                .add_pages(
                    &draft,
                    "L1",
                    &[NewPage {
                        page_id: format!("p{n}"),
                        content: BlobRef {
                            sha256: &sha,
                            media_type: "image/jpeg",
                            bytes: &page,
                        },
                        thumb: Some(BlobRef {
                            sha256: &tsha,
                            media_type: "image/jpeg",
                            bytes: &thumb,
                        }),
                        width_px: 2480,
                        height_px: 3508,
                        dpi: Some(300.0),
                        origin: "flatbed",
                        findings_json: "[]".into(),
                        page_count: 1,
                    }],
                )
                .unwrap()
        })
    });
    g.finish();
}

fn scan_into_line(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let case = desk.create_case(None).unwrap().id;
    desk.choose_item(case, "000173001001").unwrap();
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
        desk.answer(case, q.into(), Some(v)).unwrap();
    }
    let line = desk
        .materials(case)
        .unwrap()
        .case
        .evaluation
        .unwrap()
        .checklist[0]
        .id
        .clone();
    let mut g = c.benchmark_group("desk_a4_300dpi_colour");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("scan_check_encode_thumbnail_store", |b| {
        b.iter(|| desk.scan_into_line(case, line.clone()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, store_page, scan_into_line);
criterion_main!(benches);
