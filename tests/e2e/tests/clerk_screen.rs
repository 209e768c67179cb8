//! The clerk's screen, driven through the real window.
//! Run through `scripts/test.sh` (it builds the app and provides Xvfb and a session bus).

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Locator;
use ow_e2e::{open_new_case, screenshot, testid, wait_attr, wait_for, Driver};
use std::process::Command;
use std::time::{Duration, Instant};

const SLOW: u64 = 30;

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_case_is_created_in_sandbox_and_found_again_after_a_restart() {
    // The app's own display default (no GPU compositing), as a clerk's window starts.
    let driver = Driver::start(&[("ONEWINDOW_DISPLAY__GPU_COMPOSITING", "false")])
        .await
        .unwrap();

    // First launch: sandbox with its banner, the top bar and every device.
    let c = driver.session().await.unwrap();
    let banner = wait_for(&c, "training-banner", SLOW).await.unwrap();
    assert!(banner.text().await.unwrap().contains("培训"));
    let top = c
        .find(Locator::Css(&testid("top-bar")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(top.contains("综合窗口 08 号"), "top bar: {top}");
    for device in ["card_reader", "scanner", "printer"] {
        wait_for(&c, &format!("device-{device}"), 5).await.unwrap();
    }
    // The embedded back office on loopback answers the health check.
    wait_attr(&c, "link-state", "data-state", "link.online", SLOW)
        .await
        .unwrap();

    // A new case: focus lands on the name, so the clerk just types.
    open_new_case(&c, 5).await.unwrap();
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("data-testid").await.unwrap().as_deref(),
        Some("applicant-name")
    );
    focused.send_keys("王小明").await.unwrap();
    let id_field = c
        .find(Locator::Css(&testid("applicant-id-number")))
        .await
        .unwrap();
    // A typo'd number (born on 31 February) is said to be wrong beside the field, and a
    // reason to keep it is asked for right below.
    id_field.send_keys("110105194902310026").await.unwrap();
    wait_attr(
        &c,
        "id-number-problem",
        "data-problem",
        "no_such_birth_date",
        10,
    )
    .await
    .unwrap();
    // The hint fades in: WebDriver reads no text while it is still transparent.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let hint = wait_for(&c, "id-number-problem", 5).await.unwrap();
        let text = hint.text().await.unwrap();
        if text.contains("出生日期不存在") {
            break;
        }
        assert!(Instant::now() < deadline, "the hint says: {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(&c, "applicant-number-reason", 5).await.unwrap();
    // Corrected: the warning and the reason field go.
    for keys in ["\u{E009}a\u{E000}", "\u{E003}", "11010519491231002X"] {
        id_field.send_keys(keys).await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while c
        .find(Locator::Css(&testid("id-number-problem")))
        .await
        .is_ok()
    {
        assert!(
            Instant::now() < deadline,
            "the corrected number still shows a problem"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(c
        .find(Locator::Css(&testid("applicant-number-reason")))
        .await
        .is_err());
    wait_attr(&c, "save-state", "data-state", "saved", 10)
        .await
        .unwrap();
    // Saved means saved: wait past the autosave pause for the last keystrokes.
    tokio::time::sleep(Duration::from_millis(800)).await;
    wait_attr(&c, "save-state", "data-state", "saved", 10)
        .await
        .unwrap();
    // The store's key is in the OS keyring and the database on disk reveals nothing typed.
    wait_attr(&c, "top-bar", "data-store-key", "keyring", 5)
        .await
        .unwrap();
    assert_files_hide(driver.data_dir(), &["王小明", "11010519491231002X"]);
    let shot = screenshot(&c, "e2e-clerk-screen").await.unwrap();
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "screenshot too small to be the window"
    );
    c.close().await.unwrap();

    // Second launch on the same data: the unfinished case comes back with what was typed.
    let c = driver.session().await.unwrap();
    wait_for(&c, "resumed", SLOW).await.unwrap();
    assert_eq!(value_of(&c, "applicant-name").await, "王小明");
    assert_eq!(
        value_of(&c, "applicant-id-number").await,
        "11010519491231002X"
    );

    // Esc backs out to the list, where the case is listed.
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    wait_for(&c, "recent-cases", 5).await.unwrap();
    let listed = c
        .find(Locator::Css(&testid("recent-case-name")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(listed, "王小明");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_second_launch_hands_over_to_the_running_window() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "single instance works over the session bus: run under dbus-run-session"
    );
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", SLOW).await.unwrap();

    let mut second = Command::new(ow_e2e::app_binary().unwrap())
        .envs(driver.app_env())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            let _ = second.wait();
            panic!("the second launch kept running instead of handing over");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "second launch exited with {status}");
    // The first window is still alive and usable.
    open_new_case(&c, 5).await.unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn production_mode_with_sandbox_settings_refuses_with_a_clear_message() {
    let driver = Driver::start(&[("ONEWINDOW_MODE", "production")])
        .await
        .unwrap();
    let c = driver.session_signed_out().await.unwrap();
    let err = wait_for(&c, "startup-error", SLOW).await.unwrap();
    assert_eq!(
        err.attr("data-code").await.unwrap().as_deref(),
        Some("config.production_with_sandbox_settings")
    );
    let text = err.text().await.unwrap();
    assert!(text.contains("生产模式下仍含有培训设置"), "{text}");
    assert!(text.contains("devices.card_reader"), "{text}");
    assert!(c.find(Locator::Css(&testid("workstation"))).await.is_err());
    screenshot(&c, "e2e-refused-production").await.unwrap();
    c.close().await.unwrap();
}

/// No file in the data directory (database, WAL, anything else) holds these strings, and no
/// key file sits beside the database.
/// The value of the input `id`, once it is on screen.
async fn value_of(c: &fantoccini::Client, id: &str) -> String {
    let field = wait_for(c, id, 5).await.unwrap();
    field.prop("value").await.unwrap().unwrap_or_default()
}

fn assert_files_hide(dir: &std::path::Path, secrets: &[&str]) {
    let mut seen = 0;
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap();
        seen += 1;
        for s in secrets {
            let needle = s.as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds {s} in the clear",
                entry.display()
            );
        }
        assert_ne!(
            entry.file_name().unwrap(),
            "store.key",
            "a key file beside the store"
        );
    }
    assert!(seen > 0, "no files in {}", dir.display());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let kind = e.file_type().unwrap();
        if kind.is_dir() {
            out.extend(walk(&e.path()));
        } else if kind.is_file() {
            // Regular files only: a socket or pipe would block the read.
            out.push(e.path());
        }
    }
    out
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_case_typed_before_the_app_is_killed_comes_back_with_its_last_field() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", SLOW).await.unwrap();
    open_new_case(&c, 5).await.unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("李四")
        .await
        .unwrap();
    let id_field = c
        .find(Locator::Css(&testid("applicant-id-number")))
        .await
        .unwrap();
    id_field.send_keys("11010519491231002X").await.unwrap();
    // The autosave's pause is 250 ms: once the bar says saved after the last key, it is on disk.
    tokio::time::sleep(Duration::from_millis(600)).await;
    wait_attr(&c, "save-state", "data-state", "saved", 10)
        .await
        .unwrap();

    // No goodbye: SIGKILL, as a power cut would end it.
    assert!(
        driver.kill_app().unwrap() >= 1,
        "the app was not found to kill"
    );
    // The driver still holds the dead app's session: end it (its answer may be an error).
    let _ = c.close().await;

    let c = driver.session().await.unwrap();
    wait_for(&c, "resumed", SLOW).await.unwrap();
    assert_eq!(value_of(&c, "applicant-name").await, "李四");
    assert_eq!(
        value_of(&c, "applicant-id-number").await,
        "11010519491231002X",
        "the last typed field"
    );
    c.close().await.unwrap();
}
