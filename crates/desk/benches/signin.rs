//! Sign-in at the desk, side by side: online (the back office on loopback verifies the PIN,
//! the desk then refreshes its own verifier) and offline (the desk's verifier alone). Both are
//! dominated by Argon2id, on purpose: that is what makes a copied store or a guessing client
//! slow. Each round signs in and out once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use ow_backoffice::seed;
use ow_config::Config;
use ow_desk::Desk;
use ow_sync::BackofficeClient;
use std::time::Duration;

fn sign_in(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = rt.block_on(async {
        let addr = ow_backoffice::spawn(
            "127.0.0.1:0".parse().unwrap(),
            ow_backoffice::ServerInfo::sandbox(),
        )
        .await
        .unwrap();
        BackofficeClient::new(&format!("http://{addr}"), ow_api::Mode::Sandbox).unwrap()
    });
    let mut g = c.benchmark_group("sign_in");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("online_backoffice_on_loopback", |b| {
        b.iter(|| {
            rt.block_on(desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN))
                .unwrap();
            desk.sign_out().unwrap();
        })
    });
    g.bench_function("offline_local_verifier", |b| {
        b.iter(|| {
            rt.block_on(desk.sign_in(None, seed::WINDOW_CLERK, seed::PIN))
                .unwrap();
            desk.sign_out().unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, sign_in);
criterion_main!(benches);
