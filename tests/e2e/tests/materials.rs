//! Step ③ through the real window: choose the spouse item, answer its questions, scan from
//! the SANE `test` device (through libsane, as in sandbox) into the first checklist line, see
//! the check result and the thumbnail, mark the other lines from the keyboard, and see every
//! required line satisfied.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, Locator};
use ow_e2e::{flows, open_new_case, screenshot, testid, wait_attr, wait_for, Driver};

const ENTER: &str = "\u{E007}";
const F4: &str = "\u{E034}";
const UP: &str = "\u{E013}";
const DOWN: &str = "\u{E015}";

async fn keys_in(c: &Client, scope: &str, keys: &str) {
    flows::keys_in(c, scope, keys).await.unwrap();
}

async fn attr_of(c: &Client, id: &str, attr: &str) -> Vec<String> {
    flows::attrs(c, id, attr).await.unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_page_scanned_from_the_sane_test_device_fills_a_line_and_the_checklist_is_completed() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    open_new_case(&c, 30).await.unwrap();

    flows::choose_spouse_item_and_answer(&c).await.unwrap();
    let lines = attr_of(&c, "checklist-line", "data-line").await;
    assert!(lines.len() >= 3, "{lines:?}");
    wait_attr(&c, "materials-satisfied", "data-all", "false", 5)
        .await
        .unwrap();

    // Enter moves on to the materials step, with the first line selected.
    flows::press(&c, ENTER).await.unwrap();
    wait_attr(&c, "materials-step", "data-line", &lines[0], 10)
        .await
        .unwrap();

    // F4 scans into the selected line. The page passes and completes the line, so the next
    // line without pages is selected (no extra ↓); ↑ goes back to look at the page: a
    // thumbnail, the checks' verdict, the line received.
    keys_in(&c, "materials-step", F4).await;
    wait_attr(&c, "materials-step", "data-line", &lines[1], 60)
        .await
        .unwrap();
    keys_in(&c, "materials-step", UP).await;
    wait_attr(&c, "materials-step", "data-line", &lines[0], 10)
        .await
        .unwrap();
    wait_for(&c, "page-thumb", 10).await.unwrap();
    wait_attr(&c, "page-detail", "data-passes", "true", 10)
        .await
        .unwrap();
    wait_attr(&c, "materials-line-state", "data-state", "received", 10)
        .await
        .unwrap();
    // The device bar knows the scanner now: libsane listed it, and the scan went through.
    wait_attr(&c, "device-scanner", "data-state", "ready", 10)
        .await
        .unwrap();
    let thumb = c
        .find(Locator::Css(&format!("{} img", testid("page-thumb"))))
        .await
        .unwrap();
    let src = thumb.attr("src").await.unwrap().unwrap_or_default();
    assert!(
        src.starts_with("data:image/jpeg;base64,"),
        "{}",
        &src[..src.len().min(40)]
    );
    let loaded = c
        .execute(
            "const i = document.querySelector('[data-testid=page-thumb] img'); return i.complete && i.naturalWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        loaded,
        serde_json::json!(256),
        "the thumbnail decodes in the webview"
    );
    let states = attr_of(&c, "line-state", "data-state").await;
    assert_eq!(states[0], "received", "{states:?}");
    assert_eq!(attr_of(&c, "line-thumb", "src").await.len(), 1);
    screenshot(&c, "materials-scanned").await.unwrap();

    // Z zooms the page; Esc closes it.
    keys_in(&c, "materials-step", "z").await;
    wait_for(&c, "page-viewer-image", 10).await.unwrap();
    flows::press(&c, "\u{E00C}").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    // ↓ then R marks each other line received (the original seen at the counter).
    for (i, line) in lines.iter().enumerate().skip(1) {
        c.execute(
            "document.querySelector('[data-testid=materials-step]').focus()",
            vec![],
        )
        .await
        .unwrap();
        keys_in(&c, "materials-step", DOWN).await;
        wait_attr(&c, "materials-step", "data-line", line, 5)
            .await
            .unwrap();
        keys_in(&c, "materials-step", "r").await;
        wait_attr(&c, "materials-line-state", "data-state", "received", 5)
            .await
            .unwrap_or_else(|e| panic!("line {i} {line}: {e}"));
    }
    wait_attr(&c, "materials-satisfied", "data-all", "true", 10)
        .await
        .unwrap();
    let states = attr_of(&c, "line-state", "data-state").await;
    assert!(states.iter().all(|s| s == "received"), "{states:?}");
    screenshot(&c, "materials-complete").await.unwrap();

    // The marks and the page are saved: after a reload the same checklist comes back.
    c.refresh().await.unwrap();
    wait_attr(&c, "materials-satisfied", "data-all", "true", 30)
        .await
        .unwrap();
    // The steps' code loads after the home screen is painted: wait for the step, not just the
    // checklist beside it.
    wait_for(&c, "line-pages", 10).await.unwrap();
    assert_eq!(attr_of(&c, "line-pages", "data-count").await, vec!["1"]);
    c.close().await.unwrap();
}
