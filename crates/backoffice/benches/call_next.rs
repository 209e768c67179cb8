//! Call latency over real HTTP on loopback, SQLite (WAL, synchronous=FULL): several windows
//! call, start and finish until the hall is empty; each call's round trip is timed.
//!
//! `cargo bench -p ow-backoffice --bench call_next [-- --tickets N --windows W]`
//!
//! A call is the hall's serialisation point (one transaction under the hall lock that loads
//! every ticket the window may call and runs `calling::choose`), so its tail is what a busy
//! hall feels.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_backoffice::{seed, Config, Database};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn json_of(r: reqwest::Response) -> Value {
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {v}");
    v
}

/// One window: call (timed), start, finish, until nobody waits.
async fn window(http: reqwest::Client, base: String, token: String) -> Vec<Duration> {
    let mut took = Vec::new();
    loop {
        let t = Instant::now();
        let v = json_of(
            http.post(format!("{base}/tickets/call"))
                .bearer_auth(&token)
                .json(&json!({"clerk_id": seed::WINDOW_CLERK}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        took.push(t.elapsed());
        let Some(id) = v["ticket"]["id"].as_str() else {
            return took;
        };
        for step in ["start", "finish"] {
            json_of(
                http.post(format!("{base}/tickets/{id}/{step}"))
                    .bearer_auth(&token)
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
        }
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let tickets = arg("--tickets", 2000);
    let windows = arg("--windows", 8);
    let dir = tempfile::tempdir().unwrap();
    let config = Config::new("sandbox", Database::Sqlite(dir.path().join("bench.db")));
    let addr = ow_backoffice::spawn_with("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let base = format!("http://{addr}/api/v1");
    let http = reqwest::Client::new();
    let admin = seed::ADMIN_TOKEN;
    let setup = json_of(
        http.get(format!("{base}/kiosk/groups"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let groups: Vec<String> = setup
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["code"].as_str().unwrap().to_owned())
        .collect();
    let mut tokens = Vec::new();
    for w in 0..windows {
        let id = format!("bench-window-{w}");
        let secret = format!("{id}-secret-long-enough");
        for (path, body) in [
            (
                format!("{base}/admin/workstations/{id}"),
                json!({"window_name": id, "secret": secret}),
            ),
            (
                format!("{base}/admin/windows/{id}/groups"),
                json!({"workstation_id": id, "groups": groups}),
            ),
        ] {
            let r = http
                .put(path)
                .bearer_auth(admin)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 204);
        }
        let signed = json_of(
            http.post(format!("{base}/auth/workstation"))
                .json(&json!({"workstation_id": id, "secret": secret}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        tokens.push(signed["token"].as_str().unwrap().to_owned());
    }
    for n in 0..tickets {
        let green = (n % 7 == 0).then_some("senior");
        let r = http
            .post(format!("{base}/kiosk/tickets"))
            .json(&json!({"group": groups[n % groups.len()], "green": green}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for token in tokens {
        tasks.spawn(window(http.clone(), base.clone(), token));
    }
    let mut took = Vec::new();
    while let Some(t) = tasks.join_next().await {
        took.extend(t.unwrap());
    }
    let elapsed = started.elapsed();
    took.sort();
    let pct = |p: f64| took[((took.len() as f64 * p) as usize).min(took.len() - 1)];
    println!(
        "\ncall_next over HTTP/1.1 on loopback, SQLite (WAL, synchronous=FULL): {tickets} tickets, \
         {windows} windows calling at once, {} CPUs\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10}",
        "calls", "p50 ms", "p99 ms", "max ms", "total s"
    );
    println!(
        "{:>8} {:>10.2} {:>10.2} {:>10.2} {:>10.2}",
        took.len(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        took.last().unwrap().as_secs_f64() * 1e3,
        elapsed.as_secs_f64()
    );
}
