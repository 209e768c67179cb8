//! The shift lead's at-risk lists in the real window: cases another window forwarded — one
//! past its promised date and five-day clock, one owing a material past its day — show on the
//! lead's console, worst first; a clerk calling the same command directly is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, Utc};
use fantoccini::Locator;
use ow_e2e::flows::invoke;
use ow_e2e::hall::Hall;
use ow_e2e::{axe_serious, lead_at_console, screenshot, testid, wait_for, Driver};
use reqwest::Method;
use serde_json::{json, Value};

fn intake(n: u32, extra: Value) -> Value {
    let mut v = json!({
        "window_case_no": format!("PX-W03-{n:04}"),
        "item_code": "000173001001",
        "item_name": "市外迁入（投靠配偶）",
        "queue": "huzheng",
        "clerk_id": "1024",
        "applicant": {"name": "陈思远", "id_kind": "resident_id", "id_number": "11010519491231002X"},
        "materials": [{"code": "applicant_id", "name": "申请人居民身份证", "data_check": true}],
        "accepted_at": Utc::now()
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_lead_sees_the_cases_at_risk_and_a_clerk_is_refused_them() {
    let hall = Hall::open().await.unwrap();
    let other = hall.other_window().await.unwrap();
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let ago = |d: i64| (today - Duration::days(d)).to_string();
    let ahead = |d: i64| (today + Duration::days(d)).to_string();
    for (n, extra) in [
        (1, json!({"promised_by": ago(10), "notice_by": ago(9)})),
        (
            2,
            json!({"promised_by": ahead(40), "owed": [{"code": "death_proof", "name": "死亡证明", "due": ago(4)}]}),
        ),
        (3, json!({"promised_by": ahead(40), "notice_by": ahead(20)})),
    ] {
        hall.send(Method::POST, &other, "/cases", Some(&intake(n, extra)))
            .await
            .unwrap();
    }

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    // The clerk at the keyboard: refused by the desk, not just hidden.
    let refused = invoke(&c, "hall_at_risk", Value::Null)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("auth.forbidden"), "{refused}");

    lead_at_console(&c).await.unwrap();
    wait_for(&c, "hall-risk", 20).await.unwrap();
    let rows = |list: &'static str| {
        let c = c.clone();
        async move {
            let table = c
                .find(Locator::Css(&testid(&format!("risk-{list}"))))
                .await
                .unwrap();
            let mut out = Vec::new();
            for r in table
                .find_all(Locator::Css(&testid("risk-case")))
                .await
                .unwrap()
            {
                out.push(r.attr("data-case").await.unwrap().unwrap_or_default());
            }
            out
        }
    };
    assert_eq!(rows("promised").await, ["PX-W03-0001"]);
    assert_eq!(rows("notice_clock").await, ["PX-W03-0001"]);
    assert_eq!(rows("owed_overdue").await, ["PX-W03-0002"]);
    assert!(rows("returned_waiting").await.is_empty());
    let owed = c
        .find(Locator::Css(&testid("risk-owed_overdue")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(owed.contains("死亡证明") && owed.contains("已超"), "{owed}");
    wait_for(&c, "hall-live", 5).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the at-risk lists: {axe:?}");
    screenshot(&c, "hall-at-risk").await.unwrap();
    c.close().await.unwrap();
}
