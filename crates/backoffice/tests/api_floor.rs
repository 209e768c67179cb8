//! The floor now and the lead's ticket moves over HTTP, on both backends: windows report who
//! sits at them, the lead sees open, paused and closed windows with the ticket and case in
//! hand and each group's line, moves a waiting ticket with a reason; nobody else may, and a
//! move racing a call never gets past the rule that only a waiting ticket moves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::tickets::{act, called, kiosk_ticket, new_window, ok};
use common::{expect_error, Backend, Server};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    the_lead_sees_each_window_and_each_line,
    a_lead_moves_a_waiting_ticket_and_nobody_else_may,
    moves_racing_a_call_never_move_a_called_ticket,
);

fn window<'a>(now: &'a Value, id: &str) -> &'a Value {
    now["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["workstation_id"] == id)
        .unwrap_or_else(|| panic!("no window {id} in {now}"))
}

fn group<'a>(now: &'a Value, code: &str) -> &'a Value {
    now["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["code"] == code)
        .unwrap()
}

async fn report(s: &Server, w: &str, body: &Value) -> reqwest::Response {
    s.post(w, "/windows/presence", body).await
}

async fn the_lead_sees_each_window_and_each_line(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let _w2 = new_window(&s, "floor-2", &["huzheng"]).await;
    let lead = s.lead().await;

    // Before any report every window is closed.
    let now = s.get_json(&lead, "/hall/now").await;
    assert_eq!(window(&now, seed::WORKSTATION_ID)["status"], "closed");

    let first = kiosk_ticket(&s, "huzheng", None).await;
    kiosk_ticket(&s, "huzheng", Some("senior")).await;
    kiosk_ticket(&s, "huzheng", None).await;
    let r = report(
        &s,
        &w,
        &json!({"clerk_id": seed::WINDOW_CLERK, "open_cases": 2,
                "in_hand": {"item_name": "市外迁入（投靠配偶）", "step": "materials",
                            "since": "2026-12-03T01:00:00Z"}}),
    )
    .await;
    assert_eq!(r.status(), 204);
    // The green ticket is called first.
    let t = called(&s, &w).await.unwrap();
    assert_eq!(t["green"], "senior");

    let now = s.get_json(&lead, "/hall/now").await;
    let me = window(&now, seed::WORKSTATION_ID);
    assert_eq!(me["status"], "open", "{now}");
    assert_eq!(me["clerk"]["id"], seed::WINDOW_CLERK);
    assert!(me["clerk"]["name"].as_str().unwrap().chars().count() > 1);
    assert_eq!(me["ticket"]["number"], t["number"]);
    assert_eq!(me["ticket"]["state"], "called");
    assert_eq!(me["ticket"]["green"], true);
    assert_eq!(me["in_hand"]["step"], "materials");
    assert_eq!(me["open_cases"], 2);
    assert_eq!(window(&now, "floor-2")["status"], "closed");
    let line = group(&now, "huzheng");
    assert_eq!(line["waiting"], 2, "{now}");
    assert_eq!(line["green_waiting"], 0);
    assert_eq!(line["windows_open"], 1);
    assert!(line["longest_wait_seconds"].as_u64().is_some());
    let waiting = now["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[0]["id"], first["id"], "oldest first");

    // Paused: still there, marked, with the reason.
    let r = s
        .post(&w, "/windows/pause", &json!({"reason": "午休"}))
        .await;
    assert_eq!(r.status(), 204);
    let now = s.get_json(&lead, "/hall/now").await;
    let me = window(&now, seed::WORKSTATION_ID);
    assert_eq!(me["status"], "paused");
    assert_eq!(me["pause_reason"], "午休");
    assert_eq!(group(&now, "huzheng")["windows_open"], 0);

    // Signed out: closed, nobody named, no case in hand.
    let r = report(&s, &w, &json!({"clerk_id": null, "open_cases": 2})).await;
    assert_eq!(r.status(), 204);
    let now = s.get_json(&lead, "/hall/now").await;
    let me = window(&now, seed::WORKSTATION_ID);
    assert_eq!(me["status"], "closed");
    assert!(me["clerk"].is_null() && me["in_hand"].is_null());
    assert_eq!(me["open_cases"], 2, "the cases left open still show");

    // Bad reports change nothing.
    expect_error(
        report(&s, &w, &json!({"clerk_id": "nobody-here"})).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    expect_error(
        report(
            &s,
            &w,
            &json!({"clerk_id": seed::WINDOW_CLERK,
                    "in_hand": {"step": "anything", "since": "2026-12-03T01:00:00Z"}}),
        )
        .await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    let now = s.get_json(&lead, "/hall/now").await;
    assert_eq!(window(&now, seed::WORKSTATION_ID)["status"], "closed");
    s.stop().await;
}

async fn a_lead_moves_a_waiting_ticket_and_nobody_else_may(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let w2 = new_window(&s, "floor-2", &["huzheng"]).await;
    let lead = s.lead().await;
    let first = kiosk_ticket(&s, "huzheng", None).await;
    let second = kiosk_ticket(&s, "huzheng", None).await;
    let id = first["id"].as_str().unwrap();
    let path = format!("/hall/tickets/{id}/move");

    // Not without a lead, not without a reason, not to nowhere.
    let clerk = s.clerk(seed::WINDOW_CLERK).await;
    let approver = s.approver().await;
    for token in [&w, &clerk, &approver] {
        let body = json!({"workstation_id": "floor-2", "reason": "x"});
        expect_error(
            s.post(token, &path, &body).await,
            403,
            "backoffice.forbidden",
        )
        .await;
        let r = s
            .req(Method::GET, "/hall/now", Some(token))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
    let r = s
        .req(Method::POST, "/windows/presence", Some(&lead))
        .json(&json!({"clerk_id": seed::LEAD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "only a window reports its presence");
    for (body, status, code) in [
        (
            json!({"workstation_id": "floor-2", "reason": " "}),
            422,
            "backoffice.invalid_request",
        ),
        (
            json!({"group": "huzheng", "workstation_id": "floor-2", "reason": "x"}),
            422,
            "backoffice.invalid_request",
        ),
        (
            json!({"group": "no-such-group", "reason": "x"}),
            404,
            "tickets.unknown_group",
        ),
        (
            json!({"workstation_id": "no-such-window", "reason": "x"}),
            404,
            "tickets.unknown_window",
        ),
    ] {
        expect_error(s.post(&lead, &path, &body).await, status, code).await;
    }
    expect_error(
        s.post(
            &lead,
            "/hall/tickets/20261203-Z999/move",
            &json!({"group": "huzheng", "reason": "x"}),
        )
        .await,
        404,
        "tickets.unknown_ticket",
    )
    .await;
    let now = s.get_json(&lead, "/hall/now").await;
    assert!(
        now["waiting"][0]["for_window"].is_null(),
        "refusals changed nothing"
    );

    // Moved to the second window, for that window only; it keeps its place there.
    let moved = ok(s
        .post(
            &lead,
            &path,
            &json!({"workstation_id": "floor-2", "reason": "窗口2空闲"}),
        )
        .await)
    .await;
    assert_eq!(moved["for_window"], "floor-2");
    assert_eq!(moved["state"], "waiting");
    let at_first = called(&s, &w).await.unwrap();
    assert_eq!(
        at_first["id"], second["id"],
        "the first window no longer calls it"
    );
    let at_second = called(&s, &w2).await.unwrap();
    assert_eq!(at_second["id"], first["id"]);

    // Called: no longer the lead's to move.
    expect_error(
        s.post(&lead, &path, &json!({"group": "huzheng", "reason": "x"}))
            .await,
        409,
        "tickets.wrong_state",
    )
    .await;
    ok(act(&s, &w2, id, "start", &json!({})).await).await;
    s.stop().await;
}

async fn moves_racing_a_call_never_move_a_called_ticket(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    new_window(&s, "floor-2", &["shuiwu"]).await;
    let lead = s.lead().await;
    let t = kiosk_ticket(&s, "huzheng", None).await;
    let id = t["id"].as_str().unwrap().to_owned();
    let path = format!("/hall/tickets/{id}/move");
    // Fifty moves and the window's call, all at once.
    let mut moves = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (http, url, lead) = (s.http.clone(), format!("{}{path}", s.base), lead.clone());
        moves.spawn(async move {
            let body = json!({"workstation_id": "floor-2", "reason": format!("第{i}次")});
            let r = http
                .post(url)
                .bearer_auth(lead)
                .json(&body)
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        });
    }
    let call = common::tickets::call(&s, &w).await;
    let mut answers = Vec::new();
    while let Some(a) = moves.join_next().await {
        answers.push(a.unwrap());
    }
    let call: Value = ok(call).await;
    assert!(
        answers.iter().all(|a| *a == 200 || *a == 409),
        "{answers:?}"
    );
    let now = s.get_json(&lead, "/hall/now").await;
    if call["ticket"].is_null() {
        // Every move came first: the ticket waits for the other window, moved, never called.
        assert!(answers.iter().all(|a| *a == 200));
        assert_eq!(now["waiting"][0]["for_window"], "floor-2");
    } else {
        // Called at the first window: every move after the call was refused, and the window
        // holds it; a move answered 200 happened before the call, while it still waited.
        assert_eq!(call["ticket"]["id"], json!(id));
        assert_eq!(
            window(&now, seed::WORKSTATION_ID)["ticket"]["id"],
            json!(id)
        );
        assert!(now["waiting"].as_array().unwrap().is_empty());
    }
    s.stop().await;
}
