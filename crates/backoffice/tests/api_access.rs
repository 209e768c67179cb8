//! Sign-in, provisioning, reference data and blobs over real HTTP, on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, Backend};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    sign_in_and_sessions,
    provisioning_needs_the_admin,
    catalog_and_calendar_versions_with_etags,
    blobs_are_content_addressed_and_idempotent,
);

async fn sign_in_and_sessions(b: Backend) {
    let s = common::start(b).await;
    let r = s
        .sign_in_workstation(seed::WORKSTATION_ID, "wrong-secret")
        .await;
    expect_error(r, 401, "backoffice.bad_credentials").await;
    let r = s.sign_in_workstation("no-such-window", "whatever").await;
    expect_error(r, 401, "backoffice.bad_credentials").await;
    let r = s.sign_in_clerk(seed::APPROVER, "9999").await;
    expect_error(r, 401, "backoffice.bad_credentials").await;

    let r = s.sign_in_clerk(seed::APPROVER, seed::PIN).await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["kind"], "clerk");
    assert_eq!(v["roles"], json!(["approver"]));
    assert!(v["queues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q == "huzheng"));

    // No token, a made-up token, and a signed-out token are all 401.
    let r = s.req(Method::GET, "/queues", None).send().await.unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    let r = s
        .req(Method::GET, "/queues", Some("owb_forged"))
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    let w = s.window().await;
    let queues = s.get_json(&w, "/queues").await;
    assert_eq!(
        queues.as_array().unwrap().len(),
        seed::queues().unwrap().len()
    );
    let r = s
        .req(Method::POST, "/auth/sign-out", Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .req(Method::GET, "/queues", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;

    // Five wrong PINs lock the clerk, even against the right one; the fifth says so at once.
    for _ in 0..4 {
        let r = s.sign_in_clerk(seed::LEAD, "1111").await;
        assert_eq!(r.status(), 401);
    }
    let r = s.sign_in_clerk(seed::LEAD, "1111").await;
    expect_error(r, 429, "backoffice.too_many_attempts").await;
    let r = s.sign_in_clerk(seed::LEAD, seed::PIN).await;
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let v = expect_error(r, 429, "backoffice.too_many_attempts").await;
    assert!(v["details"]["retry_after_seconds"].as_u64().unwrap() > 0);
    assert_eq!(v["details"]["retry_after_seconds"], retry);
}

async fn provisioning_needs_the_admin(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let body = json!({"window_name": "综合窗口 3", "secret": "a-long-shared-secret-1"});
    let r = s
        .req(Method::PUT, "/admin/workstations/ws-3", Some(&w))
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .req(Method::PUT, "/admin/workstations/ws-3", None)
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    let r = s
        .req(Method::PUT, "/admin/workstations/ws-3", Some(s.admin()))
        .json(&json!({"window_name": "x", "secret": "short"}))
        .send()
        .await
        .unwrap();
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .req(Method::PUT, "/admin/workstations/ws-3", Some(s.admin()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .sign_in_workstation("ws-3", "a-long-shared-secret-1")
        .await;
    assert_eq!(r.status(), 200);

    let r = s
        .req(Method::PUT, "/admin/queues/gongjijin", Some(s.admin()))
        .json(&json!({"name": "公积金"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .req(Method::PUT, "/admin/clerks/a9", Some(s.admin()))
        .json(
            &json!({"name": "审批员", "secret": "123", "roles": ["approver"], "queues": ["gongjijin"]}),
        )
        .send()
        .await
        .unwrap();
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .req(Method::PUT, "/admin/clerks/a9", Some(s.admin()))
        .json(&json!({"name": "审批员", "secret": "1234", "roles": ["approver"], "queues": ["nowhere"]}))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.unknown_queue").await;
    let token = s.new_approver("a9", &["gongjijin"]).await;
    // New roles end the old sessions at once (`window` and `pin` are the older names).
    let r = s
        .req(Method::PUT, "/admin/clerks/a9", Some(s.admin()))
        .json(&json!({"name": "审批员", "pin": "4321", "roles": ["window"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .req(Method::GET, "/queues", Some(&token))
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    let v: Value = s.sign_in_clerk("a9", "4321").await.json().await.unwrap();
    assert_eq!(v["roles"], json!(["clerk"]));
    assert_eq!(v["queues"], json!([]));
}

async fn catalog_and_calendar_versions_with_etags(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let r = s
        .req(Method::GET, "/catalog", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.no_reference").await;

    let put = |body: String, token: &str| {
        s.req(Method::PUT, "/catalog", Some(token))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let v1_body = common::catalog_doc("v1").to_string();
    expect_error(
        put(v1_body.clone(), &w).await.unwrap(),
        403,
        "backoffice.forbidden",
    )
    .await;
    expect_error(
        put("{not json".into(), s.admin()).await.unwrap(),
        400,
        "backoffice.malformed_json",
    )
    .await;
    let v1: Value = put(v1_body.clone(), s.admin())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v1["version"], 1, "{v1}");
    let again: Value = put(v1_body, s.admin()).await.unwrap().json().await.unwrap();
    assert_eq!(again["version"], 1, "identical content keeps its version");
    let v2_body = common::catalog_doc("v2").to_string();
    let v2: Value = put(v2_body.clone(), s.admin())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v2["version"], 2);

    // What the windows' loader refuses is refused here, and nothing is stored: any JSON, a
    // deep nesting, a catalog with a broken item (the loader's file and line come back).
    expect_error(
        put("true".into(), s.admin()).await.unwrap(),
        422,
        "backoffice.invalid_body",
    )
    .await;
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    expect_error(
        put(deep, s.admin()).await.unwrap(),
        422,
        "backoffice.invalid_body",
    )
    .await;
    let mut broken = common::catalog_doc("v3");
    for f in broken["files"].as_array_mut().unwrap() {
        if f["name"].as_str().unwrap().ends_with("tkpo.yaml") {
            let text = f["text"]
                .as_str()
                .unwrap()
                .replacen("questions:", "questions: [", 1);
            f["text"] = Value::String(text);
        }
    }
    let e = expect_error(
        put(broken.to_string(), s.admin()).await.unwrap(),
        422,
        "backoffice.bad_catalog",
    )
    .await;
    assert!(
        e["details"]["code"]
            .as_str()
            .unwrap()
            .starts_with("catalog."),
        "{e}"
    );
    assert!(
        e.to_string().contains("tkpo.yaml"),
        "the file is named: {e}"
    );

    let r = s
        .req(Method::GET, "/catalog", Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, v2["etag"].as_str().unwrap());
    assert_eq!(
        r.headers()["x-reference-version"],
        "2",
        "the refused ones changed nothing"
    );
    assert_eq!(r.text().await.unwrap(), v2_body);
    let r = s
        .req(Method::GET, "/catalog", Some(&w))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);

    // The calendar is versioned on its own, and checked the same way.
    let r = s
        .req(Method::GET, "/calendar", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.no_reference").await;
    let put_calendar = |body: Value| {
        s.req(Method::PUT, "/calendar", Some(s.admin()))
            .json(&body)
            .send()
    };
    let c: Value = put_calendar(common::calendar_doc(2027))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(c["version"], 1);
    assert_eq!(c["kind"], "calendar");
    for (bad, code) in [
        (
            json!({"2025": {"holidays": ["2025-10-01"]}}),
            "backoffice.invalid_body",
        ),
        (json!({"years": []}), "backoffice.invalid_request"),
        (
            json!({"years": [{"name": "cn-2028.json", "text": "{\"year\": 2028, \"days\": []}"}]}),
            "backoffice.bad_calendar",
        ),
        (
            json!({"years": [{"name": "cn-2028.json", "text": "not json"}]}),
            "backoffice.bad_calendar",
        ),
    ] {
        expect_error(put_calendar(bad).await.unwrap(), 422, code).await;
    }
}

async fn blobs_are_content_addressed_and_idempotent(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let page = b"%PDF-1.7 scanned page".to_vec();
    let h = common::sha256(&page);
    let r = s
        .req(Method::HEAD, &format!("/blobs/{h}"), Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = s
        .req(Method::PUT, &format!("/blobs/{h}"), Some(&w))
        .body(page.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = s
        .req(Method::PUT, &format!("/blobs/{h}"), Some(&w))
        .body(page.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["created"], false);
    let r = s
        .req(Method::HEAD, &format!("/blobs/{h}"), Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-blob-size"], page.len().to_string().as_str());
    let r = s
        .req(Method::GET, &format!("/blobs/{h}"), Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.bytes().await.unwrap().to_vec(), page);

    let other = common::sha256(b"something else");
    let r = s
        .req(Method::PUT, &format!("/blobs/{other}"), Some(&w))
        .body(page.clone())
        .send()
        .await
        .unwrap();
    let v = expect_error(r, 400, "backoffice.blob_hash_mismatch").await;
    assert_eq!(v["details"]["actual"], h);
    let r = s
        .req(Method::HEAD, &format!("/blobs/{other}"), Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "a refused upload stores nothing");
    let r = s
        .req(Method::PUT, "/blobs/ABC", Some(&w))
        .body(page.clone())
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.bad_hash").await;

    let big = vec![7u8; common::test_limits().blob_bytes + 1];
    let bh = common::sha256(&big);
    let r = s
        .req(Method::PUT, &format!("/blobs/{bh}"), Some(&w))
        .body(big)
        .send()
        .await
        .unwrap();
    expect_error(r, 413, "backoffice.body_too_large").await;
    let r = s
        .req(Method::PUT, &format!("/blobs/{h}"), None)
        .body(page)
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
}
