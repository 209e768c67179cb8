//! Prints p50/p99 latencies: search per keystroke over the real and a 1,000-item catalog, and
//! evaluation per answer change over every situation of the largest item.
//! Run: `cargo run --release -p ow-catalog --example latency`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use ow_catalog::{Catalog, SearchOptions};

#[path = "../benches/support/mod.rs"]
mod support;

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p) as usize];
    (at(0.50), at(0.99), *samples.last().unwrap())
}

fn search_latency(name: &str, catalog: &Catalog, rounds: usize) {
    let keys = support::keystrokes();
    let opts = SearchOptions::default();
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for key in &keys {
            let t = Instant::now();
            std::hint::black_box(catalog.search(key, &opts));
            samples.push(t.elapsed());
        }
    }
    let (p50, p99, max) = percentiles(samples);
    println!(
        "search {name:<28} items={:<5} p50={p50:?} p99={p99:?} max={max:?}",
        catalog.items().len()
    );
}

fn main() {
    let real = Catalog::builtin().unwrap();
    search_latency("real catalog", &real, 200);
    search_latency("synthetic catalog", &support::synthetic_catalog(1000), 50);

    // Every answer change along every path of the largest item, re-evaluated as the UI would.
    let largest = real
        .items()
        .iter()
        .max_by_key(|i| i.walk_situations(|_, _| {}).combinations)
        .unwrap();
    let mut samples = Vec::new();
    let started = Instant::now();
    let report = largest.walk_situations(|answers, _| {
        let mut partial = ow_catalog::Answers::new();
        for (k, v) in answers {
            partial.insert(k.clone(), v.clone());
            let t = Instant::now();
            std::hint::black_box(largest.evaluate(&partial));
            samples.push(t.elapsed());
        }
    });
    let (p50, p99, max) = percentiles(samples);
    println!(
        "evaluate {} ({} combinations): p50={p50:?} p99={p99:?} max={max:?}",
        largest.summary().name,
        report.combinations
    );
    let t = Instant::now();
    let report = largest.walk_situations(|_, _| {});
    println!(
        "walk every combination of the largest item: {:?} ({report:?}); total with replay {:?}",
        t.elapsed(),
        started.elapsed()
    );
}
