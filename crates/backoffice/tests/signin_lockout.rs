//! The sign-in lockout lives in the database, one transaction per step: a burst of parallel
//! guesses gets only the allowance of verifications, and a lock outlives a restart and holds
//! for every back office on the same database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, Backend, Place, Server};
use ow_backoffice::{seed, LockoutPolicy};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

on_both!(
    a_burst_of_guesses_gets_only_the_allowance,
    unknown_accounts_are_counted_like_known_ones,
    workstations_are_locked_out_too,
    a_lock_survives_a_restart_and_holds_on_every_instance,
    locks_end_double_and_a_success_starts_afresh,
    an_administrator_resetting_a_secret_unlocks_the_account,
);

const BURST: usize = 100;

/// Status, `Retry-After` header and body of a sign-in answer.
struct Answer {
    status: StatusCode,
    retry_after: Option<u64>,
    body: Value,
}

async fn answer(r: reqwest::Response) -> Answer {
    let retry_after = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    Answer {
        status: r.status(),
        retry_after,
        body: r.json().await.unwrap(),
    }
}

/// A 429 that says when to come back, in the header and in the body alike.
fn assert_locked(a: &Answer) -> u64 {
    assert_eq!(a.status, 429, "{}", a.body);
    assert_eq!(a.body["code"], "backoffice.too_many_attempts");
    let secs = a.retry_after.expect("a 429 carries Retry-After");
    assert!(secs > 0);
    assert_eq!(a.body["details"]["retry_after_seconds"], secs);
    secs
}

async fn clerk_answer(s: &Server, id: &str, secret: &str) -> Answer {
    answer(s.sign_in_clerk(id, secret).await).await
}

async fn provision(s: &Server, id: &str, secret: &str) {
    let r = s
        .req(Method::PUT, &format!("/admin/clerks/{id}"), Some(s.admin()))
        .json(&json!({"name": id, "secret": secret, "roles": ["clerk"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

/// A hundred guesses at once, through two back offices on one database, with the right
/// secret somewhere among them: whether it is verified is luck, but no more than the
/// allowance of guesses may be verified in all, and every refusal says when to come back.
async fn a_burst_of_guesses_gets_only_the_allowance(b: Backend) {
    let place = Place::new(b).await;
    let servers = [
        Server::open(place.config("sandbox"), b).await,
        Server::open(place.config("sandbox"), b).await,
    ];
    provision(&servers[0], "burst", "4321").await;
    let max = LockoutPolicy::default().max_failures as u64;
    let right_at = (uuid::Uuid::new_v4().as_u128() % BURST as u128) as usize;
    let checks = || servers.iter().map(|s| s.state.secret_checks()).sum::<u64>();
    let checks_before = checks();
    let start = Arc::new(tokio::sync::Barrier::new(BURST));
    let mut tasks = Vec::new();
    for i in 0..BURST {
        let secret = if i == right_at {
            "4321".to_owned()
        } else {
            format!("{:04}", 5000 + i)
        };
        let req = servers[i % 2]
            .req(Method::POST, "/auth/clerk", None)
            .json(&json!({"clerk_id": "burst", "secret": secret}));
        let start = Arc::clone(&start);
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            answer(req.send().await.unwrap()).await
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    // What the servers verified: a guess that fails after the burst locked the account
    // answers 429 like the refused ones, so the answers alone undercount.
    let checked = checks() - checks_before;
    assert!(checked <= max, "{checked} of {BURST} guesses were verified");
    let verified: Vec<&Answer> = answers.iter().filter(|a| a.status != 429).collect();
    assert!(
        verified.len() as u64 <= max,
        "{} of {BURST} guesses were answered as verified: {:?}",
        verified.len(),
        verified.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    for a in &verified {
        assert!(a.status == 200 || a.status == 401, "{}", a.body);
    }
    let refused = answers.iter().filter(|a| a.status == 429).count();
    assert!(refused as u64 >= BURST as u64 - max);
    for a in answers.iter().filter(|a| a.status == 429) {
        assert_locked(a);
    }
    // Unless the right secret was among the verified, the account is now locked to it too.
    if !answers.iter().any(|a| a.status == 200) {
        assert_locked(&clerk_answer(&servers[1], "burst", "4321").await);
    }
}

async fn unknown_accounts_are_counted_like_known_ones(b: Backend) {
    let s = common::start(b).await;
    let known = clerk_answer(&s, seed::WINDOW_CLERK, "9999").await;
    let unknown = clerk_answer(&s, "no-such-person", "9999").await;
    // The same answer: nothing tells which ids exist.
    assert_eq!(known.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(known.body, unknown.body);
    assert_eq!(unknown.body["code"], "backoffice.bad_credentials");
    for _ in 0..3 {
        assert_eq!(clerk_answer(&s, "no-such-person", "9999").await.status, 401);
    }
    assert_locked(&clerk_answer(&s, "no-such-person", "9999").await);
    // Counted per account: the other account is not affected.
    assert_eq!(
        clerk_answer(&s, seed::WINDOW_CLERK, seed::PIN).await.status,
        200
    );
}

async fn workstations_are_locked_out_too(b: Backend) {
    let s = common::start(b).await;
    for _ in 0..4 {
        let r = s
            .sign_in_workstation(seed::WORKSTATION_ID, "not-the-secret")
            .await;
        expect_error(r, 401, "backoffice.bad_credentials").await;
    }
    let r = s
        .sign_in_workstation(seed::WORKSTATION_ID, "not-the-secret")
        .await;
    assert_locked(&answer(r).await);
    let r = s
        .sign_in_workstation(seed::WORKSTATION_ID, seed::WORKSTATION_SECRET)
        .await;
    let secs = assert_locked(&answer(r).await);
    assert!((800..=900).contains(&secs), "{secs}");
    // A person's account and the window's are counted apart.
    assert_eq!(
        clerk_answer(&s, seed::WINDOW_CLERK, seed::PIN).await.status,
        200
    );
}

async fn lock(s: &Server, id: &str) {
    for _ in 0..4 {
        assert_eq!(clerk_answer(s, id, "9999").await.status, 401);
    }
    assert_locked(&clerk_answer(s, id, "9999").await);
}

async fn a_lock_survives_a_restart_and_holds_on_every_instance(b: Backend) {
    let place = Place::new(b).await;
    let first = Server::open(place.config("sandbox"), b).await;
    let second = Server::open(place.config("sandbox"), b).await;
    lock(&first, seed::WINDOW_CLERK).await;
    // Another back office on the same database refuses the right PIN as well.
    let secs = assert_locked(&clerk_answer(&second, seed::WINDOW_CLERK, seed::PIN).await);
    assert!((800..=900).contains(&secs), "{secs}");
    first.stop().await;
    second.stop().await;

    let restarted = Server::open(place.config("sandbox"), b).await;
    let secs = assert_locked(&clerk_answer(&restarted, seed::WINDOW_CLERK, seed::PIN).await);
    assert!((800..=900).contains(&secs), "{secs}");
    // Other people were never locked.
    assert_eq!(
        clerk_answer(&restarted, seed::LEAD, seed::PIN).await.status,
        200
    );
}

async fn locks_end_double_and_a_success_starts_afresh(b: Backend) {
    let place = Place::new(b).await;
    let mut config = place.config("sandbox");
    config.lockout = LockoutPolicy {
        max_failures: 3,
        window_secs: 60,
        lock_secs: 1,
        max_lock_secs: 60,
    };
    let s = Server::open(config, b).await;
    let id = seed::SECOND_CLERK;
    let server = &s;
    let three_wrong = || async move {
        assert_eq!(clerk_answer(server, id, "9999").await.status, 401);
        assert_eq!(clerk_answer(server, id, "9999").await.status, 401);
        assert_locked(&clerk_answer(server, id, "9999").await)
    };
    assert_eq!(three_wrong().await, 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    // The lock is over, and the next one lasts twice as long.
    assert_eq!(three_wrong().await, 2);
    assert_locked(&clerk_answer(&s, id, seed::PIN).await);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(clerk_answer(&s, id, seed::PIN).await.status, 200);
    // After a success, a fresh allowance and a first-length lock.
    assert_eq!(three_wrong().await, 1);
}

async fn an_administrator_resetting_a_secret_unlocks_the_account(b: Backend) {
    let s = common::start(b).await;
    lock(&s, seed::WINDOW_CLERK).await;
    assert_locked(&clerk_answer(&s, seed::WINDOW_CLERK, seed::PIN).await);
    let r = s
        .req(
            Method::PUT,
            &format!("/admin/clerks/{}", seed::WINDOW_CLERK),
            Some(s.admin()),
        )
        .json(&json!({"name": "培训收件员", "secret": "2580", "roles": ["clerk"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        clerk_answer(&s, seed::WINDOW_CLERK, "2580").await.status,
        200
    );

    for _ in 0..4 {
        let r = s.sign_in_workstation(seed::WORKSTATION_ID, "not-it").await;
        assert_eq!(r.status(), 401);
    }
    assert_locked(&answer(s.sign_in_workstation(seed::WORKSTATION_ID, "not-it").await).await);
    let r = s
        .req(
            Method::PUT,
            &format!("/admin/workstations/{}", seed::WORKSTATION_ID),
            Some(s.admin()),
        )
        .json(&json!({"window_name": "培训窗口 1", "secret": "a-brand-new-window-secret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .sign_in_workstation(seed::WORKSTATION_ID, "a-brand-new-window-secret")
        .await;
    assert_eq!(r.status(), 200);
}
