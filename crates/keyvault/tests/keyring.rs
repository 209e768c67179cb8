//! The store key against the real OS keyring (the test script runs the suite under a private
//! D-Bus session with gnome-keyring-daemon; see `scripts/with-keyring.sh`) and against no
//! keyring at all (a child process pointed at a bus that does not exist).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_config::Mode;
use ow_keyvault::{account_for, store_key, KeyOrigin, KEY_FILE, SERVICE, STORE_FILE};
use std::path::Path;
use std::process::Command;

const NEEDS_KEYRING: &str =
    "these tests need a Secret Service: run them through scripts/test.sh (scripts/with-keyring.sh)";

fn keycheck(mode: &str, dir: &Path, keyring: bool) -> (bool, serde_json::Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ow-keycheck"));
    cmd.arg(mode).arg(dir);
    if !keyring {
        // A bus that does not exist, and no X display for D-Bus to autolaunch one on.
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ow-bus")
            .env_remove("DISPLAY");
    }
    let out = cmd.output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "ow-keycheck printed {:?} / {:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), json)
}

#[test]
fn the_key_is_made_once_in_the_keyring_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let first = store_key(Mode::Production, SERVICE, dir.path()).expect(NEEDS_KEYRING);
    let again = store_key(Mode::Production, SERVICE, dir.path()).unwrap();
    assert_eq!(first.origin, KeyOrigin::Keyring);
    assert_eq!(first.bytes(), again.bytes());
    assert!(
        !dir.path().join(KEY_FILE).exists(),
        "no key may sit beside the store"
    );
    // Nor in the log-able form.
    assert!(!format!("{first:?}").contains(&hex_of(&first.bytes())));
}

#[test]
fn each_data_directory_has_its_own_key() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ka = store_key(Mode::Sandbox, SERVICE, a.path()).expect(NEEDS_KEYRING);
    let kb = store_key(Mode::Sandbox, SERVICE, b.path()).unwrap();
    assert_ne!(ka.account, kb.account);
    assert_ne!(ka.bytes(), kb.bytes());
}

#[test]
fn a_damaged_key_in_the_keyring_is_reported_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let account = account_for(dir.path());
    let entry = keyring::Entry::new(SERVICE, &account).unwrap();
    // With the app's own patience for a daemon that does not answer once.
    ow_keyvault::retrying(|| entry.set_secret(b"short")).expect(NEEDS_KEYRING);
    let err = store_key(Mode::Production, SERVICE, dir.path()).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "keyring.key_corrupt");
    // Still the damaged value: a new key would make the existing store unreadable for good.
    assert_eq!(entry.get_secret().unwrap(), b"short");
}

#[test]
fn production_refuses_to_run_without_a_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, json) = keycheck("production", dir.path(), false);
    assert!(!ok);
    assert_eq!(json["error"], "keyring.unavailable");
    assert!(!dir.path().join(KEY_FILE).exists());
}

#[test]
fn sandbox_without_a_keyring_keeps_a_key_file_then_moves_it_into_the_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, first) = keycheck("sandbox", dir.path(), false);
    assert!(ok, "{first}");
    assert_eq!(first["origin"], "key_file");
    let file = dir.path().join(KEY_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the key file is readable by others: {mode:o}"
        );
    }
    let (_, second) = keycheck("sandbox", dir.path(), false);
    assert_eq!(
        second["fingerprint"], first["fingerprint"],
        "same key on the next start"
    );

    let (ok, moved) = keycheck("sandbox", dir.path(), true);
    assert!(ok, "{moved} — {NEEDS_KEYRING}");
    assert_eq!(moved["origin"], "keyring");
    assert_eq!(
        moved["fingerprint"], first["fingerprint"],
        "the store stays readable"
    );
    assert!(
        !file.exists(),
        "the key file is deleted once the keyring holds the key"
    );
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_store_keyed_from_the_keyring_is_not_given_a_new_key_file_when_the_keyring_is_away() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, made) = keycheck("sandbox", dir.path(), true);
    assert!(
        ok && made["origin"] == "keyring",
        "{made} — {NEEDS_KEYRING}"
    );
    std::fs::write(dir.path().join(STORE_FILE), b"keyed store").unwrap();
    let (ok, json) = keycheck("sandbox", dir.path(), false);
    assert!(!ok, "{json}");
    assert_eq!(json["error"], "keyring.unavailable");
    assert!(!dir.path().join(KEY_FILE).exists());
}
