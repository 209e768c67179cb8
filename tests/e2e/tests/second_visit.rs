//! The citizen's second visit through the real window: back with a one-time notice, their card
//! brings the notice up and the case goes on with only the missing lines; a case the
//! department returned is supplemented from the pickup list, scanned on the SANE test device,
//! and reaches the back office's queue once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Client;
use ow_backoffice::seed;
use ow_e2e::flows::{self, attrs, choose_spouse_item_and_answer, invoke, keys_in, ENTER};
use ow_e2e::hall::Hall;
use ow_e2e::{axe_serious, screenshot, wait_attr, wait_for, Driver};
use serde_json::json;
use std::time::{Duration, Instant};

const F4: &str = "\u{E034}";
const F6: &str = "\u{E036}";
const F7: &str = "\u{E037}";
const F11: &str = "\u{E03B}";
const DOWN: &str = "\u{E015}";
const ALT_C: &str = "\u{E00A}c\u{E000}";
const CTRL_N: &str = "\u{E009}n\u{E000}";
const ALT_O: &str = "\u{E00A}o\u{E000}";

/// R on every checklist line still to do (↓ between lines), on the materials step.
async fn receive_the_rest(c: &Client) {
    let lines = attrs(c, "checklist-line", "data-line").await.unwrap();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            keys_in(c, "materials-step", DOWN).await.unwrap();
        }
        wait_attr(c, "materials-step", "data-line", line, 10)
            .await
            .unwrap();
        keys_in(c, "materials-step", "r").await.unwrap();
        wait_attr(c, "materials-line-state", "data-state", "received", 10)
            .await
            .unwrap();
    }
    wait_attr(c, "materials-satisfied", "data-all", "true", 10)
        .await
        .unwrap();
}

/// The checklist lines' states, by line.
async fn line_states(c: &Client) -> Vec<(String, String)> {
    let lines = attrs(c, "checklist-line", "data-line").await.unwrap();
    let states = attrs(c, "checklist-line", "data-state").await.unwrap();
    lines.into_iter().zip(states).collect()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_citizen_back_with_a_notice_continues_it_with_only_the_missing_lines() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();

    // First visit: the card, the item, the first line received, then F7: a notice.
    flows::present_card(&c, "valid_adult").await.unwrap();
    wait_attr(&c, "step-area", "data-step", "applicant", 15)
        .await
        .unwrap();
    choose_spouse_item_and_answer(&c).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    let first_line = attrs(&c, "checklist-line", "data-line").await.unwrap()[0].clone();
    wait_attr(&c, "materials-step", "data-line", &first_line, 10)
        .await
        .unwrap();
    keys_in(&c, "materials-step", "r").await.unwrap();
    wait_attr(&c, "materials-line-state", "data-state", "received", 10)
        .await
        .unwrap();
    flows::press(&c, F7).await.unwrap();
    wait_for(&c, "decision-ok", 10).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    wait_attr(&c, "paper-step", "data-status", "noticed", 15)
        .await
        .unwrap();
    let notice_case = flows::text_of(&c, "case-number").await.unwrap();

    // Back another day: a new case, the same card. The notice is offered; Alt+C continues it.
    flows::press(&c, CTRL_N).await.unwrap();
    wait_attr(&c, "step-area", "data-step", "applicant", 15)
        .await
        .unwrap();
    flows::present_card(&c, "valid_adult").await.unwrap();
    let offer = wait_for(&c, "notice-offer", 15).await.unwrap();
    let offered = offer.text().await.unwrap();
    assert!(offered.contains("续办 (Alt+C)"), "{offered}");
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the notice offer: {axe:?}");
    screenshot(&c, "second-visit-offer").await.unwrap();
    flows::press(&c, ALT_C).await.unwrap();
    wait_attr(&c, "follow-banner", "data-kind", "notice", 15)
        .await
        .unwrap();
    wait_attr(&c, "step-area", "data-step", "materials", 10)
        .await
        .unwrap();
    let banner = flows::text_of(&c, "follow-banner").await.unwrap();
    assert!(banner.contains(&notice_case), "{banner}");

    // The line received at the first visit is received; every other line is still to do.
    let states = line_states(&c).await;
    assert_eq!(states[0], (first_line.clone(), "received".to_owned()));
    assert!(
        states[1..].iter().all(|(_, s)| s != "received"),
        "{states:?}"
    );
    screenshot(&c, "second-visit-continued").await.unwrap();
    receive_the_rest(&c).await;
    flows::accept_with_f6(&c).await.unwrap();
    // The receipt follows, and the notice is carried on: no longer offered.
    let recent = invoke(&c, "case_recent", json!({ "limit": 1 }))
        .await
        .unwrap();
    let id = recent[0]["id"].as_str().unwrap();
    let paper = invoke(&c, "paper_issue", json!({ "id": id }))
        .await
        .unwrap();
    assert_eq!(paper["entry"]["kind"], "receipt", "{}", paper["entry"]);
    let case = invoke(&c, "case_get", json!({ "id": id })).await.unwrap();
    assert_eq!(case["follows"]["window_case_no"], json!(notice_case));
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_returned_case_is_supplemented_at_the_window_and_reaches_its_queue_once() {
    let hall = Hall::open().await.unwrap();
    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();

    // Accepted here, forwarded, returned by the department.
    let (number, approver, materials_before) =
        flows::accepted_then_returned(&c, &hall, "结婚证复印件不清晰")
            .await
            .unwrap();

    // The results poll brings the return to the window; F11, Enter on 收补正材料.
    wait_attr(&c, "pickup-count", "data-returned", "1", 30)
        .await
        .unwrap();
    // At 1366 × 800, with every chip of the top bar at its longest (a returned case, the chip
    // reader missing), the top bar and the key bar each keep to one line.
    let rows = c
        .execute(
            "const keys = [...document.querySelectorAll('[data-testid=key-bar] > button')];
             const top = document.querySelector('[data-testid=top-bar]').getBoundingClientRect();
             return [Math.round(top.height),
                     new Set(keys.map((k) => Math.round(k.getBoundingClientRect().top))).size,
                     window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    // One line of chips and small buttons is about 40 px high; two are over 60.
    assert!(
        rows[0].as_u64().unwrap() < 56,
        "top bar height (and the width): {rows}"
    );
    assert_eq!(rows[1], json!(1), "key bar rows (and the width): {rows}");
    flows::press(&c, F11).await.unwrap();
    wait_for(&c, "pickup-panel", 10).await.unwrap();
    flows::wait_focus(&c, "pickup-supplement", 10)
        .await
        .unwrap();
    flows::press(&c, ENTER).await.unwrap();
    wait_attr(&c, "follow-banner", "data-kind", "supplement", 15)
        .await
        .unwrap();
    let banner = flows::text_of(&c, "follow-banner").await.unwrap();
    assert!(banner.contains("结婚证复印件不清晰"), "{banner}");
    wait_attr(&c, "step-area", "data-step", "materials", 10)
        .await
        .unwrap();

    // F4 scans the new page on the SANE test device; F6 opens the send step, F6 sends.
    flows::scan_first_line_and_open_send(&c).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the supplement: {axe:?}");
    screenshot(&c, "supplement-ready").await.unwrap();
    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "supplement-sent", 15).await.unwrap();

    // Back in its queue with the new material, once.
    let view = hall
        .case_when(&approver, &number, |v| v["state"] == "queued")
        .await
        .unwrap();
    assert_eq!(
        view["intake"]["materials"].as_array().unwrap().len(),
        materials_before + 1,
        "{view}"
    );
    let supplements = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "supplement")
        .count();
    assert_eq!(supplements, 1, "{view}");
    // The outbox says it is confirmed, and nothing is left to send.
    flows::outbox_settled(&c).await.unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn an_owed_material_brought_later_joins_the_case_in_its_queue() {
    let hall = Hall::open().await.unwrap();
    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();

    // Widowed: accepted with the death certificate owed (Y on its line, R on the others).
    flows::present_card(&c, "valid_adult").await.unwrap();
    wait_attr(&c, "step-area", "data-step", "applicant", 15)
        .await
        .unwrap();
    flows::choose_spouse_item_and_answer_as(&c, "3")
        .await
        .unwrap();
    flows::press(&c, ENTER).await.unwrap();
    let lines = attrs(&c, "checklist-line", "data-line").await.unwrap();
    assert!(lines.iter().any(|l| l == "death_proof"), "{lines:?}");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            keys_in(&c, "materials-step", DOWN).await.unwrap();
        }
        wait_attr(&c, "materials-step", "data-line", line, 10)
            .await
            .unwrap();
        let (key, state) = if line == "death_proof" {
            ("y", "deferred")
        } else {
            ("r", "received")
        };
        keys_in(&c, "materials-step", key).await.unwrap();
        wait_attr(&c, "materials-line-state", "data-state", state, 10)
            .await
            .unwrap();
    }
    flows::accept_with_f6(&c).await.unwrap();
    // Forwarded: the back office has it, owing the certificate.
    let deadline = Instant::now() + Duration::from_secs(30);
    let number = loop {
        let items = invoke(&c, "outbox_list", json!({ "limit": 10 }))
            .await
            .unwrap();
        let found = items.as_array().unwrap().iter().find_map(|i| {
            (i["kind"] == "case" && i["state"] == "confirmed")
                .then(|| i["backoffice_number"].as_str().map(str::to_owned))
                .flatten()
        });
        if let Some(n) = found {
            break n;
        }
        assert!(Instant::now() < deadline, "never forwarded: {items}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let lead = hall.clerk(seed::LEAD).await.unwrap();
    let before = hall
        .case_when(&lead, &number, |v| v["state"] == "queued")
        .await
        .unwrap();
    assert_eq!(
        before["intake"]["owed"][0]["code"], "death_proof",
        "{before}"
    );

    // Back with the certificate: a new case, the same card; the owed case is offered.
    flows::press(&c, CTRL_N).await.unwrap();
    wait_attr(&c, "step-area", "data-step", "applicant", 15)
        .await
        .unwrap();
    flows::present_card(&c, "valid_adult").await.unwrap();
    wait_for(&c, "owed-offer", 15).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the owed offer: {axe:?}");
    flows::press(&c, ALT_O).await.unwrap();
    wait_attr(&c, "follow-banner", "data-kind", "owed", 15)
        .await
        .unwrap();
    wait_attr(&c, "step-area", "data-step", "materials", 10)
        .await
        .unwrap();
    // ↓ to the certificate's line, F4 scans it, F6 to the send step, F6 sends.
    for _ in 0..lines.len() {
        let at = attrs(&c, "materials-step", "data-line").await.unwrap();
        if at.first().map(String::as_str) == Some("death_proof") {
            break;
        }
        keys_in(&c, "materials-step", DOWN).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_attr(&c, "materials-step", "data-line", "death_proof", 10)
        .await
        .unwrap();
    keys_in(&c, "materials-step", F4).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !line_states(&c)
        .await
        .iter()
        .any(|(l, s)| l == "death_proof" && s == "received")
    {
        assert!(Instant::now() < deadline, "the scan never filled the line");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "supplement-ready", 10).await.unwrap();
    flows::wait_focus(&c, "supplement-send", 10).await.unwrap();
    screenshot(&c, "owed-supplement-ready").await.unwrap();
    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "supplement-sent", 15).await.unwrap();

    // The back office: still in its queue, owing nothing, the certificate on it, once.
    let view = hall
        .case_when(&lead, &number, |v| {
            v["intake"]["owed"].as_array().is_some_and(Vec::is_empty)
        })
        .await
        .unwrap();
    assert_eq!(view["state"], "queued", "{view}");
    let certs = view["intake"]["materials"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["code"] == "death_proof")
        .count();
    assert_eq!(certs, 1, "{view}");
    let supplements = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "supplement")
        .count();
    assert_eq!(supplements, 1, "{view}");
    c.close().await.unwrap();
}
