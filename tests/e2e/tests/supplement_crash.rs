//! Nothing sent twice across a crash: a supplement reaches the back office and is carried out,
//! its answer never comes back (held by a proxy), and the app is killed with SIGKILL. Started
//! again, the outbox sends it again; the case holds the supplement once and the outbox settles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_e2e::flows::{self, invoke, ENTER};
use ow_e2e::hall::Hall;
use ow_e2e::proxy::Proxy;
use ow_e2e::{wait_attr, wait_for, Driver};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const F6: &str = "\u{E036}";
const F11: &str = "\u{E03B}";

fn supplements(view: &Value) -> usize {
    view["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "supplement")
        .count()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_supplement_whose_answer_was_lost_in_a_crash_arrives_once() {
    let hall = Hall::open().await.unwrap();
    let proxy = Proxy::start(hall.addr()).await.unwrap();
    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &proxy.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();
    let (number, approver, before) = flows::accepted_then_returned(&c, &hall, "缺配偶户口簿")
        .await
        .unwrap();

    // The return reaches the window; the supplement is opened, a page scanned into it.
    wait_attr(&c, "pickup-count", "data-returned", "1", 30)
        .await
        .unwrap();
    flows::press(&c, F11).await.unwrap();
    wait_for(&c, "pickup-panel", 10).await.unwrap();
    flows::wait_focus(&c, "pickup-supplement", 10)
        .await
        .unwrap();
    flows::press(&c, ENTER).await.unwrap();
    wait_attr(&c, "step-area", "data-step", "materials", 15)
        .await
        .unwrap();
    flows::scan_first_line_and_open_send(&c).await.unwrap();

    // From here the back office's answers to the supplement are held: it is carried out, the
    // window never hears so.
    proxy.hold_answers_to(Some(&format!("/cases/{number}/supplement")));
    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "supplement-sent", 15).await.unwrap();
    let done = hall
        .case_when(&approver, &number, |v| v["state"] == "queued")
        .await
        .unwrap();
    assert_eq!(supplements(&done), 1, "{done}");
    let deadline = Instant::now() + Duration::from_secs(15);
    while proxy.held() == 0 {
        assert!(Instant::now() < deadline, "the answer was never held");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let pending = invoke(&c, "outbox_summary", json!({})).await.unwrap();
    assert_ne!(
        pending["sending"].as_i64().unwrap_or(0) + pending["waiting"].as_i64().unwrap_or(0),
        0,
        "{pending}"
    );

    // Power cut: SIGKILL, no goodbye. The answer is lost with the process.
    assert!(driver.kill_app().unwrap() >= 1, "the app was not found");
    let _ = c.close().await;
    proxy.hold_answers_to(None);

    // Started again, the outbox tries again: the back office already has it (the case is
    // queued again), the forwarder sees its pages on the case and confirms — once.
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();
    let settled = flows::outbox_settled(&c).await.unwrap();
    assert_eq!(settled["failed"], 0, "{settled}");
    let after = hall.case_when(&approver, &number, |_| true).await.unwrap();
    assert_eq!(supplements(&after), 1, "sent twice: {after}");
    assert_eq!(
        after["intake"]["materials"].as_array().unwrap().len(),
        before + 1,
        "{after}"
    );
    let recent = invoke(&c, "case_recent", json!({ "limit": 1 }))
        .await
        .unwrap();
    let sup = recent[0]["id"].as_str().unwrap().to_owned();
    let items = invoke(&c, "outbox_list", json!({ "limit": 10 }))
        .await
        .unwrap();
    let entry = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["case_id"] == json!(sup))
        .cloned()
        .unwrap_or_else(|| panic!("no supplement in {items}"));
    assert_eq!(entry["state"], "confirmed", "{entry}");
    c.close().await.unwrap();
}
