//! Bad requests get clear 4xx answers in the one error model, and change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, intake, Backend};
use reqwest::Method;
use serde_json::json;

on_both!(bad_requests_are_refused_clearly_and_change_nothing);

async fn bad_requests_are_refused_clearly_and_change_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    // The scheme's case does not matter (RFC 7235); another scheme is 401.
    for (value, status) in [
        (format!("bearer {w}"), 200),
        (format!("BEARER {w}"), 200),
        (format!("Basic {w}"), 401),
        (w.clone(), 401),
    ] {
        let r = s
            .http
            .get(format!("{}/auth/me", s.base))
            .header("authorization", value)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status);
    }
    let post_raw = |body: String, ctype: Option<&'static str>| {
        let mut r = s
            .req(Method::POST, "/cases", Some(&w))
            .header("Idempotency-Key", "bad");
        if let Some(c) = ctype {
            r = r.header("content-type", c);
        }
        r.body(body).send()
    };
    let json_ct = Some("application/json");
    let r = post_raw("{\"window_case_no\": ".into(), json_ct)
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.malformed_json").await;
    let mut wrong = intake(1, "huzheng", &[]);
    wrong["materials"] = json!("not a list");
    let r = post_raw(wrong.to_string(), json_ct).await.unwrap();
    expect_error(r, 422, "backoffice.invalid_body").await;
    let r = post_raw(intake(1, "huzheng", &[]).to_string(), None)
        .await
        .unwrap();
    expect_error(r, 415, "backoffice.unsupported_media_type").await;
    let mut huge = intake(1, "huzheng", &[]);
    huge["note"] = json!("x".repeat(common::test_limits().json_bytes + 10));
    let r = post_raw(huge.to_string(), json_ct).await.unwrap();
    let v = expect_error(r, 413, "backoffice.body_too_large").await;
    assert_eq!(v["details"]["limit"], common::test_limits().json_bytes);

    let mut empty = intake(1, "huzheng", &[]);
    empty["item_code"] = json!("  ");
    let v = expect_error(
        s.post_case(&w, "e", &empty).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    assert_eq!(v["details"]["field"], "item_code");
    let bad_hash = intake(1, "huzheng", &["NOT-A-HASH".into()]);
    expect_error(
        s.post_case(&w, "h", &bad_hash).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let v = expect_error(
        s.post_case(&w, "q", &intake(1, "nowhere", &[])).await,
        404,
        "backoffice.unknown_queue",
    )
    .await;
    assert_eq!(v["details"]["queue"], "nowhere");
    let r = s
        .req(Method::POST, "/cases", Some(&w))
        .json(&intake(1, "huzheng", &[]))
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.missing_idempotency_key").await;
    let r = s
        .req(Method::POST, "/cases", None)
        .header("Idempotency-Key", "n")
        .json(&intake(1, "huzheng", &[]))
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    // A clerk cannot forward cases; only a workstation can.
    let lead = s.lead().await;
    expect_error(
        s.post_case(&lead, "l", &intake(1, "huzheng", &[])).await,
        403,
        "backoffice.forbidden",
    )
    .await;
    let admin = s.admin();
    expect_error(
        s.post_case(admin, "a", &intake(1, "huzheng", &[])).await,
        403,
        "backoffice.forbidden",
    )
    .await;

    let r = s
        .req(Method::GET, "/cases/BO-nope", Some(&w))
        .send()
        .await
        .unwrap();
    let v = expect_error(r, 404, "backoffice.unknown_case").await;
    assert_eq!(v["details"]["case_number"], "BO-nope");
    let r = s
        .req(Method::GET, "/no/such/route", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.no_such_route").await;
    let r = s
        .req(Method::DELETE, "/cases", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 405, "backoffice.method_not_allowed").await;
    let r = s
        .req(Method::POST, "/auth/clerk", None)
        .json(&json!({"clerk_id": 5}))
        .send()
        .await
        .unwrap();
    expect_error(r, 422, "backoffice.invalid_body").await;

    // Nothing above left a trace.
    assert!(s.changes_eventually(&w, 0).await.is_empty());
    let ov = s.get_json(&lead, "/overview").await;
    assert!(ov["queues"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["counts"] == json!([])));
    // The key used by the refused requests is still free.
    assert_eq!(
        s.post_case(&w, "bad", &intake(1, "huzheng", &[]))
            .await
            .status(),
        201
    );
}
