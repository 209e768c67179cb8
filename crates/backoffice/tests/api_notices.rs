//! One-time notices across windows, on both backends: a window stores what it issued (once
//! per number, its pages first), another window finds it by the applicant's ID number or by
//! the notice's number, and a case carrying it on takes it off every window's list — the first
//! such case standing, also under a burst. Windows only; bad input changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::tickets::new_window;
use common::{expect_error, Backend, Server};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

on_both!(
    a_notice_issued_at_one_window_is_found_at_another,
    a_notice_is_stored_once_and_never_overwritten,
    a_hundred_parallel_carries_leave_the_first_standing,
    only_windows_see_notices_and_bad_input_changes_nothing,
);

const ID: &str = "110105194912310021";

fn notice(number: &str, blob: &str) -> Value {
    json!({
        "document_number": number,
        "window_case_no": "4419001-W03-20261203-0001",
        "window": "3号窗口",
        "item_code": "HZ-001",
        "item_version": "2026.1",
        "item_name": "户口迁移",
        "applicant": {"name": "王小明", "id_kind": "resident_id", "id_number": ID},
        "situation": {"reason": "marriage"},
        "received": [{"code": "id_card", "name": "居民身份证", "blobs": [blob]}],
        "missing": [{"code": "marriage_cert", "name": "结婚证"}],
        "issued_at": "2026-12-03T02:00:00Z"
    })
}

async fn search(s: &Server, token: &str, id: &str) -> Vec<Value> {
    let r = s
        .post(token, "/notices/search", &json!({ "id_number": id }))
        .await;
    assert_eq!(r.status(), 200);
    r.json::<Value>().await.unwrap().as_array().unwrap().clone()
}

async fn carry(s: &Server, token: &str, number: &str, by: &str) -> Value {
    let r = s
        .post(
            token,
            "/notices/carried-on",
            &json!({ "document_number": number, "by_case": by }),
        )
        .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn a_notice_issued_at_one_window_is_found_at_another(b: Backend) {
    let s = common::start(b).await;
    let here = s.window().await;
    let blob = s.put_blob(&here, b"%PDF-1.7 the ID card").await;
    let r = s
        .post(
            &here,
            "/notices",
            &notice("GZ-4419001-W03-2026000001", &blob),
        )
        .await;
    assert_eq!(r.status(), 201);
    let stored: Value = r.json().await.unwrap();
    assert!(stored["carried_on_by"].is_null());

    let there = new_window(&s, "ws-window-07", &[]).await;
    let found = search(&s, &there, ID).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0], stored);
    assert_eq!(found[0]["record"]["missing"][0]["name"], "结婚证");
    // The pages come from the blob store, to any window.
    let r = s
        .req(Method::GET, &format!("/blobs/{blob}"), Some(&there))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.7 the ID card");
    // By the number on the paper (its QR code), too.
    let by_number = s
        .get_json(&there, "/notices/GZ-4419001-W03-2026000001")
        .await;
    assert_eq!(by_number, stored);
    assert!(search(&s, &there, "110105194912310099").await.is_empty());

    let first = carry(&s, &there, "GZ-4419001-W03-2026000001", "W07-0001").await;
    assert_eq!(first["by_case"], "W07-0001");
    assert!(
        search(&s, &here, ID).await.is_empty(),
        "carried on: off the list"
    );
    let again = s
        .get_json(&here, "/notices/GZ-4419001-W03-2026000001")
        .await;
    assert_eq!(again["carried_on_by"], "W07-0001");
    // A case that carries on a notice not arrived yet (the two travel apart) still counts.
    carry(&s, &there, "GZ-4419001-W03-2026000002", "W07-0002").await;
    let r = s
        .post(
            &here,
            "/notices",
            &notice("GZ-4419001-W03-2026000002", &blob),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert!(search(&s, &here, ID).await.is_empty());
}

async fn a_notice_is_stored_once_and_never_overwritten(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let blob = s.put_blob(&w, b"page one").await;
    let body = notice("GZ-1-W01-2026000009", &blob);
    let first: Value = s.post(&w, "/notices", &body).await.json().await.unwrap();
    let r = s.post(&w, "/notices", &body).await;
    assert_eq!(r.status(), 200, "a replay");
    assert_eq!(r.json::<Value>().await.unwrap(), first);
    let mut other = body.clone();
    other["applicant"]["id_number"] = json!("110105194912310099");
    expect_error(
        s.post(&w, "/notices", &other).await,
        409,
        "backoffice.notice_taken",
    )
    .await;
    // Another window may not claim the number either.
    let there = new_window(&s, "ws-window-08", &[]).await;
    expect_error(
        s.post(&there, "/notices", &body).await,
        409,
        "backoffice.notice_taken",
    )
    .await;
    assert_eq!(search(&s, &w, ID).await, vec![first]);
    assert!(search(&s, &w, "110105194912310099").await.is_empty());
}

async fn a_hundred_parallel_carries_leave_the_first_standing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let blob = s.put_blob(&w, b"page").await;
    let r = s
        .post(&w, "/notices", &notice("GZ-RACE-2026000001", &blob))
        .await;
    assert_eq!(r.status(), 201);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..100 {
        let (http, base, w) = (s.http.clone(), s.base.clone(), w.clone());
        tasks.spawn(async move {
            let r = http
                .post(format!("{base}/notices/carried-on"))
                .bearer_auth(w)
                .json(
                    &json!({"document_number": "GZ-RACE-2026000001", "by_case": format!("C-{i}")}),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let v: Value = r.json().await.unwrap();
            v["by_case"].as_str().unwrap().to_owned()
        });
    }
    let mut winners = BTreeSet::new();
    while let Some(r) = tasks.join_next().await {
        winners.insert(r.unwrap());
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let stored = s.get_json(&w, "/notices/GZ-RACE-2026000001").await;
    assert_eq!(
        stored["carried_on_by"].as_str().unwrap(),
        winners.first().unwrap()
    );
}

async fn only_windows_see_notices_and_bad_input_changes_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let blob = s.put_blob(&w, b"page").await;
    let body = notice("GZ-AUTH-2026000001", &blob);
    assert_eq!(s.post(&w, "/notices", &body).await.status(), 201);
    let people = [
        s.clerk(ow_backoffice::seed::WINDOW_CLERK).await,
        s.approver().await,
        s.lead().await,
    ];
    for t in &people {
        expect_error(
            s.post(t, "/notices/search", &json!({ "id_number": ID }))
                .await,
            403,
            "backoffice.forbidden",
        )
        .await;
        let r = s
            .req(Method::GET, "/notices/GZ-AUTH-2026000001", Some(t))
            .send()
            .await
            .unwrap();
        expect_error(r, 403, "backoffice.forbidden").await;
        expect_error(
            s.post(t, "/notices", &notice("GZ-AUTH-2026000002", &blob))
                .await,
            403,
            "backoffice.forbidden",
        )
        .await;
        expect_error(
            s.post(
                t,
                "/notices/carried-on",
                &json!({"document_number": "GZ-AUTH-2026000001", "by_case": "X"}),
            )
            .await,
            403,
            "backoffice.forbidden",
        )
        .await;
    }
    let r = s
        .req(Method::POST, "/notices/search", None)
        .json(&json!({ "id_number": ID }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // Pages not uploaded: refused, naming them.
    let ghost = "ab".repeat(32);
    let v = expect_error(
        s.post(&w, "/notices", &notice("GZ-AUTH-2026000003", &ghost))
            .await,
        409,
        "backoffice.missing_blobs",
    )
    .await;
    assert_eq!(v["details"]["missing"], json!([ghost]));
    // Nothing listed, a blank name, a bad hash, a blank search, an unknown number.
    let mut empty = notice("GZ-AUTH-2026000004", &blob);
    empty["missing"] = json!([]);
    let mut blank = notice("GZ-AUTH-2026000005", &blob);
    blank["applicant"]["name"] = json!("  ");
    let mut bad_hash = notice("GZ-AUTH-2026000006", &blob);
    bad_hash["received"][0]["blobs"] = json!(["not-a-hash"]);
    for bad in [&empty, &blank, &bad_hash] {
        expect_error(
            s.post(&w, "/notices", bad).await,
            422,
            "backoffice.invalid_request",
        )
        .await;
    }
    expect_error(
        s.post(&w, "/notices", &json!({"document_number": 7})).await,
        422,
        "backoffice.invalid_body",
    )
    .await;
    expect_error(
        s.post(&w, "/notices/search", &json!({ "id_number": "" }))
            .await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let r = s
        .req(Method::GET, "/notices/GZ-NOPE-2026000001", Some(&w))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.unknown_notice").await;
    // Too big for a JSON body.
    let mut huge = notice("GZ-AUTH-2026000007", &blob);
    huge["item_name"] = json!("户".repeat(40_000));
    let r = s.post(&w, "/notices", &huge).await;
    assert_eq!(r.status(), 413);
    // Of all that, only the first notice is stored.
    let all = search(&s, &w, ID).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["record"]["document_number"], "GZ-AUTH-2026000001");
}
