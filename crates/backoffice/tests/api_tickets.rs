//! The hall's ticket queue over HTTP, on both backends: issue, call, recall, start, finish,
//! no-show, transfer, pause; the call order at work; who may do what; bad input; and many
//! windows calling at once. Appointments are in `api_appointments.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::tickets::{
    act, call, called, kiosk_ticket, new_window, ok, prefix_of, serve_next, todays,
};
use common::{expect_error, Backend};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

on_both!(
    a_ticket_goes_from_issue_to_finish,
    no_show_comes_only_after_the_recalls,
    transfers_go_to_a_group_or_to_one_window,
    a_paused_or_busy_window_calls_nobody,
    green_goes_first_until_the_cap,
    offline_visits_are_recorded_once_and_close_the_paper_ticket,
    three_windows_calling_at_once_call_every_ticket_exactly_once,
);

async fn a_ticket_goes_from_issue_to_finish(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let setup = s.get_json(&w, "/hall/setup").await;
    let prefix = prefix_of(&setup, "huzheng");
    assert_eq!(setup["settings"]["priority_streak_cap"], 3);
    assert!(setup["windows"][0]["groups"]
        .as_array()
        .unwrap()
        .contains(&json!("huzheng")));

    let first = kiosk_ticket(&s, "huzheng", None).await;
    let second = kiosk_ticket(&s, "huzheng", None).await;
    assert_eq!(first["number"], format!("{prefix}001"));
    assert_eq!(second["number"], format!("{prefix}002"));
    assert!(first["id"]
        .as_str()
        .unwrap()
        .ends_with(&format!("-{prefix}001")));
    assert_eq!(
        (first["ahead"].as_u64(), second["ahead"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(first["state"], "waiting");
    assert_eq!(first["group_name"], "户政");

    let r = call(&s, &w).await;
    let c: Value = ok(r).await;
    let t = &c["ticket"];
    assert_eq!(t["id"], first["id"]);
    assert_eq!(t["state"], "called");
    assert_eq!(t["workstation_id"], seed::WORKSTATION_ID);
    assert_eq!(t["clerk_id"], seed::WINDOW_CLERK);
    assert!(t["called_at"].is_string());
    assert_eq!(c["waiting"], 1);
    let id = t["id"].as_str().unwrap();

    let r = ok(act(&s, &w, id, "recall", &json!({})).await).await;
    assert_eq!(r["recalls"], 1);
    let me = s.get_json(&w, "/windows/me").await;
    assert_eq!(me["current"]["id"], id);
    assert_eq!(me["waiting"], 1);
    let r = ok(act(&s, &w, id, "start", &json!({})).await).await;
    assert_eq!(r["state"], "serving");
    assert!(r["started_at"].is_string());
    let r = ok(act(&s, &w, id, "finish", &json!({"cases": ["WIN-0001"]})).await).await;
    assert_eq!(r["state"], "finished");
    assert!(r["ended_at"].is_string());
    // Finishing twice is refused; the window is free again.
    expect_error(
        act(&s, &w, id, "finish", &json!({})).await,
        409,
        "tickets.wrong_state",
    )
    .await;
    assert!(s.get_json(&w, "/windows/me").await["current"].is_null());
    let finished = todays(&s, "finished").await;
    assert_eq!(finished.len(), 1);
    assert_eq!(finished[0]["id"], id);
    assert_eq!(todays(&s, "waiting").await.len(), 1);
}

async fn no_show_comes_only_after_the_recalls(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    kiosk_ticket(&s, "shuiwu", None).await;
    let t = called(&s, &w).await.unwrap();
    let id = t["id"].as_str().unwrap();
    for done in 0..2 {
        let v = expect_error(
            act(&s, &w, id, "no-show", &json!({})).await,
            409,
            "tickets.recall_first",
        )
        .await;
        assert_eq!(v["details"]["needed"], 2);
        assert_eq!(v["details"]["done"], done);
        ok(act(&s, &w, id, "recall", &json!({})).await).await;
    }
    let r = ok(act(&s, &w, id, "no-show", &json!({})).await).await;
    assert_eq!(r["state"], "no_show");
    assert_eq!(r["recalls"], 2);
    assert!(r["ended_at"].is_string());
    // The hall may lower the rule: with 0, no recall is needed.
    let r = s
        .req(Method::PUT, "/admin/hall-settings", Some(s.admin()))
        .json(
            &json!({"priority_streak_cap": 3, "recalls_before_no_show": 0,
            "appointment_early_minutes": 15, "bad_rating_follow_up_days": 3}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    kiosk_ticket(&s, "shuiwu", None).await;
    let t = called(&s, &w).await.unwrap();
    let r = ok(act(&s, &w, t["id"].as_str().unwrap(), "no-show", &json!({})).await).await;
    assert_eq!(r["state"], "no_show");
}

async fn transfers_go_to_a_group_or_to_one_window(b: Backend) {
    let s = common::start(b).await;
    let w1 = s.window().await;
    let w2 = new_window(&s, "window-2", &["huzheng"]).await;
    let w3 = new_window(&s, "window-3", &["huzheng"]).await;

    // To one window: only window-2 may call it now.
    let t = kiosk_ticket(&s, "huzheng", None).await;
    let id = t["id"].as_str().unwrap();
    assert_eq!(called(&s, &w1).await.unwrap()["id"], id);
    expect_error(
        act(
            &s,
            &w1,
            id,
            "transfer",
            &json!({"workstation_id": "window-2", "reason": " "}),
        )
        .await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let moved = ok(act(
        &s,
        &w1,
        id,
        "transfer",
        &json!({"workstation_id": "window-2", "reason": "需要专窗办理"}),
    )
    .await)
    .await;
    assert_eq!(moved["state"], "waiting");
    assert_eq!(moved["for_window"], "window-2");
    assert!(moved["workstation_id"].is_null());
    assert!(called(&s, &w3).await.is_none());
    assert!(called(&s, &w1).await.is_none());
    let again = called(&s, &w2).await.unwrap();
    assert_eq!(again["id"], id);
    assert_eq!(again["workstation_id"], "window-2");
    // Window-1 cannot act on window-2's ticket.
    expect_error(
        act(&s, &w1, id, "recall", &json!({})).await,
        403,
        "tickets.not_your_ticket",
    )
    .await;

    // To a group: window-2 and -3 (户政 only) no longer see it; window-1 serves 税务 too.
    let t = kiosk_ticket(&s, "huzheng", None).await;
    let id = t["id"].as_str().unwrap();
    assert_eq!(called(&s, &w3).await.unwrap()["id"], id);
    let moved = ok(act(
        &s,
        &w3,
        id,
        "transfer",
        &json!({"group": "shuiwu", "reason": "属税务业务"}),
    )
    .await)
    .await;
    assert_eq!(moved["group"], "shuiwu");
    assert_eq!(moved["number"], t["number"], "the paper keeps its number");
    assert!(called(&s, &w3).await.is_none());
    let there = called(&s, &w1).await.unwrap();
    assert_eq!(there["id"], id);
    assert_eq!(there["group"], "shuiwu");
    // Unknown targets change nothing.
    expect_error(
        act(
            &s,
            &w1,
            id,
            "transfer",
            &json!({"group": "nowhere", "reason": "x"}),
        )
        .await,
        404,
        "tickets.unknown_group",
    )
    .await;
    expect_error(
        act(
            &s,
            &w1,
            id,
            "transfer",
            &json!({"workstation_id": "window-9", "reason": "x"}),
        )
        .await,
        404,
        "tickets.unknown_window",
    )
    .await;
    assert_eq!(s.get_json(&w1, "/windows/me").await["current"]["id"], id);
}

async fn a_paused_or_busy_window_calls_nobody(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    kiosk_ticket(&s, "huzheng", None).await;
    kiosk_ticket(&s, "huzheng", None).await;
    expect_error(
        s.post(&w, "/windows/pause", &json!({"reason": " "})).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let r = s
        .post(&w, "/windows/pause", &json!({"reason": "午休"}))
        .await;
    assert_eq!(r.status(), 204);
    let me = s.get_json(&w, "/windows/me").await;
    assert_eq!(
        (me["paused"].clone(), me["pause_reason"].clone()),
        (json!(true), json!("午休"))
    );
    expect_error(call(&s, &w).await, 409, "tickets.window_paused").await;
    assert_eq!(
        todays(&s, "waiting").await.len(),
        2,
        "a refused call calls nobody"
    );
    let r = s.post(&w, "/windows/resume", &json!({})).await;
    assert_eq!(r.status(), 204);
    let t = called(&s, &w).await.unwrap();
    let v = expect_error(call(&s, &w).await, 409, "tickets.window_busy").await;
    assert_eq!(v["details"]["ticket"], t["id"]);
    assert_eq!(todays(&s, "waiting").await.len(), 1);
}

async fn green_goes_first_until_the_cap(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let mut walk_ins = Vec::new();
    for _ in 0..2 {
        walk_ins.push(kiosk_ticket(&s, "huzheng", None).await);
    }
    let mut greens = Vec::new();
    for reason in ["senior", "pregnant", "disabled", "military", "minor"] {
        greens.push(kiosk_ticket(&s, "huzheng", Some(reason)).await);
    }
    assert_eq!(greens[0]["green"], "senior");
    // Printed places follow the same order as the calls below.
    let aheads: Vec<u64> = greens
        .iter()
        .map(|g| g["ahead"].as_u64().unwrap())
        .collect();
    assert_eq!(aheads, [0, 1, 2, 4, 5]);
    let n = |v: &Value| v["number"].as_str().unwrap().to_owned();
    let mut order = Vec::new();
    while let Some(number) = serve_next(&s, &w).await {
        order.push(number);
    }
    let want = vec![
        n(&greens[0]),
        n(&greens[1]),
        n(&greens[2]),
        n(&walk_ins[0]),
        n(&greens[3]),
        n(&greens[4]),
        n(&walk_ins[1]),
    ];
    assert_eq!(order, want);
}

async fn offline_visits_are_recorded_once_and_close_the_paper_ticket(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let prefix = prefix_of(&s.get_json(&w, "/hall/setup").await, "huzheng");
    // Printed by the kiosk, served by a window that could not reach us.
    let paper = kiosk_ticket(&s, "huzheng", None).await;
    // Served from the moment the paper was printed until now: both on the ticket's hall day
    // (times taken "10 minutes ago" fell on the day before just after midnight, China time).
    let served = json!({
        "number": paper["number"],
        "clerk_id": seed::WINDOW_CLERK,
        "started_at": paper["issued_at"],
        "ended_at": chrono::Utc::now(),
        "cases": ["WIN-0007"]
    });
    let now = chrono::Utc::now();
    let r = s.post(&w, "/tickets/offline", &served).await;
    assert_eq!(r.status(), 201);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["id"], paper["id"]);
    assert_eq!(t["state"], "finished");
    let r = s.post(&w, "/tickets/offline", &served).await;
    assert_eq!(r.status(), 200, "a retry records nothing new");
    assert!(
        called(&s, &w).await.is_none(),
        "a served paper ticket is not called again"
    );

    // A number the kiosk never gave (a paper roll during an outage): the kiosk skips past it.
    let mut typed = served.clone();
    typed["number"] = json!(format!("{prefix}999"));
    assert_eq!(s.post(&w, "/tickets/offline", &typed).await.status(), 201);
    let r = s
        .req(Method::POST, "/kiosk/tickets", None)
        .json(&json!({"group": "huzheng"}))
        .send()
        .await
        .unwrap();
    let v = expect_error(r, 409, "tickets.sold_out").await;
    assert_eq!(v["details"]["max"], 999);
    assert_eq!(todays(&s, "").await.len(), 2);

    let mut bad = served.clone();
    bad["number"] = json!("A23");
    expect_error(
        s.post(&w, "/tickets/offline", &bad).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let mut bad = served.clone();
    bad["ended_at"] = json!(now - chrono::Duration::minutes(20));
    expect_error(
        s.post(&w, "/tickets/offline", &bad).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
}

/// One window's worker: calls until nobody waits, serving what it gets; a busy window (its
/// other worker holds a ticket) is asked again.
async fn worker(http: reqwest::Client, base: String, token: String) -> Vec<String> {
    let mut mine = Vec::new();
    loop {
        let r = http
            .post(format!("{base}/tickets/call"))
            .bearer_auth(&token)
            .json(&json!({"clerk_id": seed::WINDOW_CLERK}))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let v: Value = r.json().await.unwrap();
        match status {
            200 if v["ticket"].is_null() => return mine,
            200 => {
                let id = v["ticket"]["id"].as_str().unwrap().to_owned();
                for step in ["start", "finish"] {
                    let r = http
                        .post(format!("{base}/tickets/{id}/{step}"))
                        .bearer_auth(&token)
                        .json(&json!({}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 200, "{step} {id}");
                }
                mine.push(id);
            }
            409 if v["code"] == "tickets.window_busy" => tokio::task::yield_now().await,
            _ => panic!("call answered {status}: {v}"),
        }
    }
}

async fn three_windows_calling_at_once_call_every_ticket_exactly_once(b: Backend) {
    let s = common::start(b).await;
    let groups = ["huzheng", "shuiwu"];
    let windows = vec![
        s.window().await,
        new_window(&s, "window-2", &groups).await,
        new_window(&s, "window-3", &groups).await,
    ];
    let mut issued = BTreeSet::new();
    for i in 0..60 {
        let green = (i % 7 == 0).then_some("senior");
        let t = kiosk_ticket(&s, groups[i % 2], green).await;
        issued.insert(t["id"].as_str().unwrap().to_owned());
    }
    let mut tasks = tokio::task::JoinSet::new();
    for token in &windows {
        for _ in 0..4 {
            tasks.spawn(worker(s.http.clone(), s.base.clone(), token.clone()));
        }
    }
    let mut called_ids = Vec::new();
    while let Some(r) = tasks.join_next().await {
        called_ids.extend(r.unwrap());
    }
    let unique: BTreeSet<String> = called_ids.iter().cloned().collect();
    assert_eq!(called_ids.len(), unique.len(), "a ticket was called twice");
    assert_eq!(unique, issued);
    let finished = todays(&s, "finished").await;
    assert_eq!(finished.len(), issued.len());
    // Every window took part in the same queue.
    let by: BTreeSet<&str> = finished
        .iter()
        .map(|t| t["workstation_id"].as_str().unwrap())
        .collect();
    assert!(by.len() >= 2, "{by:?}");
}
