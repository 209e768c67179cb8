//! Criterion benchmarks: search per keystroke (real and 1,000-item catalogs), evaluation per
//! answer change, and walking every combination of the largest item.
//! For p50/p99 run `cargo run --release -p ow-catalog --example latency`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use ow_catalog::{AnswerValue, Answers, Catalog, SearchOptions};

mod support;

fn search(c: &mut Criterion) {
    let real = Catalog::builtin().unwrap();
    let big = support::synthetic_catalog(1000);
    let keys = support::keystrokes();
    let opts = SearchOptions::default();
    c.bench_function("search/real catalog, one keystroke", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % keys.len();
            real.search(&keys[i], &opts)
        })
    });
    c.bench_function("search/1000 items, one keystroke", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % keys.len();
            big.search(&keys[i], &opts)
        })
    });
}

fn evaluate(c: &mut Criterion) {
    let catalog = Catalog::builtin().unwrap();
    let item = catalog.item("000173001001").unwrap();
    let mut answers = Answers::new();
    for (q, v) in [
        ("in_custody", AnswerValue::YesNo(false)),
        ("origin", AnswerValue::Choice("other_province".into())),
        ("moved_out", AnswerValue::YesNo(true)),
        ("married_years", AnswerValue::Number(1)),
        ("joint_child", AnswerValue::YesNo(true)),
        ("registered_where", AnswerValue::Choice("mainland".into())),
        ("previous_marriage", AnswerValue::Choice("divorced".into())),
        ("spouse_hukou", AnswerValue::Choice("family".into())),
        ("residence", AnswerValue::Choice("relatives".into())),
        ("children", AnswerValue::Number(2)),
        ("child_over_16", AnswerValue::YesNo(true)),
        ("child_from_prior_marriage", AnswerValue::YesNo(true)),
        ("by_agent", AnswerValue::YesNo(true)),
    ] {
        answers.insert(q.into(), v);
    }
    c.bench_function("evaluate/投靠配偶, full answers", |b| {
        b.iter(|| item.evaluate(&answers))
    });
    c.bench_function("walk/投靠配偶, every combination", |b| {
        b.iter(|| item.walk_situations(|_, _| {}))
    });
}

criterion_group!(benches, search, evaluate);
criterion_main!(benches);
