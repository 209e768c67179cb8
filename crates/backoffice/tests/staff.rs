//! People of the hall: several roles each, who a token stands for, sessions that expire, and
//! the hall's password policy — on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use chrono::{DateTime, Utc};
use common::{expect_error, intake, Backend, Place, Server};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

on_both!(
    the_sandbox_people_and_their_roles,
    a_token_says_who_it_stands_for,
    tokens_expire,
    roles_decide_what_a_person_may_do,
    provisioning_checks_roles_and_queues,
    production_refuses_a_weak_secret,
);

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

async fn me(s: &Server, token: &str) -> reqwest::Response {
    s.req(Method::GET, "/auth/me", Some(token))
        .send()
        .await
        .unwrap()
}

async fn the_sandbox_people_and_their_roles(b: Backend) {
    let s = common::start(b).await;
    let every_queue = seed::queues().unwrap().len();
    for (id, name, roles) in [
        (seed::WINDOW_CLERK, "培训收件员", json!(["clerk"])),
        (seed::SECOND_CLERK, "培训收件员二", json!(["clerk"])),
        (seed::LEAD, "培训值班长", json!(["clerk", "lead"])),
        (seed::TRAINER, "培训教员", json!(["clerk", "trainer"])),
        (seed::APPROVER, "培训审批员", json!(["approver"])),
        (seed::ADMIN, "培训管理员", json!(["admin"])),
    ] {
        let r = s.sign_in_clerk(id, seed::PIN).await;
        assert_eq!(r.status(), 200, "{id}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["subject"], id);
        assert_eq!(v["name"], name);
        assert_eq!(v["roles"], roles, "{id}");
        let queues = v["queues"].as_array().unwrap().len();
        assert_eq!(queues, if id == seed::APPROVER { every_queue } else { 0 });
    }
}

async fn a_token_says_who_it_stands_for(b: Backend) {
    let s = common::start(b).await;
    let before = Utc::now();
    let signed: Value = s
        .sign_in_clerk(seed::LEAD, seed::PIN)
        .await
        .json()
        .await
        .unwrap();
    let after = Utc::now();
    let server_time = time(&signed["server_time"]);
    // Same clock in the test and the server: the server's now lies within the request.
    assert!(
        before - chrono::Duration::seconds(1) <= server_time,
        "{signed}"
    );
    assert!(
        server_time <= after + chrono::Duration::seconds(1),
        "{signed}"
    );
    let expires = time(&signed["expires_at"]);
    assert_eq!((expires - server_time).num_seconds(), 12 * 3600);

    let token = signed["token"].as_str().unwrap();
    let r = me(&s, token).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["kind"], "clerk");
    assert_eq!(v["subject"], seed::LEAD);
    assert_eq!(v["name"], "培训值班长");
    assert_eq!(v["roles"], json!(["clerk", "lead"]));
    assert_eq!(v["queues"], json!([]));
    assert_eq!(time(&v["expires_at"]), expires);

    let w = s.window().await;
    let v: Value = me(&s, &w).await.json().await.unwrap();
    assert_eq!(v["kind"], "workstation");
    assert_eq!(v["subject"], seed::WORKSTATION_ID);
    assert_eq!(v["roles"], json!([]));

    expect_error(me(&s, s.admin()).await, 403, "backoffice.forbidden").await;
    let r = s.req(Method::GET, "/auth/me", None).send().await.unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
    let r = s
        .req(Method::POST, "/auth/sign-out", Some(token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    expect_error(me(&s, token).await, 401, "backoffice.unauthorized").await;
}

async fn tokens_expire(b: Backend) {
    let place = Place::new(b).await;
    let mut config = place.config("sandbox");
    config.session_ttl = Duration::from_secs(1);
    let s = Server::open(config, b).await;
    let signed: Value = s
        .sign_in_clerk(seed::APPROVER, seed::PIN)
        .await
        .json()
        .await
        .unwrap();
    let token = signed["token"].as_str().unwrap();
    assert_eq!(
        (time(&signed["expires_at"]) - time(&signed["server_time"])).num_milliseconds(),
        1000
    );
    assert_eq!(me(&s, token).await.status(), 200);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    expect_error(me(&s, token).await, 401, "backoffice.unauthorized").await;
    let r = s
        .req(Method::GET, "/queues", Some(token))
        .send()
        .await
        .unwrap();
    expect_error(r, 401, "backoffice.unauthorized").await;
}

async fn roles_decide_what_a_person_may_do(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let n = s.new_case(&w, "roles", &intake(1, "huzheng", &[])).await;
    let clerk = s.clerk(seed::WINDOW_CLERK).await;
    let trainer = s.clerk(seed::TRAINER).await;
    let admin = s.clerk(seed::ADMIN).await;
    let lead = s.lead().await;
    let reassign = json!({"queue": "shuiwu", "reason": "涉税事项，转税务"});

    // Window clerks, trainers and administrators are not shift leads.
    for token in [&clerk, &trainer, &admin] {
        let r = s
            .req(Method::GET, "/overview", Some(token))
            .send()
            .await
            .unwrap();
        expect_error(r, 403, "backoffice.forbidden").await;
        let r = s
            .post(token, &format!("/cases/{n}/reassign"), &reassign)
            .await;
        expect_error(r, 403, "backoffice.forbidden").await;
    }
    let r = s
        .req(Method::POST, "/queues/huzheng/claim", Some(&clerk))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    // The shift lead gets through.
    assert!(s.get_json(&lead, "/overview").await["queues"].is_array());
    let r = s
        .post(&lead, &format!("/cases/{n}/reassign"), &reassign)
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["queue"], "shuiwu");

    // An administrator provisions; nobody else does.
    let put_queue = |token: &str| {
        s.req(Method::PUT, "/admin/queues/x", Some(token))
            .json(&json!({"name": "新队列"}))
            .send()
    };
    expect_error(put_queue(&lead).await.unwrap(), 403, "backoffice.forbidden").await;
    assert_eq!(put_queue(&admin).await.unwrap().status(), 204);
    let queues = s.get_json(&clerk, "/queues").await;
    assert!(queues.as_array().unwrap().iter().any(|q| q["code"] == "x"));
    let r = s
        .req(Method::PUT, "/admin/clerks/5001", Some(&admin))
        .json(
            &json!({"name": "新审批员", "secret": "2468", "roles": ["approver"], "queues": ["x"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    // The sandbox approver works every queue, the new one only its own.
    let approver = s.approver().await;
    assert!(s.claim(&approver, "gongjijin").await.is_none());
    let newcomer = s.clerk_with("5001", "2468").await;
    assert!(s.claim(&newcomer, "x").await.is_none());
    let r = s
        .req(Method::POST, "/queues/huzheng/claim", Some(&newcomer))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
}

async fn provisioning_checks_roles_and_queues(b: Backend) {
    let s = common::start(b).await;
    let put = |body: Value| {
        s.req(Method::PUT, "/admin/clerks/6001", Some(s.admin()))
            .json(&body)
            .send()
    };
    let v = expect_error(
        put(json!({"name": "无角色", "secret": "2468", "roles": []}))
            .await
            .unwrap(),
        422,
        "backoffice.invalid_request",
    )
    .await;
    assert_eq!(v["details"]["field"], "roles");
    let v = expect_error(
        put(json!({"name": "收件员", "secret": "2468", "roles": ["clerk", "lead"], "queues": ["huzheng"]}))
            .await
            .unwrap(),
        422,
        "backoffice.invalid_request",
    )
    .await;
    assert_eq!(v["details"]["field"], "queues");
    expect_error(
        put(json!({"name": "保洁", "secret": "2468", "roles": ["janitor"]}))
            .await
            .unwrap(),
        422,
        "backoffice.invalid_body",
    )
    .await;
    // Several roles, repeated or in any order, are stored once each in order.
    let r = put(json!({"name": "审批兼值班", "secret": "2468", "roles": ["lead", "approver", "lead"], "queues": ["huzheng"]}))
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let v: Value = s.sign_in_clerk("6001", "2468").await.json().await.unwrap();
    assert_eq!(v["roles"], json!(["approver", "lead"]));
    assert_eq!(v["queues"], json!(["huzheng"]));
    // The sandbox takes the training PIN's shape.
    let r = s
        .req(Method::PUT, "/admin/clerks/6002", Some(s.admin()))
        .json(&json!({"name": "学员", "secret": "0000", "roles": ["clerk"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

async fn production_refuses_a_weak_secret(b: Backend) {
    let place = Place::new(b).await;
    let mut config = place.config("production");
    config.admin_token = Some("production-admin-token".into());
    let s = Server::open(config, b).await;
    let put = |secret: &str| {
        s.req(
            Method::PUT,
            "/admin/clerks/7001",
            Some("production-admin-token"),
        )
        .json(&json!({"name": "收件员", "secret": secret, "roles": ["clerk"]}))
        .send()
    };
    for weak in ["1234", "12345678", "password"] {
        let v = expect_error(put(weak).await.unwrap(), 422, "backoffice.invalid_request").await;
        assert_eq!(v["details"]["field"], "secret", "{weak}");
        let rule = v["details"]["problem"].as_str().unwrap();
        assert!(rule.contains("at least one letter and one digit"), "{rule}");
        assert!(rule.contains('8'), "{rule}");
        assert!(v["message"].as_str().unwrap().contains(rule), "{v}");
    }
    // Nothing was saved.
    expect_error(
        s.sign_in_clerk("7001", "1234").await,
        401,
        "backoffice.bad_credentials",
    )
    .await;
    assert_eq!(put("window2025").await.unwrap().status(), 204);
    assert_eq!(s.sign_in_clerk("7001", "window2025").await.status(), 200);
    // Production has no training accounts.
    expect_error(
        s.sign_in_clerk(seed::LEAD, seed::PIN).await,
        401,
        "backoffice.bad_credentials",
    )
    .await;
}
