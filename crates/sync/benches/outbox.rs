//! Outbox drain rate after a long outage, and the back office's intake throughput, on
//! SQLite and PostgreSQL side by side, over real HTTP on loopback.
//!
//! `cargo bench -p ow-sync --bench outbox [-- --cases 5000 --blob-kb 200 --intake 5000]`
//!
//! Drain: a workstation store holding `--cases` accepted cases with three pages of
//! `--blob-kb` KB each is drained by the app's own forwarder (8 in flight) into a fresh back
//! office. Intake: `--intake` cases (each referencing one uploaded page) posted 16 at a time.
//! PostgreSQL runs with its durable defaults (fsync on); SQLite in WAL with synchronous=FULL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use ow_api::API_PREFIX;
use ow_backoffice::testing::{Durability, PgCluster};
use ow_backoffice::{seed, Config, Database};
use ow_store::Store;
use ow_sync::{BackofficeClient, Forwarder, ForwarderSettings};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Notify, Semaphore};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn server(database: Database) -> String {
    let addr = ow_backoffice::spawn_with(
        "127.0.0.1:0".parse().unwrap(),
        Config::new(seed::SANDBOX, database),
    )
    .await
    .unwrap();
    format!("http://{addr}")
}

async fn drain(base: &str, cases: usize, blob_kb: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workstation.db");
    support::seed_store(&path, cases, 3, blob_kb * 1024, 0);
    let store = Arc::new(Store::open(&path, None).unwrap());
    let client = BackofficeClient::new(base, ow_api::Mode::Sandbox).unwrap();
    let settings = ForwarderSettings::new(seed::WORKSTATION_ID, seed::WORKSTATION_SECRET);
    let fwd = Forwarder::new(
        Arc::clone(&store),
        client,
        settings,
        Arc::new(Notify::new()),
    );
    let started = Instant::now();
    let stats = fwd.drain().await.unwrap();
    let took = started.elapsed();
    assert_eq!(stats.confirmed as usize, cases, "{stats:?}");
    took
}

async fn intake(base: &str, cases: usize) -> Duration {
    let http = reqwest::Client::new();
    let api = format!("{base}{API_PREFIX}");
    let signed: serde_json::Value = http
        .post(format!("{api}/auth/workstation"))
        .json(&json!({"workstation_id": seed::WORKSTATION_ID, "secret": seed::WORKSTATION_SECRET}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = Arc::new(signed["token"].as_str().unwrap().to_owned());
    let page = b"front of the ID card".to_vec();
    let sha = support::sha256_hex(&page);
    http.put(format!("{api}/blobs/{sha}"))
        .bearer_auth(token.as_str())
        .body(page)
        .send()
        .await
        .unwrap();
    let run = uuid::Uuid::new_v4().simple().to_string();
    let gate = Arc::new(Semaphore::new(16));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..cases {
        let permit = Arc::clone(&gate).acquire_owned().await.unwrap();
        let (http, api, token, sha, run) = (
            http.clone(),
            api.clone(),
            Arc::clone(&token),
            sha.clone(),
            run.clone(),
        );
        tasks.spawn(async move {
            let body = json!({
                "window_case_no": format!("B-{run}-{i}"), "item_code": "HZ-001", "item_name": "投靠配偶",
                "queue": "huzheng", "clerk_id": seed::WINDOW_CLERK,
                "applicant": {"name": "张三", "id_kind": "resident_id", "id_number": "11010519491231002X"},
                "materials": [{"code": "id_card", "name": "居民身份证", "blobs": [sha]}],
                "accepted_at": "2025-06-03T09:30:00Z"
            });
            let resp = http
                .post(format!("{api}/cases"))
                .bearer_auth(token.as_str())
                .header("Idempotency-Key", format!("{run}-{i}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 201);
            drop(permit);
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    started.elapsed()
}

fn rate(n: usize, d: Duration) -> String {
    format!(
        "{:>8.1} cases/s  ({n} in {:.2} s)",
        n as f64 / d.as_secs_f64(),
        d.as_secs_f64()
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let cases = arg("--cases", 5000);
    let blob_kb = arg("--blob-kb", 200);
    let intake_n = arg("--intake", 5000);
    let dir = tempfile::tempdir().unwrap();
    let pg = PgCluster::start(Durability::Durable).unwrap();

    let sqlite = server(Database::Sqlite(dir.path().join("bo.db"))).await;
    let postgres = server(Database::Postgres(pg.create_database().await.unwrap())).await;

    println!("outbox drain: {cases} cases × 3 pages × {blob_kb} KB, 8 in flight, loopback");
    let d = drain(&sqlite, cases, blob_kb).await;
    println!("  to SQLite     {}", rate(cases, d));
    let d = drain(&postgres, cases, blob_kb).await;
    println!("  to PostgreSQL {}", rate(cases, d));
    println!("intake: {intake_n} cases, 16 in flight, loopback");
    let d = intake(&sqlite, intake_n).await;
    println!("  SQLite        {}", rate(intake_n, d));
    let d = intake(&postgres, intake_n).await;
    println!("  PostgreSQL    {}", rate(intake_n, d));
}
