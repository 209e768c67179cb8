//! The test harness's private Secret Service can drop off the bus in the middle of a run; each
//! window test checks it first and starts it again with the same keyring, so the store key
//! the app put there before is still there after.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::time::{Duration, Instant};

/// The pid of whoever owns the Secret Service name on the session bus.
fn secret_service_pid() -> Option<u32> {
    let out = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.GetConnectionUnixProcessID",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .skip_while(|w| *w != "uint32")
        .nth(1)
        .and_then(|n| n.parse().ok())
}

#[test]
#[ignore = "needs the private keyring of scripts/with-keyring.sh: run scripts/test.sh"]
fn a_keyring_daemon_that_died_is_started_again_with_the_keys_it_held() {
    ow_e2e::ensure_keyring().unwrap();
    let data = tempfile::tempdir().unwrap();
    let key = || {
        ow_keyvault::store_key(ow_config::Mode::Sandbox, ow_keyvault::SERVICE, data.path())
            .unwrap()
            .bytes()
    };
    let before = key();

    let pid = secret_service_pid().expect("a Secret Service on the bus");
    assert!(Command::new("kill")
        .arg(pid.to_string())
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while secret_service_pid() == Some(pid) {
        assert!(Instant::now() < deadline, "the daemon did not go");
        std::thread::sleep(Duration::from_millis(50));
    }

    ow_e2e::ensure_keyring().unwrap();
    assert!(secret_service_pid().is_some_and(|p| p != pid));
    assert_eq!(key(), before, "the same key, from the same keyring");
}
