//! The hall's ticket queue over HTTP, on both backends: issue, call, recall, start, finish,
//! no-show, transfer, pause; the call order at work; appointments; who may do what; bad input;
//! and many windows calling at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, Backend, Server};
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
    appointments_in_their_slot_come_before_walk_ins,
    check_in_by_code_hides_the_details_and_by_id_shows_them,
    a_hundred_parallel_code_guesses_get_twenty_answers_and_then_the_kiosk_check_in_locks,
    each_role_gets_only_its_own_routes,
    bad_input_is_refused_and_changes_nothing,
    offline_visits_are_recorded_once_and_close_the_paper_ticket,
    three_windows_calling_at_once_call_every_ticket_exactly_once,
);

/// Issues at the kiosk (no session).
async fn kiosk_ticket(s: &Server, group: &str, green: Option<&str>) -> Value {
    let r = s
        .req(Method::POST, "/kiosk/tickets", None)
        .json(&json!({"group": group, "green": green}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn call(s: &Server, w: &str) -> reqwest::Response {
    s.post(w, "/tickets/call", &json!({"clerk_id": seed::WINDOW_CLERK}))
        .await
}

/// Calls and expects someone (or nobody).
async fn called(s: &Server, w: &str) -> Option<Value> {
    let r = call(s, w).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    (!v["ticket"].is_null()).then(|| v["ticket"].clone())
}

async fn act(s: &Server, w: &str, id: &str, action: &str, body: &Value) -> reqwest::Response {
    s.post(w, &format!("/tickets/{id}/{action}"), body).await
}

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {v}");
    v
}

/// Calls, starts and finishes the next ticket; its number, or None.
async fn serve_next(s: &Server, w: &str) -> Option<String> {
    let t = called(s, w).await?;
    let id = t["id"].as_str().unwrap();
    ok(act(s, w, id, "start", &json!({})).await).await;
    ok(act(s, w, id, "finish", &json!({"cases": []})).await).await;
    Some(t["number"].as_str().unwrap().to_owned())
}

/// Provisions window `id` serving `groups` and signs it in.
async fn new_window(s: &Server, id: &str, groups: &[&str]) -> String {
    let secret = format!("{id}-secret-long-enough");
    let r = s
        .req(
            Method::PUT,
            &format!("/admin/workstations/{id}"),
            Some(s.admin()),
        )
        .json(&json!({"window_name": id, "secret": secret}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .req(
            Method::PUT,
            &format!("/admin/windows/{id}/groups"),
            Some(s.admin()),
        )
        .json(&json!({"workstation_id": id, "groups": groups}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    Server::token_of(s.sign_in_workstation(id, &secret).await).await
}

async fn todays(s: &Server, state: &str) -> Vec<Value> {
    let lead = s.lead().await;
    let q = if state.is_empty() {
        String::new()
    } else {
        format!("?state={state}")
    };
    s.get_json(&lead, &format!("/tickets{q}"))
        .await
        .as_array()
        .unwrap()
        .clone()
}

fn prefix_of(setup: &Value, group: &str) -> String {
    setup["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["code"] == group)
        .unwrap()["prefix"]
        .as_str()
        .unwrap()
        .to_owned()
}

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

fn appointment(group: &str, name: &str, id_number: &str) -> Value {
    let now = chrono::Utc::now();
    json!({
        "group": group,
        "name": name,
        "id_number": id_number,
        "slot_start": now - chrono::Duration::minutes(5),
        "slot_end": now + chrono::Duration::minutes(25),
        "items": ["HZ-001"],
        "answers": {"reason": "spouse"}
    })
}

async fn book(s: &Server, body: &Value) -> String {
    let r = s
        .req(Method::POST, "/appointments", Some(s.admin()))
        .json(body)
        .send()
        .await
        .unwrap();
    let v = ok(r).await;
    let code = v["code"].as_str().unwrap().to_owned();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    code
}

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

async fn each_role_gets_only_its_own_routes(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let clerk = s.clerk(seed::WINDOW_CLERK).await;
    let lead = s.lead().await;
    kiosk_ticket(&s, "huzheng", None).await;
    let body = json!({"clerk_id": seed::WINDOW_CLERK});
    // The kiosk (no session) cannot call; a person's session cannot either: calls are the
    // window's.
    let r = s
        .req(Method::POST, "/tickets/call", None)
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    expect_error(
        s.post(&clerk, "/tickets/call", &body).await,
        403,
        "backoffice.forbidden",
    )
    .await;
    expect_error(
        s.post(&lead, "/tickets/call", &body).await,
        403,
        "backoffice.forbidden",
    )
    .await;
    // The clerk named must be a real person with the clerk role.
    let r = s
        .post(&w, "/tickets/call", &json!({"clerk_id": seed::APPROVER}))
        .await;
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .post(&w, "/tickets/call", &json!({"clerk_id": "nobody"}))
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    // Only leads list the day's tickets.
    for token in [&w, &clerk] {
        let r = s
            .req(Method::GET, "/tickets", Some(token))
            .send()
            .await
            .unwrap();
        expect_error(r, 403, "backoffice.forbidden").await;
    }
    // Only the booking system books; check-in by ID only at a window.
    let appt = appointment("huzheng", "钱七", "110105199001010011");
    expect_error(
        s.post(&w, "/appointments", &appt).await,
        403,
        "backoffice.forbidden",
    )
    .await;
    let r = s
        .post(
            &clerk,
            "/appointments/check-in",
            &json!({"id_number": "110105199001010011"}),
        )
        .await;
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .req(Method::POST, "/kiosk/check-in", None)
        .json(&json!({"id_number": "110105199001010011"}))
        .send()
        .await
        .unwrap();
    expect_error(r, 422, "backoffice.invalid_request").await;
    // Set-up is the administrator's; issuing through the API needs a hall session.
    let r = s
        .req(Method::PUT, "/admin/hall-settings", Some(&lead))
        .json(
            &json!({"priority_streak_cap": 0, "recalls_before_no_show": 0,
            "appointment_early_minutes": 0, "bad_rating_follow_up_days": 1}),
        )
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .req(Method::POST, "/tickets", None)
        .json(&json!({"group": "huzheng"}))
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    let approver = s.approver().await;
    expect_error(
        s.post(&approver, "/tickets", &json!({"group": "huzheng"}))
            .await,
        403,
        "backoffice.forbidden",
    )
    .await;
    assert_eq!(
        s.post(&clerk, "/tickets", &json!({"group": "huzheng"}))
            .await
            .status(),
        201
    );
    assert_eq!(todays(&s, "waiting").await.len(), 2);
    assert_eq!(todays(&s, "called").await.len(), 0);
}

async fn bad_input_is_refused_and_changes_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let admin = s.admin();
    let setup_before = s.get_json(&w, "/hall/setup").await;
    let kiosk = |body: Value| {
        s.req(Method::POST, "/kiosk/tickets", None)
            .json(&body)
            .send()
    };
    expect_error(
        kiosk(json!({"group": "nowhere"})).await.unwrap(),
        404,
        "tickets.unknown_group",
    )
    .await;
    expect_error(
        kiosk(json!({"group": "huzheng", "green": "vip"}))
            .await
            .unwrap(),
        422,
        "backoffice.invalid_body",
    )
    .await;
    expect_error(
        kiosk(json!({"group": "a/b"})).await.unwrap(),
        422,
        "backoffice.invalid_request",
    )
    .await;
    let r = s
        .req(Method::POST, "/kiosk/tickets", None)
        .header("content-type", "application/json")
        .body(format!(
            "{{\"group\": \"{}\"}}",
            "x".repeat(common::test_limits().json_bytes)
        ))
        .send()
        .await
        .unwrap();
    expect_error(r, 413, "backoffice.body_too_large").await;
    assert!(todays(&s, "").await.is_empty());

    // Ticket ids and steps.
    expect_error(
        act(&s, &w, "not a ticket!", "start", &json!({})).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    expect_error(
        act(&s, &w, "20990101-A001", "start", &json!({})).await,
        404,
        "tickets.unknown_ticket",
    )
    .await;
    let t = kiosk_ticket(&s, "huzheng", None).await;
    let id = t["id"].as_str().unwrap();
    expect_error(
        act(&s, &w, id, "start", &json!({})).await,
        409,
        "tickets.wrong_state",
    )
    .await;
    called(&s, &w).await.unwrap();
    let long = "x".repeat(201);
    expect_error(
        act(&s, &w, id, "finish", &json!({"cases": [long]})).await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    expect_error(
        act(
            &s,
            &w,
            id,
            "transfer",
            &json!({"group": "shuiwu", "workstation_id": "w9", "reason": "x"}),
        )
        .await,
        422,
        "backoffice.invalid_request",
    )
    .await;
    assert_eq!(
        s.get_json(&w, "/windows/me").await["current"]["state"],
        "called"
    );

    // Set-up.
    let put = |path: &str, body: Value| s.req(Method::PUT, path, Some(admin)).json(&body).send();
    for settings in [
        json!({"priority_streak_cap": 21, "recalls_before_no_show": 2, "appointment_early_minutes": 15, "bad_rating_follow_up_days": 3}),
        json!({"priority_streak_cap": 3, "recalls_before_no_show": 11, "appointment_early_minutes": 15, "bad_rating_follow_up_days": 3}),
        json!({"priority_streak_cap": 3, "recalls_before_no_show": 2, "appointment_early_minutes": 121, "bad_rating_follow_up_days": 3}),
        json!({"priority_streak_cap": 3, "recalls_before_no_show": 2, "appointment_early_minutes": 15, "bad_rating_follow_up_days": 0}),
    ] {
        let r = put("/admin/hall-settings", settings).await.unwrap();
        expect_error(r, 422, "backoffice.invalid_request").await;
    }
    for prefix in ["a", "AB", "", "1"] {
        let r = put(
            "/admin/groups/new",
            json!({"code": "new", "name": "新业务", "prefix": prefix}),
        )
        .await
        .unwrap();
        expect_error(r, 422, "backoffice.invalid_request").await;
    }
    let taken = prefix_of(&setup_before, "huzheng");
    let r = put(
        "/admin/groups/new",
        json!({"code": "new", "name": "新业务", "prefix": taken}),
    )
    .await
    .unwrap();
    expect_error(r, 409, "tickets.prefix_taken").await;
    let r = put(
        "/admin/groups/new",
        json!({"code": "other", "name": "新业务", "prefix": "Z"}),
    )
    .await
    .unwrap();
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = put(
        &format!("/admin/windows/{}/groups", seed::WORKSTATION_ID),
        json!({"workstation_id": seed::WORKSTATION_ID, "groups": ["huzheng", "nowhere"]}),
    )
    .await
    .unwrap();
    expect_error(r, 404, "tickets.unknown_group").await;
    let r = put(
        "/admin/windows/window-9/groups",
        json!({"workstation_id": "window-9", "groups": ["huzheng"]}),
    )
    .await
    .unwrap();
    expect_error(r, 404, "tickets.unknown_window").await;
    assert_eq!(s.get_json(&w, "/hall/setup").await, setup_before);

    // Appointments and check-in.
    let mut appt = appointment("huzheng", "孙八", "110105199001010011");
    appt["slot_end"] = appt["slot_start"].clone();
    let r = s
        .req(Method::POST, "/appointments", Some(admin))
        .json(&appt)
        .send()
        .await
        .unwrap();
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .req(Method::POST, "/appointments", Some(admin))
        .json(&appointment("nowhere", "孙八", "110105199001010011"))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "tickets.unknown_group").await;
    for body in [
        json!({"code": "12345"}),
        json!({"code": "12345a"}),
        json!({}),
    ] {
        let r = s
            .req(Method::POST, "/kiosk/check-in", None)
            .json(&body)
            .send()
            .await
            .unwrap();
        expect_error(r, 422, "backoffice.invalid_request").await;
    }
    let r = s
        .req(Method::POST, "/kiosk/check-in", None)
        .json(&json!({"code": "000000"}))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "tickets.unknown_appointment").await;
    let r = s
        .req(Method::GET, "/tickets?state=lost", Some(&s.lead().await))
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "backoffice.bad_query").await;
    assert_eq!(todays(&s, "").await.len(), 1);
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
