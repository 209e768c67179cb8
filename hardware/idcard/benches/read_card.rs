//! From "card on the reader" to a parsed document, through the virtual reader on a real pty
//! (find → select → read → parse), the parsing alone, and the app's own path: the monitor
//! thread noticing the card by polling, reading it and checking it.
//!
//! The pty has no line speed: a real reader adds ~115 ms to move the 1.3 KB answer at 115200
//! baud, plus the card's own time, so the pty figure is the software's share only.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ow_idcard::gallery;
use ow_idcard::sam::frame::{FrameDecoder, Response};
use ow_idcard::sam::text::{encode_answer, parse_answer};
use ow_idcard::sam::SamStatus;

fn parse_only(c: &mut Criterion) {
    let Ok(doc) = gallery::card("valid_adult") else {
        return;
    };
    let Ok(data) = encode_answer(&doc, false) else {
        return;
    };
    c.bench_function("parse 30 01 answer (text + photo)", |b| {
        b.iter(|| parse_answer(black_box(&data), false))
    });
    let Ok(frame) = Response::new(SamStatus::Ok, data).encode() else {
        return;
    };
    c.bench_function("decode 1295-byte frame + parse", |b| {
        b.iter(|| {
            let mut d = FrameDecoder::new();
            d.push(black_box(&frame));
            match d.next_frame() {
                Some(Ok(raw)) => Response::from_raw(raw)
                    .and_then(|r| parse_answer(&r.data, false))
                    .is_ok(),
                _ => false,
            }
        })
    });
}

#[cfg(unix)]
fn through_pty(c: &mut Criterion) {
    use ow_idcard::sam::sim::VirtualSamReader;
    use ow_idcard::sam::{ReaderConfig, SamReader};

    let Ok(dir) = tempfile::tempdir() else { return };
    let Ok(sim) = VirtualSamReader::start(dir.path().join("ttySAM0")) else {
        return;
    };
    let Ok(card) = gallery::card("valid_adult") else {
        return;
    };
    let Some(path) = sim.path().to_str().map(str::to_owned) else {
        return;
    };
    let Ok(mut reader) = SamReader::open(&path, ReaderConfig::default()) else {
        return;
    };
    c.bench_function(
        "card present -> document over pty (find, select, read, parse)",
        |b| {
            b.iter(|| {
                sim.insert(card.clone());
                reader.read_card().is_ok()
            })
        },
    );
}

/// What the app does: the monitor thread polls the reader (default 250 ms), finds the card,
/// reads it and the document is checked (`assess`). Measured from the card being placed to the
/// checked document in hand, so it includes the wait for the next poll. The card is placed right
/// after the monitor saw the previous one leave (and went to sleep), so this is the worst phase:
/// a full poll interval; a card placed at a random moment waits half of it on average.
#[cfg(unix)]
fn card_placed_to_checked_document(c: &mut Criterion) {
    use ow_idcard::sam::sim::VirtualSamReader;
    use ow_idcard::sam::{CardEvent, CardMonitor, MonitorConfig};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let Ok(dir) = tempfile::tempdir() else { return };
    let Ok(sim) = VirtualSamReader::start(dir.path().join("ttySAM0")) else {
        return;
    };
    let Ok(card) = gallery::card("valid_adult") else {
        return;
    };
    let Some(path) = sim.path().to_str().map(str::to_owned) else {
        return;
    };
    let (tx, rx) = mpsc::channel();
    let Ok(_monitor) = CardMonitor::start(&path, MonitorConfig::default(), move |ev| {
        let _ = tx.send(ev);
    }) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
    let wait = |want: fn(&CardEvent) -> bool| loop {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(ev) if want(&ev) => return Some(ev),
            Ok(_) => continue,
            Err(_) => return None,
        }
    };
    if wait(|e| matches!(e, CardEvent::ReaderConnected)).is_none() {
        return;
    }
    let mut g = c.benchmark_group("app_path");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function(
        "card placed -> checked document (monitor, 250 ms poll)",
        |b| {
            b.iter_custom(|n| {
                let mut total = Duration::ZERO;
                for _ in 0..n {
                    let t0 = Instant::now();
                    sim.insert(card.clone());
                    if let Some(CardEvent::CardRead(r)) =
                        wait(|e| matches!(e, CardEvent::CardRead(_)))
                    {
                        if let Ok(doc) = *r {
                            black_box(ow_idcard::assess(&doc, today));
                        }
                    }
                    total += t0.elapsed();
                    sim.remove();
                    let _ = wait(|e| matches!(e, CardEvent::CardRemoved));
                }
                total
            })
        },
    );
    g.finish();
}

#[cfg(not(unix))]
fn through_pty(_: &mut Criterion) {}

#[cfg(not(unix))]
fn card_placed_to_checked_document(_: &mut Criterion) {}

criterion_group!(
    benches,
    parse_only,
    through_pty,
    card_placed_to_checked_document
);
criterion_main!(benches);
