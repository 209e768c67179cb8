//! Case intake: idempotency, missing blobs, the change feed — on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, intake, Backend};
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    the_same_key_and_body_replays_and_creates_nothing,
    a_reused_key_with_another_body_changes_nothing,
    concurrent_retries_of_one_key_create_one_case,
    missing_blobs_are_named_and_nothing_is_kept,
    the_change_feed_pages_by_cursor,
    every_department_of_the_catalog_takes_cases,
);

/// The sandbox's queues come from the built-in catalog: a case accepted for any of its
/// departments is taken in (the hand-kept list once refused five departments' cases).
async fn every_department_of_the_catalog_takes_cases(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let queues = s.get_json(&w, "/queues").await;
    let catalog = ow_catalog::Catalog::builtin().unwrap();
    assert!(catalog.departments().len() >= 12);
    for (i, d) in catalog.departments().iter().enumerate() {
        // As the workstation forwards it: `backoffice.<code>` → `<code>`.
        let code = d.queue.strip_prefix("backoffice.").unwrap();
        let listed = queues
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["code"] == code);
        assert_eq!(listed.unwrap()["name"], d.name.as_str(), "{code}");
        let n = i as u32 + 1;
        let r = s
            .post_case(&w, &format!("dept-{code}"), &intake(n, code, &[]))
            .await;
        assert_eq!(r.status(), 201, "{code}: {}", r.text().await.unwrap());
    }
}

async fn the_same_key_and_body_replays_and_creates_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let blob = s.put_blob(&w, b"page one").await;
    let body = intake(1, "huzheng", &[blob]);
    let r1 = s.post_case(&w, "key-1", &body).await;
    assert_eq!(r1.status(), 201);
    let first: Value = r1.json().await.unwrap();
    let r2 = s.post_case(&w, "key-1", &body).await;
    assert_eq!(r2.status(), 200);
    let second: Value = r2.json().await.unwrap();
    assert_eq!(first, second);
    // Key order and spelled-out defaults do not make a retry look different.
    let mut reordered = serde_json::Map::new();
    for (k, v) in body.as_object().unwrap().iter().rev() {
        reordered.insert(k.clone(), v.clone());
    }
    reordered.insert("agent".into(), Value::Null);
    let r3 = s.post_case(&w, "key-1", &Value::Object(reordered)).await;
    assert_eq!(r3.status(), 200);
    assert_eq!(r3.json::<Value>().await.unwrap(), first);
    s.changes_eventually(&w, 1).await; // one case, one intake event
                                       // Another key is another case.
    let other = s.new_case(&w, "key-2", &body).await;
    assert_ne!(other, first["case_number"].as_str().unwrap());
    let lead = s.lead().await;
    let ov = s.get_json(&lead, "/overview").await;
    let hz = ov["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["queue"] == "huzheng")
        .unwrap();
    assert_eq!(hz["counts"], json!([{"state": "queued", "count": 2}]));
}

async fn a_reused_key_with_another_body_changes_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let first = s.new_case(&w, "k", &intake(1, "huzheng", &[])).await;
    let r = s.post_case(&w, "k", &intake(2, "huzheng", &[])).await;
    expect_error(r, 422, "backoffice.idempotency_key_reused").await;
    let changes = s.changes_eventually(&w, 1).await;
    assert_eq!(changes[0]["case_number"], first);
    assert_eq!(changes[0]["window_case_no"], "W-00001");
}

async fn concurrent_retries_of_one_key_create_one_case(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let body = intake(7, "churujing", &[]);
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let (http, base, w, body) = (s.http.clone(), s.base.clone(), w.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(format!("{base}/cases"))
                .bearer_auth(w)
                .header("Idempotency-Key", "same-key")
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let v: Value = r.json().await.unwrap();
            (status, v["case_number"].as_str().unwrap().to_owned())
        }));
    }
    let mut created = 0;
    let mut numbers = std::collections::HashSet::new();
    for t in tasks {
        let (status, n) = t.await.unwrap();
        assert!(status == 201 || status == 200, "{status}");
        created += usize::from(status == 201);
        numbers.insert(n);
    }
    assert_eq!(created, 1);
    assert_eq!(numbers.len(), 1);
    s.changes_eventually(&w, 1).await;
}

async fn missing_blobs_are_named_and_nothing_is_kept(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let present = s.put_blob(&w, b"uploaded page").await;
    let absent = common::sha256(b"never uploaded");
    let body = intake(3, "huzheng", &[present, absent.clone()]);
    let r = s.post_case(&w, "k3", &body).await;
    let v = expect_error(r, 409, "backoffice.missing_blobs").await;
    assert_eq!(v["details"]["missing"], json!([absent]));
    assert!(s.changes_eventually(&w, 0).await.is_empty());
    // After the upload, the same key goes through: the refusal did not consume it.
    s.put_blob(&w, b"never uploaded").await;
    let r = s.post_case(&w, "k3", &body).await;
    assert_eq!(r.status(), 201);
}

async fn the_change_feed_pages_by_cursor(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    for i in 0..5 {
        s.new_case(&w, &format!("f{i}"), &intake(i, "huzheng", &[]))
            .await;
    }
    s.changes_eventually(&w, 5).await;
    let mut since = String::new();
    let mut seen = Vec::new();
    loop {
        let page = s
            .get_json(&w, &format!("/changes?since={since}&limit=2"))
            .await;
        let changes = page["changes"].as_array().unwrap();
        if changes.is_empty() {
            assert_eq!(
                page["next_cursor"].as_str().unwrap(),
                if since.is_empty() { "0.0" } else { &since }
            );
            break;
        }
        seen.extend(
            changes
                .iter()
                .map(|c| c["window_case_no"].as_str().unwrap().to_owned()),
        );
        since = page["next_cursor"].as_str().unwrap().to_owned();
    }
    assert_eq!(
        seen,
        ["W-00000", "W-00001", "W-00002", "W-00003", "W-00004"]
    );
    let r = s
        .req(Method::GET, "/changes?since=nonsense", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.bad_cursor").await;
    let r = s
        .req(Method::GET, "/changes?limit=-3", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.bad_query").await;
}
