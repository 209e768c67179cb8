//! From "card on the reader" to a parsed document, through the virtual reader on a real pty
//! (find → select → read → parse), and the parsing alone.
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

#[cfg(not(unix))]
fn through_pty(_: &mut Criterion) {}

criterion_group!(benches, parse_only, through_pty);
criterion_main!(benches);
