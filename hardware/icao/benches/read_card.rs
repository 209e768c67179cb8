//! Card present → document read (connect, SELECT, BAC, EF.COM, DG1, DG2) through pcscd and
//! vsmartcard-vpcd with the virtual ePassport; the same card read by the `emrtd` crate
//! (connect, SELECT, BAC, DG1, DG2) in the same run, and the ratio of the two.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use ow_icao::reader::{read_card, Readers, Timeouts};
use ow_icao::sim::{pcscd, vpcd, Specimen, TestPki, VirtualCard};
use ow_icao::ReadOptions;
use std::time::{Duration, Instant};

const OPTS: ReadOptions = ReadOptions {
    dg2: true,
    dg11: false,
    sod: false,
};

fn ours(reader: &str) {
    let key = Specimen::ValidPassport.bac_key().unwrap();
    let raw = read_card(reader, &key, OPTS, Timeouts::default()).unwrap();
    assert!(raw.dg2.is_some());
}

fn theirs(reader: &str) {
    let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();
    let name = std::ffi::CString::new(reader).unwrap();
    let card = ctx
        .connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
        .unwrap();
    let mut comms = emrtd::EmrtdComms::new(card);
    comms.select_emrtd_application().unwrap();
    let secret = emrtd::other_mrz("EH0000001", "900101", "341231").unwrap();
    comms.establish_bac_session_keys(secret.as_bytes()).unwrap();
    comms.select_ef(b"\x01\x01", "EF.DG1", true).unwrap();
    comms.read_data_from_ef(true).unwrap();
    comms.select_ef(b"\x01\x02", "EF.DG2", true).unwrap();
    assert!(!comms.read_data_from_ef(true).unwrap().is_empty());
}

fn mean(f: impl Fn(), n: u32) -> Duration {
    let t0 = Instant::now();
    for _ in 0..n {
        f();
    }
    t0.elapsed() / n
}

fn bench(c: &mut Criterion) {
    let _pcscd = pcscd::shared().expect("pcscd with vsmartcard-vpcd is required for this bench");
    let pki = TestPki::new().unwrap();
    let card =
        VirtualCard::insert(Specimen::ValidPassport.chip(&pki).unwrap(), vpcd::PORT_0).unwrap();
    let reader = Readers::new()
        .unwrap()
        .wait_for_card(
            Some(&vpcd::reader_name(vpcd::PORT_0)),
            Duration::from_secs(5),
        )
        .unwrap();
    let mut g = c.benchmark_group("card_present_to_document");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("ow-icao (BAC+COM+DG1+DG2)", |b| b.iter(|| ours(&reader)));
    g.bench_function("emrtd (BAC+DG1+DG2)", |b| b.iter(|| theirs(&reader)));
    g.finish();
    let (a, b) = (mean(|| ours(&reader), 10), mean(|| theirs(&reader), 10));
    println!(
        "same run, 10 reads each: ow-icao {a:?}, emrtd {b:?}, ow-icao/emrtd = {:.2}",
        a.as_secs_f64() / b.as_secs_f64()
    );
    card.remove();
}

criterion_group!(benches, bench);
criterion_main!(benches);
