//! 好差评 later, by the code printed on the receipt, on both backends: a visit the citizen did
//! not rate at the window is rated once from their phone (no sign-in); a visit rated at the
//! window cannot be rated again; a hundred parallel ratings of one code store one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, Backend, Server};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    a_visit_left_unrated_is_rated_once_by_its_code,
    a_visit_rated_at_the_window_takes_no_later_rating,
    bad_codes_and_bad_ratings_are_refused_and_change_nothing,
    a_hundred_parallel_ratings_of_one_code_store_one,
    only_windows_invite,
);

const CODE: &str = "7K2M9QXR4TZ8";

fn invite(code: &str) -> Value {
    json!({
        "code": code,
        "ticket": "A023",
        "cases": ["WIN-0001", "WIN-0002"],
        "clerk_id": seed::WINDOW_CLERK,
        "served_at": chrono::Utc::now()
    })
}

async fn send_invite(s: &Server, token: &str, body: &Value) -> reqwest::Response {
    s.req(Method::POST, "/ratings/invitations", Some(token))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn later(s: &Server, code: &str, body: &Value) -> reqwest::Response {
    s.req(Method::POST, &format!("/rate/{code}"), None)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn view(s: &Server, code: &str) -> reqwest::Response {
    s.req(Method::GET, &format!("/rate/{code}"), None)
        .send()
        .await
        .unwrap()
}

async fn stored(s: &Server) -> Vec<Value> {
    let lead = s.lead().await;
    s.get_json(&lead, "/ratings")
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn a_visit_left_unrated_is_rated_once_by_its_code(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    assert_eq!(send_invite(&s, &w, &invite(CODE)).await.status(), 204);
    // The window sends it again after a lost answer: nothing changes.
    assert_eq!(send_invite(&s, &w, &invite(CODE)).await.status(), 204);

    let r = view(&s, CODE).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["ticket"], "A023");
    assert_eq!(v["items"], 2);
    assert_eq!(v["rated"], false);
    // The phone sees no personal data and no case numbers.
    assert!(v.get("cases").is_none() && v.get("clerk_id").is_none());

    let r = later(
        &s,
        CODE,
        &json!({"grade": "very_dissatisfied", "reasons": ["long_wait", "come_again"], "text": "  跑了两趟  "}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let v: Value = view(&s, CODE).await.json().await.unwrap();
    assert_eq!(v["rated"], true);

    let all = stored(&s).await;
    assert_eq!(all.len(), 1);
    let r = &all[0];
    // Recorded for the window, clerk and cases of the visit, as a window rating would be.
    assert_eq!(r["workstation_id"], seed::WORKSTATION_ID);
    assert_eq!(r["rating"]["clerk_id"], seed::WINDOW_CLERK);
    assert_eq!(r["rating"]["cases"], json!(["WIN-0001", "WIN-0002"]));
    assert_eq!(r["rating"]["code"], CODE);
    assert_eq!(r["rating"]["text"], "跑了两趟");
    assert!(r["follow_up_by"].is_string(), "a 差评 is followed up");

    // A second rating, the same or another: refused, the first stands.
    for grade in ["very_dissatisfied", "very_satisfied"] {
        expect_error(
            later(&s, CODE, &json!({"grade": grade, "reasons": if grade == "very_satisfied" { json!([]) } else { json!(["slow"]) }})).await,
            409,
            "ratings.already_rated",
        )
        .await;
    }
    assert_eq!(stored(&s).await.len(), 1);
}

async fn a_visit_rated_at_the_window_takes_no_later_rating(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let rating = json!({
        "ticket": "A024",
        "cases": ["WIN-0003"],
        "clerk_id": seed::WINDOW_CLERK,
        "grade": "satisfied",
        "rated_at": chrono::Utc::now(),
        "code": CODE
    });
    let r = s
        .req(Method::POST, "/ratings", Some(&w))
        .header("Idempotency-Key", "window-1")
        .json(&rating)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let first: Value = r.json().await.unwrap();

    let v: Value = view(&s, CODE).await.json().await.unwrap();
    assert_eq!(v["rated"], true);
    assert_eq!(v["ticket"], "A024");
    // Even if the window also invited (a lost answer, a restart), the code stays rated.
    assert_eq!(send_invite(&s, &w, &invite(CODE)).await.status(), 204);
    expect_error(
        later(&s, CODE, &json!({"grade": "very_satisfied"})).await,
        409,
        "ratings.already_rated",
    )
    .await;
    // Another window rating of the same visit (another key) answers with the first.
    let r = s
        .req(Method::POST, "/ratings", Some(&w))
        .header("Idempotency-Key", "window-2")
        .json(&json!({"grade": "acceptable", "cases": ["WIN-0003"], "clerk_id": seed::WINDOW_CLERK, "rated_at": chrono::Utc::now(), "code": CODE}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(stored(&s).await.len(), 1);
}

async fn bad_codes_and_bad_ratings_are_refused_and_change_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    // Malformed: lower case, an 'I', too short, too long, path tricks.
    for bad in [
        "7k2m9qxr4tz8",
        "7K2M9QXR4TZI",
        "7K2M9",
        "7K2M9QXR4TZ8X",
        "..%2F..%2Fx",
    ] {
        let r = view(&s, bad).await;
        assert!(
            matches!(r.status().as_u16(), 404 | 422),
            "{bad}: {}",
            r.status()
        );
    }
    expect_error(
        view(&s, "7K2M9QXR4TZI").await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    // Well-formed but never invited.
    expect_error(view(&s, CODE).await, 404, "ratings.unknown_code").await;
    expect_error(
        later(&s, CODE, &json!({"grade": "satisfied"})).await,
        404,
        "ratings.unknown_code",
    )
    .await;

    assert_eq!(send_invite(&s, &w, &invite(CODE)).await.status(), 204);
    // A 差评 without a reason, reasons on a good grade, text too long, an unknown grade,
    // a body that is not JSON.
    for (body, status) in [
        (json!({"grade": "dissatisfied"}), 422),
        (json!({"grade": "satisfied", "reasons": ["slow"]}), 422),
        (json!({"grade": "satisfied", "text": "长".repeat(501)}), 422),
        (json!({"grade": "superb"}), 422),
    ] {
        let r = later(&s, CODE, &body).await;
        assert_eq!(r.status().as_u16(), status, "{body}");
    }
    let r = s
        .req(Method::POST, &format!("/rate/{CODE}"), None)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    // Nothing stored; the visit is still open for a rating.
    assert!(stored(&s).await.is_empty());
    let v: Value = view(&s, CODE).await.json().await.unwrap();
    assert_eq!(v["rated"], false);

    // An invitation with a bad code or no cases' shape is refused.
    expect_error(
        send_invite(&s, &w, &invite("short")).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
}

async fn a_hundred_parallel_ratings_of_one_code_store_one(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    assert_eq!(send_invite(&s, &w, &invite(CODE)).await.status(), 204);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..100 {
        let (http, base) = (s.http.clone(), s.base.clone());
        // Different grades: the race is between different ratings, not retries.
        let body = if i % 2 == 0 {
            json!({"grade": "very_satisfied"})
        } else {
            json!({"grade": "dissatisfied", "reasons": ["slow"]})
        };
        tasks.spawn(async move {
            http.post(format!("{base}/rate/{CODE}"))
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(r) = tasks.join_next().await {
        statuses.push(r.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        99,
        "{statuses:?}"
    );
    assert_eq!(stored(&s).await.len(), 1);
}

async fn only_windows_invite(b: Backend) {
    let s = common::start(b).await;
    let lead = s.lead().await;
    let r = send_invite(&s, &lead, &invite(CODE)).await;
    assert_eq!(r.status(), 403);
    let r = s
        .req(Method::POST, "/ratings/invitations", None)
        .json(&invite(CODE))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    expect_error(view(&s, CODE).await, 404, "ratings.unknown_code").await;
}
