//! The ticket queue's refusals over HTTP, on both backends: each role reaches only its own
//! routes, and bad input is answered with a clear 4xx that changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::tickets::{act, appointment, called, kiosk_ticket, prefix_of, todays};
use common::{expect_error, Backend};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    each_role_gets_only_its_own_routes,
    bad_input_is_refused_and_changes_nothing,
);

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
