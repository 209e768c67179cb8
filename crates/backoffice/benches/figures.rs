//! The lead's figures over a year of a large hall, SQLite and PostgreSQL side by side:
//! `GET /hall/figures` over HTTP on loopback, for the whole year and for one day.
//!
//! `cargo bench -p ow-backoffice --bench figures [-- --tickets N --runs R]`
//!
//! The tickets (1,000,000 by default: 4,000 a day for 250 days, two groups, 40 clerks, one in
//! twenty not shown) are written straight into each database with one `INSERT … SELECT`, so
//! the set-up takes seconds rather than a million calls; the report is then asked for as a
//! lead would. The target is a year in at most one second.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_backoffice::testing::{Durability, PgCluster};
use ow_backoffice::{seed, Config, Database};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const PER_DAY: usize = 4000;
/// 2026-01-01 00:00 in the hall (UTC+8), in ms.
const FIRST_DAY_MS: i64 = 1_767_196_800_000;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The columns the generated rows fill, and each one's expression of `i` (0-based), with
/// `{day}` for the day's `YYYYMMDD` and `{i}` for the row number.
fn select(day: &str, i: &str) -> String {
    let issued = format!(
        "({FIRST_DAY_MS} + ({i} / {PER_DAY}) * 86400000 + 30600000 + ({i} % {PER_DAY}) * 7000)"
    );
    let called = format!("({issued} + (({i} * 37) % 1800) * 1000)");
    let shown = format!("({i} % 20 <> 0)");
    format!(
        "'B' || {i}, {day}, 'A' || ({i} % 999), \
         CASE WHEN {i} % 2 = 0 THEN 'huzheng' ELSE 'shuiwu' END, 'walk_in', NULL, \
         CASE WHEN {shown} THEN 'finished' ELSE 'no_show' END, \
         {issued}, {issued}, {called}, \
         CASE WHEN {shown} THEN {called} + 30000 END, \
         CASE WHEN {shown} THEN {called} + 30000 + ((({i} * 53) % 900) + 120) * 1000 ELSE {called} + 180000 END, \
         '{ws}', '10' || ({i} % 40)",
        ws = seed::WORKSTATION_ID
    )
}

const COLUMNS: &str = "id, day, number, group_code, kind, green, state, issued_at, queued_at, \
    called_at, started_at, ended_at, workstation_id, clerk_id";

fn fill_sqlite(path: &std::path::Path, n: usize) {
    let c = rusqlite::Connection::open(path).unwrap();
    let day = format!("strftime('%Y%m%d', '2026-01-01', '+' || (i / {PER_DAY}) || ' days')");
    c.execute_batch(&format!(
        "BEGIN; WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
         INSERT INTO tickets ({COLUMNS}) SELECT {sel} FROM n; COMMIT; ANALYZE;",
        last = n - 1,
        sel = select(&day, "i")
    ))
    .unwrap();
}

async fn fill_postgres(url: &str, n: usize) {
    let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let day = format!("to_char(date '2026-01-01' + (i / {PER_DAY})::int, 'YYYYMMDD')");
    c.batch_execute(&format!(
        "INSERT INTO tickets ({COLUMNS}) SELECT {sel} FROM generate_series(0, {last}::bigint) i; ANALYZE tickets;",
        last = n - 1,
        sel = select(&day, "i")
    ))
    .await
    .unwrap();
}

struct Run {
    backend: &'static str,
    fill: Duration,
    year: Duration,
    day: Duration,
    issued: u64,
}

async fn ask(
    http: &reqwest::Client,
    base: &str,
    lead: &str,
    q: &str,
    runs: usize,
) -> (Duration, Value) {
    let mut times = Vec::new();
    let mut last = Value::Null;
    for _ in 0..runs {
        let t = Instant::now();
        let r = http
            .get(format!("{base}/hall/figures?{q}"))
            .bearer_auth(lead)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        last = r.json().await.unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last)
}

async fn run(
    backend: &'static str,
    database: Database,
    runs: usize,
    fill: impl std::future::Future<Output = ()>,
) -> Run {
    let addr = ow_backoffice::spawn_with(
        "127.0.0.1:0".parse().unwrap(),
        Config::new("sandbox", database),
    )
    .await
    .unwrap();
    let t = Instant::now();
    fill.await;
    let fill = t.elapsed();
    let base = format!("http://{addr}/api/v1");
    let http = reqwest::Client::new();
    let signed: Value = http
        .post(format!("{base}/auth/clerk"))
        .json(&json!({"clerk_id": seed::LEAD, "secret": seed::PIN}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lead = signed["token"].as_str().unwrap().to_owned();
    let (year, f) = ask(&http, &base, &lead, "from=2026-01-01&to=2026-12-31", runs).await;
    let (day, _) = ask(&http, &base, &lead, "from=2026-03-02&to=2026-03-02", runs).await;
    Run {
        backend,
        fill,
        year,
        day,
        issued: f["total"]["issued"].as_u64().unwrap(),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let tickets = arg("--tickets", 1_000_000).max(1);
    let runs = arg("--runs", 5).max(1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("figures.db");
    let cluster = PgCluster::start(Durability::Durable)
        .unwrap_or_else(|e| panic!("the benchmark needs a real PostgreSQL: {e}"));
    let pg_url = cluster.create_database().await.unwrap();
    // The server creates the schema on start; the rows go in after, as a year would have.
    let sqlite_file = file.clone();
    let runs_out = vec![
        run("SQLite (WAL)", Database::Sqlite(file), runs, async move {
            tokio::task::spawn_blocking(move || fill_sqlite(&sqlite_file, tickets))
                .await
                .unwrap();
        })
        .await,
        run(
            "PostgreSQL 15",
            Database::Postgres(pg_url.clone()),
            runs,
            async {
                fill_postgres(&pg_url, tickets).await;
            },
        )
        .await,
    ];
    println!(
        "\nthe lead's figures over HTTP on loopback: {tickets} tickets over {} days, median of {runs}, {} CPUs\n",
        tickets.div_ceil(PER_DAY),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:<16} {:>12} {:>14} {:>12} {:>12}",
        "backend", "fill s", "a year ms", "a day ms", "tickets"
    );
    for r in &runs_out {
        println!(
            "{:<16} {:>12.1} {:>14.0} {:>12.1} {:>12}",
            r.backend,
            r.fill.as_secs_f64(),
            r.year.as_secs_f64() * 1e3,
            r.day.as_secs_f64() * 1e3,
            r.issued
        );
        assert_eq!(
            r.issued as usize, tickets,
            "every generated ticket is counted"
        );
    }
    drop(cluster);
}
