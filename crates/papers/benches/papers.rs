//! Time to generate each paper (font already parsed, subsetting included) and the size of a
//! one-page receipt. Targets: < 50 ms per paper, < 100 KB per receipt.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use ow_papers::{PageFormat, PrintSettings};

fn papers(c: &mut Criterion) {
    let r = renderer();
    let a4 = PrintSettings::default();
    let roll = PrintSettings {
        format: PageFormat::Roll80,
        ..Default::default()
    };
    // Sizes are printed once, before timing, so the bench run reports both figures.
    for (name, s) in [("A4", &a4), ("80mm", &roll)] {
        let p = r.receipt(&receipt(false), s).unwrap();
        println!(
            "receipt {name}: {} page(s), {:.1} KB",
            p.pages,
            p.bytes.len() as f64 / 1024.0
        );
    }
    let (rc, nt, rj, vc) = (
        receipt(false),
        notice(false),
        rejection(false),
        voucher(false),
    );
    c.bench_function("receipt_a4", |b| b.iter(|| r.receipt(&rc, &a4).unwrap()));
    c.bench_function("receipt_80mm", |b| {
        b.iter(|| r.receipt(&rc, &roll).unwrap())
    });
    c.bench_function("notice_a4", |b| b.iter(|| r.notice(&nt, &a4).unwrap()));
    c.bench_function("rejection_a4", |b| {
        b.iter(|| r.rejection(&rj, &a4).unwrap())
    });
    c.bench_function("voucher_a4", |b| b.iter(|| r.voucher(&vc, &a4).unwrap()));
}

criterion_group!(benches, papers);
criterion_main!(benches);
