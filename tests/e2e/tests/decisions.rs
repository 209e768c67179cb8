//! Steps ④ and ⑤ through the real window: the decision the checklist allows, confirmed from the
//! keyboard, and the paper that comes out of it — checked as text extracted from the very PDF
//! the app stored, not from the screen.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, Locator};
use ow_e2e::flows::{
    self, choose_spouse_item_and_answer, invoke, receive_every_line, type_applicant, ENTER,
};
use ow_e2e::{open_new_case, screenshot, testid, wait_attr, wait_for, Driver};
use serde_json::json;

const F6: &str = "\u{E036}";
const F7: &str = "\u{E037}";
const F9: &str = "\u{E039}";

async fn texts(c: &Client, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in c.find_all(Locator::Css(&testid(id))).await.unwrap() {
        out.push(el.prop("textContent").await.unwrap().unwrap_or_default());
    }
    out
}

/// The newest case's id (the screen shows only its tail).
async fn newest_case(c: &Client) -> String {
    let recent = invoke(c, "case_recent", json!({ "limit": 1 }))
        .await
        .unwrap();
    recent[0]["id"].as_str().unwrap().to_owned()
}

/// The text of the case's paper, from the PDF the app stored.
async fn paper_text(c: &Client, case: &str) -> String {
    let paper = invoke(c, "paper_issue", json!({ "id": case }))
        .await
        .unwrap();
    flows::pdf_text(paper["pdf_base64"].as_str().unwrap()).unwrap()
}

/// Sends keys to whatever has focus.
async fn keys(c: &Client, k: &str) {
    flows::press(c, k).await.unwrap();
}

async fn open_answered_case(c: &Client) {
    open_new_case(c, 30).await.unwrap();
    type_applicant(c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    choose_spouse_item_and_answer(c).await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_one_time_notice_lists_exactly_the_missing_lines() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    open_answered_case(&c).await;

    // Nothing received yet: F6 (accept) is refused, F7 opens the notice confirmation.
    keys(&c, F6).await;
    wait_for(&c, "decision-step", 10).await.unwrap();
    assert!(
        c.find(Locator::Css(&testid("decision-ok"))).await.is_err(),
        "accept must not open while materials are missing"
    );
    let blockers = c
        .find_all(Locator::Css(&testid("decision-blocker")))
        .await
        .unwrap();
    assert_eq!(
        blockers[0].attr("data-code").await.unwrap().as_deref(),
        Some("materials_incomplete")
    );
    let listed = texts(&c, "notice-line").await;
    assert!(listed.len() >= 5, "{listed:?}");
    keys(&c, F7).await;
    wait_for(&c, "decision-ok", 10).await.unwrap();
    screenshot(&c, "decision-notice-confirm").await.unwrap();
    keys(&c, ENTER).await;

    wait_attr(&c, "paper-step", "data-status", "noticed", 15)
        .await
        .unwrap();
    let number = flows::text_of(&c, "case-number").await.unwrap();
    assert!(number.starts_with("PX-TRAIN0001-W08-"), "{number}");
    // The preview is the stored PDF rendered by pdf.js in the webview.
    wait_attr(&c, "paper-preview", "data-state", "ready", 30)
        .await
        .unwrap();
    screenshot(&c, "paper-notice-preview").await.unwrap();

    // F9 prints; in sandbox the preview is the print, and the history says so.
    keys(&c, F9).await;
    wait_attr(&c, "paper-entry", "data-printed", "yes", 10)
        .await
        .unwrap();

    let text = paper_text(&c, &newest_case(&c).await).await;
    assert!(text.contains("一次性告知书"), "{text}");
    assert!(text.contains(&number), "{text}");
    for line in &listed {
        let name = line.split(" —").next().unwrap().trim();
        let head: String = name.chars().take(6).collect();
        assert!(text.contains(&head), "{name} not on the notice:\n{text}");
    }
    // Closing the session ends the app; a live one would take over the next test's launch.
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn accepting_prints_a_receipt_with_the_case_number_and_materials() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    open_answered_case(&c).await;
    let case = newest_case(&c).await;

    // Every line received from the keyboard on the materials step; their names for the paper.
    receive_every_line(&c).await.unwrap();
    let view = invoke(&c, "case_view", json!({ "id": case }))
        .await
        .unwrap();
    let received: Vec<String> = view["options"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect();

    keys(&c, F6).await;
    wait_for(&c, "decision-can-accept", 10).await.unwrap();
    wait_for(&c, "decision-ok", 10).await.unwrap();
    keys(&c, ENTER).await;
    wait_attr(&c, "paper-step", "data-status", "accepted", 15)
        .await
        .unwrap();
    let number = flows::text_of(&c, "case-number").await.unwrap();
    let promised = flows::text_of(&c, "promised-by").await.unwrap();
    wait_attr(&c, "paper-preview", "data-state", "ready", 30)
        .await
        .unwrap();
    screenshot(&c, "paper-receipt-preview").await.unwrap();

    let text = paper_text(&c, &case).await;
    assert!(text.contains("受理回执"), "{text}");
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("陈思远"), "{text}");
    for name in &received {
        let head: String = name.chars().take(6).collect();
        assert!(text.contains(&head), "{name} not on the receipt:\n{text}");
    }
    // The promised date, as 2026年12月03日 on paper and 2026-12-03 on screen.
    let parts: Vec<&str> = promised.split('-').collect();
    let zh = format!("{}年{}月{}日", parts[0], parts[1], parts[2]);
    assert!(text.contains(&zh), "{zh} not on the receipt:\n{text}");

    // The forwarder takes it to the embedded back office: F10 shows it confirmed, with the
    // back office's own number.
    keys(&c, "\u{E03A}").await; // F10
    wait_for(&c, "sync-panel", 10).await.unwrap();
    wait_attr(&c, "sync-row", "data-state", "confirmed", 30)
        .await
        .unwrap();
    let bo = flows::text_of(&c, "sync-number").await.unwrap();
    assert!(!bo.trim().is_empty(), "a back-office case number");
    screenshot(&c, "sync-confirmed").await.unwrap();

    // The accepted case cannot be decided again.
    let again = invoke(
        &c,
        "case_decide",
        json!({ "id": case, "decision": { "kind": "accept" } }),
    )
    .await;
    assert!(again.is_err(), "a second decision must be refused");
    c.close().await.unwrap();
}
