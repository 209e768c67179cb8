//! Appointments over HTTP, on both backends: their slot before walk-ins, check-in by code and
//! by ID, and a hundred parallel code guesses against the kiosk's lock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::tickets::{act, appointment, book, called, kiosk_ticket, ok};
use common::{expect_error, Backend};
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    appointments_in_their_slot_come_before_walk_ins,
    check_in_by_code_hides_the_details_and_by_id_shows_them,
    a_hundred_parallel_code_guesses_get_twenty_answers_and_then_the_kiosk_check_in_locks,
);

async fn appointments_in_their_slot_come_before_walk_ins(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let walk_in = kiosk_ticket(&s, "huzheng", None).await;
    let code = book(&s, &appointment("huzheng", "李四", "110105194912310021")).await;
    let r = s
        .req(Method::POST, "/kiosk/check-in", None)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    let appt = ok(r).await;
    assert_eq!(appt["kind"], "appointment");
    assert_eq!(appt["ahead"], 0, "in its slot it goes before the walk-in");
    let first = called(&s, &w).await.unwrap();
    assert_eq!(first["id"], appt["id"]);
    // The window's copy carries what was filled in online.
    assert_eq!(first["appointment"]["items"], json!(["HZ-001"]));
    let id = first["id"].as_str().unwrap();
    ok(act(&s, &w, id, "start", &json!({})).await).await;
    ok(act(&s, &w, id, "finish", &json!({})).await).await;
    assert_eq!(called(&s, &w).await.unwrap()["id"], walk_in["id"]);
}

async fn check_in_by_code_hides_the_details_and_by_id_shows_them(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let code = book(&s, &appointment("shuiwu", "王五", "11010519491231003X")).await;
    let r = s
        .req(Method::POST, "/kiosk/check-in", None)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    assert!(
        !text.contains("王五") && !text.contains("11010519491231003X"),
        "{text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["appointment"].is_null());
    // A code serves once.
    let r = s
        .req(Method::POST, "/kiosk/check-in", None)
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "tickets.unknown_appointment").await;

    book(&s, &appointment("huzheng", "赵六", "110105200001010011")).await;
    let r = s
        .post(
            &w,
            "/appointments/check-in",
            &json!({"id_number": "110105200001010011"}),
        )
        .await;
    let t = ok(r).await;
    assert_eq!(t["kind"], "appointment");
    assert_eq!(t["group"], "huzheng");
    assert_eq!(t["appointment"]["name"], "赵六");
    assert_eq!(t["appointment"]["answers"]["reason"], "spouse");
    // The lead's list never shows personal details.
    let lead = s.lead().await;
    let all = s.get_json(&lead, "/tickets").await.to_string();
    assert!(!all.contains("赵六") && !all.contains("王五"));
    expect_error(
        s.post(
            &w,
            "/appointments/check-in",
            &json!({"id_number": "110105200001010011"}),
        )
        .await,
        404,
        "tickets.unknown_appointment",
    )
    .await;
}

/// Six digits are guessable: wrong codes share one hall-wide budget. A hundred guesses at once
/// get exactly twenty 404s, the rest 429; once locked, even the right code waits (nothing
/// checks in), and a window can still check the citizen in by ID.
async fn a_hundred_parallel_code_guesses_get_twenty_answers_and_then_the_kiosk_check_in_locks(
    b: Backend,
) {
    let s = common::start(b).await;
    let w = s.window().await;
    let code = book(&s, &appointment("shuiwu", "赵六", "11010519491231004X")).await;
    let wrong: Vec<String> = (0..100)
        .map(|i| format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i) % 1_000_000))
        .collect();
    let mut guesses = tokio::task::JoinSet::new();
    for c in wrong {
        let req = s
            .req(Method::POST, "/kiosk/check-in", None)
            .json(&json!({ "code": c }));
        guesses.spawn(async move { req.send().await.unwrap().status().as_u16() });
    }
    let statuses: Vec<u16> = guesses.join_all().await;
    let not_found = statuses.iter().filter(|&&c| c == 404).count();
    let locked = statuses.iter().filter(|&&c| c == 429).count();
    assert_eq!((not_found, locked), (20, 80), "{statuses:?}");
    let r = s
        .req(Method::POST, "/kiosk/check-in", None)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("retry-after"));
    expect_error(r, 429, "backoffice.too_many_attempts").await;
    let r = s
        .req(Method::POST, "/appointments/check-in", Some(&w))
        .json(&json!({ "id_number": "11010519491231004X" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}
