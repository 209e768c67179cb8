//! Papers after the decision, through the real window and the keyboard: the accepted case's
//! receipt comes with its hand-over voucher (物料流转凭证), Shift+F9 prints the voucher, Ctrl+F9
//! reprints the receipt, the history shows the 补打 entry, and the reprint's own PDF (fetched
//! with the app's command) is marked as a reprint.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Client;
use ow_e2e::flows::{
    self, attrs, choose_spouse_item_and_answer, invoke, receive_every_line, type_applicant, ENTER,
};
use ow_e2e::{open_new_case, screenshot, wait_attr, wait_for, Driver};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const F6: &str = "\u{E036}";
/// WebDriver keys: a modifier stays down until NULL releases it.
const SHIFT_F9: &str = "\u{E008}\u{E039}\u{E000}";
const CTRL_F9: &str = "\u{E009}\u{E039}\u{E000}";

/// Waits until the paper history's `attr`s read `want`, in order.
async fn wait_history(c: &Client, attr: &str, want: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let got = attrs(c, "paper-entry", attr).await.unwrap();
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "paper history {attr}: {got:?}, want {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn the_receipt_is_reprinted_from_the_keyboard_and_the_voucher_printed() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    open_new_case(&c, 30).await.unwrap();
    type_applicant(&c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    choose_spouse_item_and_answer(&c).await.unwrap();
    let recent = invoke(&c, "case_recent", json!({ "limit": 1 }))
        .await
        .unwrap();
    let case = recent[0]["id"].as_str().unwrap().to_owned();
    receive_every_line(&c).await.unwrap();

    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "decision-ok", 10).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    wait_attr(&c, "paper-step", "data-status", "accepted", 15)
        .await
        .unwrap();
    wait_attr(&c, "paper-preview", "data-state", "ready", 30)
        .await
        .unwrap();
    let number = wait_for(&c, "case-number", 5)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    // The originals go to the back office: the voucher is filed beside the receipt.
    wait_history(&c, "data-kind", &["receipt", "voucher"]).await;
    // Shift+F9 prints the voucher only (sandbox: the preview is the print).
    flows::press(&c, SHIFT_F9).await.unwrap();
    wait_history(&c, "data-printed", &["no", "yes"]).await;

    // Ctrl+F9 reprints the receipt on show; the history shows the 补打 entry, shown.
    flows::press(&c, CTRL_F9).await.unwrap();
    wait_history(&c, "data-reprint", &["no", "no", "yes"]).await;
    wait_history(&c, "data-kind", &["receipt", "voucher", "receipt"]).await;
    wait_history(&c, "data-shown", &["no", "no", "yes"]).await;
    let entries = c
        .find_all(fantoccini::Locator::Css(&ow_e2e::testid("paper-entry")))
        .await
        .unwrap();
    assert!(entries[2].text().await.unwrap().contains("补打"));
    wait_attr(&c, "paper-preview", "data-state", "ready", 30)
        .await
        .unwrap();
    screenshot(&c, "paper-receipt-reprint").await.unwrap();

    // The app's own record of the papers, and their PDFs.
    let list = invoke(&c, "paper_list", json!({ "id": case }))
        .await
        .unwrap();
    let list: &Vec<Value> = list.as_array().unwrap();
    let id_of = |kind: &str, reprint: bool| {
        list.iter()
            .find(|p| p["kind"] == kind && p["reprint"] == reprint)
            .unwrap_or_else(|| panic!("no {kind} (reprint {reprint}) in {list:?}"))["id"]
            .as_u64()
            .unwrap()
    };
    let reprint = flows::paper_text(&c, id_of("receipt", true)).await.unwrap();
    assert!(reprint.contains("受理回执"), "{reprint}");
    assert!(reprint.contains(&number), "{reprint}");
    assert!(
        reprint.contains("补打"),
        "not marked as a reprint:\n{reprint}"
    );
    let first = flows::paper_text(&c, id_of("receipt", false))
        .await
        .unwrap();
    assert!(!first.contains("补打"), "the first print is not a reprint");
    let voucher = flows::paper_text(&c, id_of("voucher", false))
        .await
        .unwrap();
    assert!(voucher.contains("物料流转凭证"), "{voucher}");
    assert!(voucher.contains(&number), "{voucher}");
    c.close().await.unwrap();
}
