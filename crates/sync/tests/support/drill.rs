//! The forwarder as its own process (`ow-forward-drill`), for the drills that SIGKILL it.

use ow_backoffice::seed;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DRILL: &str = env!("CARGO_BIN_EXE_ow-forward-drill");

/// Starts the forwarder on the store at `store` against `base`.
pub fn start(store: &Path, base: &str) -> Child {
    Command::new(DRILL)
        .args([
            store.to_str().unwrap(),
            base,
            seed::WORKSTATION_ID,
            seed::WORKSTATION_SECRET,
        ])
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// Starts the forwarder and waits until it has drained the outbox (it exits 0 then);
/// `context` is said when it does not within the time.
pub async fn run_to_end(store: &Path, base: &str, context: &str) {
    let mut child = start(store, base);
    let deadline = Instant::now() + Duration::from_secs(150);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the outbox did not drain; {context}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "{status}");
}

/// A random pause in `lo..hi` milliseconds: when to kill.
pub fn random_ms(lo: u64, hi: u64) -> Duration {
    Duration::from_millis(lo + (uuid::Uuid::new_v4().as_u128() as u64) % (hi - lo))
}

/// Starts the forwarder `kills` times and SIGKILLs it at a random moment each time; the
/// confirmed count after each kill (to show the kills landed mid-drain).
pub async fn kill_at_random(store: &Path, base: &str, kills: usize) -> Vec<i64> {
    let mut progress = Vec::new();
    for _ in 0..kills {
        let mut child = start(store, base);
        tokio::time::sleep(random_ms(300, 1500)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let store = ow_store::Store::open(store, None).unwrap();
        progress.push(store.outbox_counts().unwrap().confirmed);
    }
    progress
}
