//! The shift lead's at-risk lists over HTTP, on both backends: a promised date gone, the
//! five-day clock running out, an owed material past its day, a returned case waiting — and
//! nobody but a lead may read them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use chrono::{Duration, Utc};
use common::{expect_error, Backend};
use serde_json::{json, Value};

on_both!(a_lead_sees_what_is_at_risk_and_nobody_else_does);

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["window_case_no"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_lead_sees_what_is_at_risk_and_nobody_else_does(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let blobs = [s.put_blob(&w, b"page").await];
    // Days in the hall's own date; far enough either side that no calendar question arises.
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let ago = |d: i64| (today - Duration::days(d)).to_string();
    let ahead = |d: i64| (today + Duration::days(d)).to_string();

    let mut late = common::intake(1, "huzheng", &blobs);
    late["promised_by"] = json!(ago(10));
    late["notice_by"] = json!(ago(8));
    s.new_case(&w, "late", &late).await;
    let mut fine = common::intake(2, "huzheng", &blobs);
    fine["promised_by"] = json!(ahead(40));
    fine["notice_by"] = json!(ahead(20));
    s.new_case(&w, "fine", &fine).await;
    let mut owes = common::intake(3, "huzheng", &blobs);
    owes["promised_by"] = json!(ahead(40));
    owes["owed"] = json!([{"code": "death_proof", "name": "死亡证明", "due": ago(3)}]);
    s.new_case(&w, "owes", &owes).await;
    let mut back = common::intake(4, "huzheng", &blobs);
    back["promised_by"] = json!(ahead(40));
    let number = s.new_case(&w, "back", &back).await;
    let approver = s.approver().await;
    // Claims come oldest first: claim until the fourth case is in hand, then return it.
    loop {
        let c = s.claim(&approver, "huzheng").await.unwrap();
        if c["case_number"] == json!(number) {
            break;
        }
    }
    let r = s
        .post(
            &approver,
            &format!("/cases/{number}/return"),
            &json!({"reasons": ["缺页"]}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let lead = s.lead().await;
    let risk = s.get_json(&lead, "/hall/at-risk").await;
    assert_eq!(risk["today"], json!(today.to_string()));
    // The first three were claimed (in review) and are still with the department.
    assert_eq!(names(&risk["promised"]), ["W-00001"], "{risk}");
    assert!(risk["promised"][0]["days_left"].as_i64().unwrap() < 0);
    assert_eq!(names(&risk["notice_clock"]), ["W-00001"], "{risk}");
    assert_eq!(names(&risk["owed_overdue"]), ["W-00003"], "{risk}");
    assert_eq!(risk["owed_overdue"][0]["detail"], json!(["死亡证明"]));
    assert_eq!(names(&risk["returned_waiting"]), ["W-00004"], "{risk}");

    // A window, its clerk, an approver: refused.
    let clerk = s.clerk(ow_backoffice::seed::WINDOW_CLERK).await;
    for token in [&w, &clerk, &approver] {
        let r = s
            .req(reqwest::Method::GET, "/hall/at-risk", Some(token))
            .send()
            .await
            .unwrap();
        expect_error(r, 403, "backoffice.forbidden").await;
    }
    let r = s
        .req(reqwest::Method::GET, "/hall/at-risk", None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
