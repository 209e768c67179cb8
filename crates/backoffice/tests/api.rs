//! The whole API over real HTTP, once on embedded SQLite and once on a real PostgreSQL that
//! the harness starts itself. Every scenario runs on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, intake, Backend};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    sign_in_and_sessions,
    provisioning_needs_the_admin,
    catalog_and_calendar_versions_with_etags,
    blobs_are_content_addressed_and_idempotent,
    the_same_key_and_body_replays_and_creates_nothing,
    a_reused_key_with_another_body_changes_nothing,
    concurrent_retries_of_one_key_create_one_case,
    missing_blobs_are_named_and_nothing_is_kept,
    a_case_goes_round_trip_with_every_step_audited,
    rejection_and_hand_out,
    transitions_are_guarded,
    shift_leads_reassign_with_a_reason,
    claims_serve_urgent_then_green_then_oldest,
    approvers_claiming_at_once_never_share_a_case,
    the_overview_counts_queues_windows_and_waits,
    the_change_feed_pages_by_cursor,
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
    assert_eq!(v["role"], "approver");
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
    assert_eq!(queues.as_array().unwrap().len(), seed::QUEUES.len());
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

    // Five wrong PINs lock the clerk, even against the right one.
    for _ in 0..5 {
        let r = s.sign_in_clerk(seed::LEAD, "1111").await;
        assert_eq!(r.status(), 401);
    }
    let r = s.sign_in_clerk(seed::LEAD, seed::PIN).await;
    let v = expect_error(r, 429, "backoffice.too_many_attempts").await;
    assert!(v["details"]["retry_after_seconds"].as_u64().unwrap() > 0);
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
            &json!({"name": "审批员", "pin": "12ab", "role": "approver", "queues": ["gongjijin"]}),
        )
        .send()
        .await
        .unwrap();
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .req(Method::PUT, "/admin/clerks/a9", Some(s.admin()))
        .json(&json!({"name": "审批员", "pin": "1234", "role": "approver", "queues": ["nowhere"]}))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.unknown_queue").await;
    let token = s.new_approver("a9", &["gongjijin"]).await;
    // A new role ends the old sessions at once.
    let r = s
        .req(Method::PUT, "/admin/clerks/a9", Some(s.admin()))
        .json(&json!({"name": "审批员", "pin": "4321", "role": "window"}))
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

    let put = |body: &'static str, token: &str| {
        s.req(Method::PUT, "/catalog", Some(token))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    expect_error(
        put(r#"{"items": []}"#, &w).await.unwrap(),
        403,
        "backoffice.forbidden",
    )
    .await;
    expect_error(
        put("{not json", s.admin()).await.unwrap(),
        400,
        "backoffice.malformed_json",
    )
    .await;
    let v1: Value = put(r#"{"items": [1]}"#, s.admin())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v1["version"], 1);
    let again: Value = put(r#"{"items": [1]}"#, s.admin())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["version"], 1, "identical content keeps its version");
    let v2: Value = put(r#"{"items": [1, 2]}"#, s.admin())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v2["version"], 2);

    let r = s
        .req(Method::GET, "/catalog", Some(&w))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, v2["etag"].as_str().unwrap());
    assert_eq!(r.headers()["x-reference-version"], "2");
    assert_eq!(r.text().await.unwrap(), r#"{"items": [1, 2]}"#);
    let r = s
        .req(Method::GET, "/catalog", Some(&w))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);

    // The calendar is versioned on its own.
    let r = s
        .req(Method::GET, "/calendar", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.no_reference").await;
    let c: Value = s
        .req(Method::PUT, "/calendar", Some(s.admin()))
        .body(r#"{"2025": {"holidays": ["2025-10-01"], "workdays": ["2025-09-28"]}}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(c["version"], 1);
    assert_eq!(c["kind"], "calendar");
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

fn states(history: &Value) -> Vec<String> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}->{}",
                e["action"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect()
}

async fn a_case_goes_round_trip_with_every_step_audited(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let blob = s.put_blob(&w, b"id card front").await;
    let n = s.new_case(&w, "rt", &intake(1, "huzheng", &[blob])).await;

    let claimed = s.claim(&a, "huzheng").await.unwrap();
    assert_eq!(claimed["case_number"], n);
    assert_eq!(claimed["state"], "in_review");
    assert_eq!(claimed["assignee"], seed::APPROVER);
    assert_eq!(claimed["intake"]["applicant"]["name"], "张三");

    let reasons =
        json!({"reasons": ["结婚证复印件不清晰", "缺少配偶户口簿"], "note": "请一次补齐"});
    let r = s.post(&a, &format!("/cases/{n}/return"), &reasons).await;
    assert_eq!(r.status(), 200);
    let feed = s.changes_eventually(&w, 3).await;
    let last = feed.last().unwrap();
    assert_eq!(last["state"], "returned");
    assert_eq!(last["detail"]["reasons"], reasons["reasons"]);

    let extra = s.put_blob(&w, b"marriage certificate, sharp").await;
    let sup = json!({"materials": [{"code": "marriage", "name": "结婚证", "blobs": [extra]}]});
    let r = s.post(&w, &format!("/cases/{n}/supplement"), &sup).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "queued");
    assert_eq!(v["intake"]["materials"].as_array().unwrap().len(), 3);

    assert_eq!(s.claim(&a, "huzheng").await.unwrap()["case_number"], n);
    let r = s
        .post(
            &a,
            &format!("/cases/{n}/approve"),
            &json!({"note": "符合条件"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = s.post(&a, &format!("/cases/{n}/ready"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let r = s
        .post(
            &w,
            &format!("/cases/{n}/hand-out"),
            &json!({"clerk_id": seed::WINDOW_CLERK}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let v = s.get_json(&w, &format!("/cases/{n}")).await;
    assert_eq!(v["state"], "handed_out");
    assert_eq!(
        states(&v["history"]),
        [
            "intake->queued",
            "claim->in_review",
            "return->returned",
            "supplement->queued",
            "claim->in_review",
            "approve->approved",
            "ready->ready_for_pickup",
            "hand_out->handed_out"
        ]
    );
    let actors: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(actors[0], seed::WORKSTATION_ID);
    assert_eq!(actors[1], seed::APPROVER);
    let feed = s.changes_eventually(&w, 8).await;
    assert!(feed.iter().all(|c| c["case_number"] == n));
}

async fn rejection_and_hand_out(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let n = s.new_case(&w, "rj", &intake(1, "shuiwu", &[])).await;
    s.claim(&a, "shuiwu").await.unwrap();
    let r = s
        .post(&a, &format!("/cases/{n}/reject"), &json!({"reason": " "}))
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .post(
            &a,
            &format!("/cases/{n}/reject"),
            &json!({"reason": "不属于本部门职权范围", "legal_basis": "《行政许可法》第三十二条"}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "rejected");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["detail"]["reasons"], json!(["不属于本部门职权范围"]));
    assert_eq!(last["detail"]["note"], "《行政许可法》第三十二条");
    let r = s
        .post(
            &w,
            &format!("/cases/{n}/hand-out"),
            &json!({"clerk_id": "c1"}),
        )
        .await;
    assert_eq!(r.status(), 200);
}

async fn transitions_are_guarded(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let other = s.new_approver("a2", &["huzheng"]).await;
    let window_clerk = s.clerk(seed::WINDOW_CLERK).await;
    let n = s.new_case(&w, "g", &intake(1, "huzheng", &[])).await;

    let r = s.post(&a, &format!("/cases/{n}/approve"), &json!({})).await;
    let v = expect_error(r, 409, "backoffice.invalid_transition").await;
    assert_eq!(v["details"]["state"], "queued");
    let r = s
        .req(Method::POST, "/queues/huzheng/claim", Some(&window_clerk))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .req(Method::POST, "/queues/shuiwu/claim", Some(&other))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    s.claim(&a, "huzheng").await.unwrap();
    let r = s
        .post(&other, &format!("/cases/{n}/approve"), &json!({}))
        .await;
    expect_error(r, 403, "backoffice.not_assignee").await;
    let r = s.post(&w, &format!("/cases/{n}/approve"), &json!({})).await;
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .post(
            &w,
            &format!("/cases/{n}/hand-out"),
            &json!({"clerk_id": "c1"}),
        )
        .await;
    expect_error(r, 409, "backoffice.invalid_transition").await;
    let r = s
        .post(
            &a,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "shuiwu", "reason": "x"}),
        )
        .await;
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .post(&a, &format!("/cases/{n}/return"), &json!({"reasons": []}))
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s.post(&a, "/cases/BO000/approve", &json!({})).await;
    expect_error(r, 404, "backoffice.unknown_case").await;
    // None of the refusals moved the case.
    let v = s.get_json(&w, &format!("/cases/{n}")).await;
    assert_eq!(v["state"], "in_review");
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
}

async fn shift_leads_reassign_with_a_reason(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let lead = s.lead().await;
    let tax = s.new_approver("tax1", &["shuiwu"]).await;
    let n = s.new_case(&w, "ra", &intake(1, "huzheng", &[])).await;

    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "nowhere", "reason": "r"}),
        )
        .await;
    expect_error(r, 404, "backoffice.unknown_queue").await;
    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"clerk": "ghost", "reason": "r"}),
        )
        .await;
    expect_error(r, 404, "backoffice.unknown_clerk").await;
    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"clerk": "tax1", "reason": "r"}),
        )
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "shuiwu"}),
        )
        .await;
    expect_error(r, 422, "backoffice.invalid_body").await;

    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "shuiwu", "reason": "涉税事项，转税务"}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["queue"], "shuiwu");
    assert_eq!(v["state"], "queued");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "reassign");
    assert_eq!(last["actor"]["id"], seed::LEAD);
    assert_eq!(last["detail"]["reasons"], json!(["涉税事项，转税务"]));
    assert!(s.claim(&s.approver().await, "huzheng").await.is_none());

    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"clerk": "tax1", "reason": "指定专人"}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "in_review");
    assert_eq!(v["assignee"], "tax1");
    let r = s
        .post(&tax, &format!("/cases/{n}/approve"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
}

async fn claims_serve_urgent_then_green_then_oldest(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let mut numbers = Vec::new();
    for (i, p) in ["normal", "green_channel", "normal", "urgent"]
        .iter()
        .enumerate()
    {
        let mut body = intake(i as u32, "renshe", &[]);
        body["priority"] = json!(p);
        numbers.push(s.new_case(&w, &format!("p{i}"), &body).await);
    }
    let mut order = Vec::new();
    while let Some(c) = s.claim(&a, "renshe").await {
        order.push(c["case_number"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        order,
        [
            numbers[3].clone(),
            numbers[1].clone(),
            numbers[0].clone(),
            numbers[2].clone()
        ]
    );
    let r = s
        .req(Method::POST, "/queues/nowhere/claim", Some(&a))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.unknown_queue").await;
}

async fn approvers_claiming_at_once_never_share_a_case(b: Backend) {
    const CASES: usize = 60;
    const APPROVERS: usize = 8;
    let s = common::start(b).await;
    let w = s.window().await;
    for i in 0..CASES {
        s.new_case(&w, &format!("c{i}"), &intake(i as u32, "chejiaguan", &[]))
            .await;
    }
    let mut tokens = Vec::new();
    for i in 0..APPROVERS {
        tokens.push(s.new_approver(&format!("cj{i}"), &["chejiaguan"]).await);
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(APPROVERS));
    let mut tasks = Vec::new();
    for t in tokens {
        let (http, base, barrier) = (s.http.clone(), s.base.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let r = http
                    .post(format!("{base}/queues/chejiaguan/claim"))
                    .bearer_auth(&t)
                    .send()
                    .await
                    .unwrap();
                match r.status().as_u16() {
                    204 => break,
                    200 => {
                        let v: Value = r.json().await.unwrap();
                        mine.push(v["case_number"].as_str().unwrap().to_owned());
                    }
                    other => panic!("claim answered {other}"),
                }
            }
            mine
        }));
    }
    let mut all = Vec::new();
    let mut busy = 0;
    for t in tasks {
        let mine = t.await.unwrap();
        busy += usize::from(!mine.is_empty());
        all.extend(mine);
    }
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), CASES, "every case claimed once");
    assert_eq!(distinct.len(), CASES, "no case claimed twice");
    assert!(busy > 1, "claims really ran side by side");
}

async fn the_overview_counts_queues_windows_and_waits(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let lead = s.lead().await;
    let first = s.new_case(&w, "o1", &intake(1, "budongchan", &[])).await;
    s.new_case(&w, "o2", &intake(2, "budongchan", &[])).await;
    s.new_case(&w, "o3", &intake(3, "budongchan", &[])).await;
    s.new_case(&w, "o4", &intake(4, "shichang", &[])).await;
    let claimed = s.claim(&a, "budongchan").await.unwrap();
    assert_eq!(claimed["case_number"], first);

    let r = s
        .req(Method::GET, "/overview", Some(&a))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    let ov = s.get_json(&lead, "/overview").await;
    let q = |code: &str| {
        ov["queues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["queue"] == code)
            .unwrap()
            .clone()
    };
    let bdc = q("budongchan");
    assert_eq!(bdc["name"], "不动产");
    assert_eq!(
        bdc["counts"],
        json!([{"state": "queued", "count": 2}, {"state": "in_review", "count": 1}])
    );
    assert!(bdc["oldest_waiting"]["case_number"].is_string());
    assert_ne!(bdc["oldest_waiting"]["case_number"], first);
    assert_eq!(q("huzheng")["counts"], json!([]));
    assert!(q("huzheng")["oldest_waiting"].is_null());
    let win = ov["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["workstation_id"] == seed::WORKSTATION_ID)
        .unwrap();
    assert_eq!(
        win["counts"],
        json!([{"state": "queued", "count": 3}, {"state": "in_review", "count": 1}])
    );
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
