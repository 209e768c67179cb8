//! 统一出件 in the real window against a real back office on loopback: a result the department
//! made ready is handed out only to the ID of its applicant or agent, or with the clerk's
//! reason; the hand-over goes through the outbox and the back office records who collected
//! it, once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_backoffice::seed;
use ow_e2e::hall::Hall;
use ow_e2e::{axe_serious, flows, screenshot, wait_attr, wait_for, Driver};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const F11: &str = "\u{E03B}";
const ENTER: &str = "\u{E007}";

/// Another window's accepted case, approved and made ready by the department; its number.
async fn ready_case(hall: &Hall) -> String {
    let window = hall.other_window().await.unwrap();
    let intake = json!({
        "window_case_no": "W01-E2E-PICKUP", "item_code": "000173001001",
        "item_name": "市外迁入—投靠配偶", "queue": "huzheng", "clerk_id": seed::SECOND_CLERK,
        "applicant": {"name": "陈思远", "id_kind": "resident_id", "id_number": "11010519491231002X"},
        "materials": [{"code": "hukou", "name": "户口簿", "data_check": true}],
        "accepted_at": chrono::Utc::now(),
    });
    let receipt = hall
        .send(Method::POST, &window, "/cases", Some(&intake))
        .await
        .unwrap();
    let number = receipt["case_number"].as_str().unwrap().to_owned();
    let approver = hall.clerk(seed::APPROVER).await.unwrap();
    hall.send(Method::POST, &approver, "/queues/huzheng/claim", None)
        .await
        .unwrap();
    for step in ["approve", "ready"] {
        hall.send(
            Method::POST,
            &approver,
            &format!("/cases/{number}/{step}"),
            Some(&json!({})),
        )
        .await
        .unwrap();
    }
    number
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_result_goes_only_to_a_matching_id_or_with_the_clerks_reason_and_is_recorded_once() {
    let hall = Hall::open().await.unwrap();
    let number = ready_case(&hall).await;
    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();
    // The results poll brings it onto the top bar.
    wait_attr(&c, "pickup-count", "data-count", "1", 30)
        .await
        .unwrap();

    // F11, Enter on the first hand-over: the dialog waits on the collector's ID.
    flows::press(&c, F11).await.unwrap();
    wait_for(&c, "pickup-panel", 10).await.unwrap();
    flows::wait_focus(&c, "pickup-hand-out", 10).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    flows::wait_focus(&c, "pickup-collector-number", 10)
        .await
        .unwrap();

    // A stranger's card on the reader (the trainer's control): refused, a reason asked for.
    flows::invoke(&c, "identity_sim_present", json!({ "key": "valid_adult" }))
        .await
        .unwrap();
    wait_for(&c, "pickup-collector-read", 10).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    wait_attr(
        &c,
        "pickup-error",
        "data-code",
        "results.collector_mismatch",
        10,
    )
    .await
    .unwrap();
    let error = wait_for(&c, "pickup-error", 5).await.unwrap();
    assert!(error.text().await.unwrap().contains("均不一致"));
    flows::wait_focus(&c, "pickup-override-reason", 10)
        .await
        .unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the hand-over: {axe:?}");
    screenshot(&c, "pickup-mismatch").await.unwrap();

    // With the reason, it goes out: off the list at once.
    let reason = "申请人住院，家属凭委托书领取";
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("{reason}{ENTER}"))
        .await
        .unwrap();
    wait_attr(&c, "pickup-count", "data-count", "0", 10)
        .await
        .unwrap();
    // The collection record (领取凭证) is printed at once (the sandbox's preview printer): the
    // case, who collected it and why, the number masked — read back from the stored PDF.
    wait_attr(&c, "pickup-record", "data-printed", "yes", 15)
        .await
        .unwrap();
    let paper_id: u32 = wait_for(&c, "pickup-record", 5)
        .await
        .unwrap()
        .attr("data-paper")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let paper = flows::invoke(&c, "paper_get", json!({ "paper": paper_id }))
        .await
        .unwrap();
    assert_eq!(paper["entry"]["kind"], "pickup_record");
    let text = flows::pdf_text(paper["pdf_base64"].as_str().unwrap()).unwrap();
    for needle in [
        "领取凭证",
        "W01-E2E-PICKUP",
        "他人",
        reason,
        "领取人（签字）",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(
        !text.contains("110105198503120012"),
        "the collector's number is masked:\n{text}"
    );
    assert!(!text.contains("补打"), "{text}");
    // 补打 makes it again, marked as a reprint, and prints that.
    wait_for(&c, "pickup-record-print", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let reprint_id: u32 = loop {
        let shown = wait_for(&c, "pickup-record", 5).await.unwrap();
        let id: u32 = shown
            .attr("data-paper")
            .await
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        if id != paper_id && shown.attr("data-printed").await.unwrap().as_deref() == Some("yes") {
            break id;
        }
        assert!(std::time::Instant::now() < deadline, "never reprinted");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let reprint = flows::invoke(&c, "paper_get", json!({ "paper": reprint_id }))
        .await
        .unwrap();
    assert_eq!(reprint["entry"]["reprint"], true, "{}", reprint["entry"]);
    let text = flows::pdf_text(reprint["pdf_base64"].as_str().unwrap()).unwrap();
    assert!(text.contains("补打") && text.contains("领取凭证"), "{text}");
    // The collector's card was the hand-over's, not the open case's applicant.
    let on_case = c
        .execute(
            "const e = document.querySelector('[data-testid=applicant-name]'); return e ? e.value : '';",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        on_case,
        json!(""),
        "the collector's card landed on the open case"
    );

    // The outbox brings it to the back office, once, with who collected it and why.
    let lead = hall.clerk(seed::LEAD).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let view: Value = loop {
        let v = hall
            .send(Method::GET, &lead, &format!("/cases/{number}"), None)
            .await
            .unwrap();
        if v["state"] == "handed_out" {
            break v;
        }
        assert!(Instant::now() < deadline, "never handed out: {v}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let outs: Vec<&Value> = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"] == "handed_out")
        .collect();
    assert_eq!(outs.len(), 1, "{view}");
    let collector = &outs[0]["detail"]["collector"];
    assert_eq!(collector["role"], "other");
    assert_eq!(collector["from_card"], true);
    assert_eq!(collector["override_reason"], reason);
    assert_eq!(outs[0]["detail"]["clerk"], seed::WINDOW_CLERK);
    c.close().await.unwrap();
}
