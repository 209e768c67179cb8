//! Intake throughput over real HTTP on loopback, SQLite and PostgreSQL side by side.
//!
//! `cargo bench -p ow-backoffice --bench intake [-- --cases N --concurrency C]`
//!
//! Each backend gets a fresh server; PostgreSQL is a private cluster with its default,
//! durable settings (fsync on), SQLite a WAL file with `synchronous=FULL`. Every case
//! references two uploaded pages, so the blob checks are part of the cost.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_backoffice::testing::{Durability, PgCluster};
use ow_backoffice::{seed, Config, Database};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

struct Run {
    backend: &'static str,
    cases: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn body(n: usize, blobs: &[String]) -> Value {
    json!({
        "window_case_no": format!("B-{n:07}"),
        "item_code": "HZ-001",
        "item_name": "市外迁入—投靠配偶",
        "queue": "huzheng",
        "priority": if n % 10 == 0 { "green_channel" } else { "normal" },
        "clerk_id": seed::WINDOW_CLERK,
        "applicant": {"name": "张三", "id_kind": "resident_id", "id_number": "11010519491231002X"},
        "situation": {"reason": "spouse", "from": "outside_city"},
        "materials": [
            {"code": "id_card", "name": "居民身份证", "blobs": blobs},
            {"code": "hukou", "name": "户口簿", "data_check": true}
        ],
        "accepted_at": "2025-06-03T09:30:00Z",
        "promised_by": "2025-06-13"
    })
}

async fn run(backend: &'static str, database: Database, cases: usize, concurrency: usize) -> Run {
    let mut config = Config::new("sandbox", database);
    config.pg_pool_size = concurrency;
    let addr = ow_backoffice::spawn_with("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let base = format!("http://{addr}/api/v1");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let signed: Value = http
        .post(format!("{base}/auth/workstation"))
        .json(&json!({"workstation_id": seed::WORKSTATION_ID, "secret": seed::WORKSTATION_SECRET}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = Arc::new(signed["token"].as_str().unwrap().to_owned());
    let mut blobs = Vec::new();
    for page in [&b"front of the ID card"[..], &b"back of the ID card"[..]] {
        let h = hex::encode(Sha256::digest(page));
        http.put(format!("{base}/blobs/{h}"))
            .bearer_auth(token.as_str())
            .body(page.to_vec())
            .send()
            .await
            .unwrap();
        blobs.push(h);
    }
    let blobs = Arc::new(blobs);
    let fire = |range: std::ops::Range<usize>| {
        let gate = Arc::new(Semaphore::new(concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for n in range {
            let (http, base, token, blobs, gate) = (
                http.clone(),
                base.clone(),
                token.clone(),
                blobs.clone(),
                gate.clone(),
            );
            tasks.spawn(async move {
                let _permit = gate.acquire_owned().await.unwrap();
                let t = Instant::now();
                let r = http
                    .post(format!("{base}/cases"))
                    .bearer_auth(token.as_str())
                    .header("Idempotency-Key", format!("bench-{n}"))
                    .json(&body(n, &blobs))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
                t.elapsed()
            });
        }
        tasks
    };
    // Warm the pools and caches first.
    let mut warm = fire(0..200.min(cases));
    while warm.join_next().await.is_some() {}
    let started = Instant::now();
    let mut tasks = fire(1_000_000..1_000_000 + cases);
    let mut latencies = Vec::with_capacity(cases);
    while let Some(t) = tasks.join_next().await {
        latencies.push(t.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    Run {
        backend,
        cases,
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let cases = arg("--cases", 5000);
    let concurrency = arg("--concurrency", 32);
    let dir = tempfile::tempdir().unwrap();
    let cluster = PgCluster::start(Durability::Durable)
        .unwrap_or_else(|e| panic!("the benchmark needs a real PostgreSQL: {e}"));
    let pg_url = cluster.create_database().await.unwrap();
    let runs = vec![
        run(
            "SQLite (WAL, synchronous=FULL)",
            Database::Sqlite(dir.path().join("bench.db")),
            cases,
            concurrency,
        )
        .await,
        run(
            "PostgreSQL 15 (fsync on)",
            Database::Postgres(pg_url),
            cases,
            concurrency,
        )
        .await,
    ];
    println!(
        "\nintake over HTTP/1.1 on loopback: {cases} cases, {concurrency} in flight, {} CPUs\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>10}",
        "backend", "cases/s", "p50 ms", "p99 ms", "total s"
    );
    for r in &runs {
        println!(
            "{:<34} {:>10.0} {:>10.2} {:>10.2} {:>10.2}",
            r.backend,
            r.cases as f64 / r.elapsed.as_secs_f64(),
            r.p50.as_secs_f64() * 1e3,
            r.p99.as_secs_f64() * 1e3,
            r.elapsed.as_secs_f64()
        );
    }
    drop(cluster);
}
