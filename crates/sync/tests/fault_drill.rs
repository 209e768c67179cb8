//! The proof that nothing is lost or doubled: thousands of accepted cases forwarded through a
//! proxy that drops, stalls, answers 500/503, cuts uploads and loses answers, by a forwarder
//! process (`ow-forward-drill`) killed with SIGKILL at random moments and started again. At
//! the end every case is in its queue exactly once with every page intact, and the cases the
//! back office refuses for good are `failed` with the reason.
//!
//! Runs against the real back office over SQLite, and over PostgreSQL (a private cluster, as
//! the back office's own tests start it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use ow_backoffice::testing::PgCluster;
use ow_backoffice::{seed, Config, Database};
use std::sync::atomic::Ordering;
use std::time::Instant;

async fn drill(database: Database, cases: usize, kills: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("workstation.db");
    let seeded = support::seed_store(&store_path, cases, 3, 12 * 1024, 5);

    let server = ow_backoffice::spawn_with(
        "127.0.0.1:0".parse().unwrap(),
        Config::new(seed::SANDBOX, database),
    )
    .await
    .unwrap();
    let (proxy, faults) = support::fault_proxy::start(server).await;
    let proxy_base = format!("http://{proxy}");

    let started = Instant::now();
    let progress = support::drill::kill_at_random(&store_path, &proxy_base, kills).await;
    // The last run goes to the end.
    support::drill::run_to_end(
        &store_path,
        &proxy_base,
        &format!("confirmed after each kill: {progress:?}"),
    )
    .await;
    eprintln!(
        "drill: {cases} cases, {kills} kills in {:?}; confirmed after each kill {progress:?}; \
         {} connections, {} dropped, {} stalled, {} 5xx, {} cut uploads, {} lost answers",
        started.elapsed(),
        faults.connections.load(Ordering::Relaxed),
        faults.dropped.load(Ordering::Relaxed),
        faults.stalled.load(Ordering::Relaxed),
        faults.answered_5xx.load(Ordering::Relaxed),
        faults.cut_uploads.load(Ordering::Relaxed),
        faults.lost_answers.load(Ordering::Relaxed),
    );
    assert!(
        progress.windows(2).any(|w| w[0] < w[1]) || progress.iter().all(|&c| c == 0),
        "kills landed mid-drain: {progress:?}"
    );
    for n in [
        &faults.dropped,
        &faults.stalled,
        &faults.answered_5xx,
        &faults.cut_uploads,
        &faults.lost_answers,
    ] {
        assert!(
            n.load(Ordering::Relaxed) > 0,
            "every fault struck at least once"
        );
    }
    support::verify(&format!("http://{server}"), &store_path, &seeded).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_cases_through_faults_and_kills_arrive_once_over_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    drill(Database::Sqlite(dir.path().join("backoffice.db")), 2000, 8).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_through_faults_and_kills_arrive_once_over_postgres() {
    let pg = PgCluster::shared().unwrap();
    let url = pg.create_database().await.unwrap();
    drill(Database::Postgres(url), 600, 4).await;
}
