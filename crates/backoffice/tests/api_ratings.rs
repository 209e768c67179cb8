//! 好差评 over HTTP, on both backends: stored once per Idempotency-Key (also under a burst of
//! retries), 差评 need a reason and get a follow-up date in working days.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{expect_error, Backend, Server};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

on_both!(
    a_rating_is_stored_once_per_key,
    a_hundred_parallel_retries_store_one_rating,
    a_bad_rating_needs_a_reason_and_is_followed_up_on_working_days,
    only_windows_rate_and_only_leads_read,
);

fn rating(grade: &str, reasons: &[&str]) -> Value {
    json!({
        "ticket": "20261203-A023",
        "cases": ["WIN-0001"],
        "clerk_id": seed::WINDOW_CLERK,
        "grade": grade,
        "reasons": reasons,
        "text": "窗口服务热情",
        "rated_at": chrono::Utc::now()
    })
}

async fn rate(s: &Server, token: &str, key: &str, body: &Value) -> reqwest::Response {
    s.req(Method::POST, "/ratings", Some(token))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn stored(s: &Server, bad: bool) -> Vec<Value> {
    let lead = s.lead().await;
    let q = if bad { "?bad=true" } else { "" };
    s.get_json(&lead, &format!("/ratings{q}"))
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn a_rating_is_stored_once_per_key(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let body = rating("very_satisfied", &[]);
    let r = rate(&s, &w, "r-1", &body).await;
    assert_eq!(r.status(), 201);
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["workstation_id"], seed::WORKSTATION_ID);
    assert_eq!(first["rating"]["grade"], "very_satisfied");
    assert!(first["follow_up_by"].is_null());
    let r = rate(&s, &w, "r-1", &body).await;
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again, first);
    let other = rating("satisfied", &[]);
    expect_error(
        rate(&s, &w, "r-1", &other).await,
        422,
        "backoffice.idempotency_key_reused",
    )
    .await;
    let r = s
        .req(Method::POST, "/ratings", Some(&w))
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.missing_idempotency_key").await;
    assert_eq!(stored(&s, false).await, vec![first]);
}

async fn a_hundred_parallel_retries_store_one_rating(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let body = rating("dissatisfied", &["long_wait"]);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let (http, base, w, body) = (s.http.clone(), s.base.clone(), w.clone(), body.clone());
        tasks.spawn(async move {
            let r = http
                .post(format!("{base}/ratings"))
                .bearer_auth(w)
                .header("Idempotency-Key", "burst")
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let v: Value = r.json().await.unwrap();
            (status, v["id"].as_str().unwrap_or_default().to_owned())
        });
    }
    let mut statuses = Vec::new();
    let mut ids = BTreeSet::new();
    while let Some(r) = tasks.join_next().await {
        let (status, id) = r.unwrap();
        statuses.push(status);
        ids.insert(id);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        99,
        "{statuses:?}"
    );
    assert_eq!(ids.len(), 1);
    let all = stored(&s, false).await;
    assert_eq!(all.len(), 1);
    assert_eq!(
        BTreeSet::from([all[0]["id"].as_str().unwrap().to_owned()]),
        ids
    );
}

/// The hall's local date now (UTC+8).
fn hall_today() -> NaiveDate {
    (chrono::Utc::now() + Duration::hours(8)).date_naive()
}

async fn a_bad_rating_needs_a_reason_and_is_followed_up_on_working_days(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    expect_error(
        rate(&s, &w, "no-reason", &rating("very_dissatisfied", &[])).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    expect_error(
        rate(&s, &w, "reason-on-good", &rating("satisfied", &["slow"])).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    assert!(stored(&s, false).await.is_empty());

    // The hall's calendar makes the next five days a holiday (春节 moved, say): the follow-up
    // date must lie after them, counted in working days.
    let today = hall_today();
    let off: Vec<NaiveDate> = (1..=5).map(|d| today + Duration::days(d)).collect();
    // One file per year: late in December the five days reach into the next one.
    let mut years: Vec<i32> = off.iter().map(|d| d.year()).collect();
    years.dedup();
    let files: Vec<Value> = years
        .iter()
        .map(|y| {
            let days: Vec<Value> = off
                .iter()
                .filter(|d| d.year() == *y)
                .map(|d| json!({"name": "测试假期", "date": d, "isOffDay": true}))
                .collect();
            let text = json!({"year": y, "days": days}).to_string();
            json!({"name": format!("test-{y}.json"), "text": text})
        })
        .collect();
    let doc = json!({ "years": &files });
    let r = s
        .req(Method::PUT, "/calendar", Some(s.admin()))
        .json(&doc)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = rate(
        &s,
        &w,
        "bad-1",
        &rating("very_dissatisfied", &["attitude", "slow"]),
    )
    .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    let due: NaiveDate = v["follow_up_by"].as_str().unwrap().parse().unwrap();
    let mut cal = ow_calendar::WorkingCalendar::built_in().unwrap();
    for f in &files {
        cal.load_str(f["name"].as_str().unwrap(), f["text"].as_str().unwrap())
            .unwrap();
    }
    assert_eq!(due, cal.add_working_days(today, 3).unwrap());
    assert!(due > *off.last().unwrap(), "{due} falls in the holiday");
    assert!(cal.is_working_day(due).unwrap());

    rate(&s, &w, "good-1", &rating("satisfied", &[])).await;
    let bad = stored(&s, true).await;
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["rating"]["reasons"], json!(["attitude", "slow"]));
    assert_eq!(stored(&s, false).await.len(), 2);
}

async fn only_windows_rate_and_only_leads_read(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let clerk = s.clerk(seed::WINDOW_CLERK).await;
    expect_error(
        rate(&s, &clerk, "k", &rating("satisfied", &[])).await,
        403,
        "backoffice.forbidden",
    )
    .await;
    for token in [&w, &clerk] {
        let r = s
            .req(Method::GET, "/ratings", Some(token))
            .send()
            .await
            .unwrap();
        expect_error(r, 403, "backoffice.forbidden").await;
    }
    let mut long = rating("satisfied", &[]);
    long["text"] = json!("好".repeat(2001));
    expect_error(
        rate(&s, &w, "k", &long).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let mut bad = rating("satisfied", &[]);
    bad["grade"] = json!("meh");
    expect_error(
        rate(&s, &w, "k", &bad).await,
        422,
        "backoffice.invalid_body",
    )
    .await;
    assert!(stored(&s, false).await.is_empty());
}
