//! The `ow-backoffice` binary starts, serves, and refuses a bad database URL clearly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ow-backoffice");

#[tokio::test]
async fn the_binary_serves_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--mode",
            "sandbox",
        ])
        .arg("--database")
        .arg(format!("sqlite:{}", dir.path().join("bo.db").display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/api/v1/health");
    let started = Instant::now();
    let health = loop {
        if let Ok(r) = reqwest::get(&url).await {
            break r.json::<ow_api::Health>().await.unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the binary did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // SIGTERM, as a service manager sends it: a clean exit.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("the binary ignored SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    assert_eq!(health.mode, "sandbox");
    assert!(dir.path().join("bo.db").exists());
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["--database", "mysql://nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("backoffice.bad_database"), "{err}");
}
