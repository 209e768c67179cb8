//! Sign-in, the lockout, the idle lock, a second person at a locked window, and roles refused
//! below the UI — in the real window.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, Locator};
use ow_e2e::{
    axe_serious, open_new_case, screenshot, sign_in, testid, wait_attr, wait_count, wait_for,
    wait_text, Driver, CLERK, LEAD, PIN, SECOND_CLERK,
};
use serde_json::Value;

const SLOW: u64 = 30;

/// Calls a command the way any script in the page could, bypassing the UI.
async fn invoke(c: &Client, command: &str, args: Value) -> Result<Value, Value> {
    let out = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then((v) => done({ ok: v ?? null }), (e) => done({ err: e }));",
            vec![Value::from(command), args],
        )
        .await
        .unwrap();
    match out.get("err") {
        Some(e) => Err(e.clone()),
        None => Ok(out.get("ok").cloned().unwrap_or(Value::Null)),
    }
}

async fn text(c: &Client, id: &str) -> String {
    wait_for(c, id, 10).await.unwrap().text().await.unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn five_wrong_pins_lock_the_account_and_commands_are_refused_before_a_sign_in() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session_signed_out().await.unwrap();
    wait_for(&c, "signin", SLOW).await.unwrap();
    // The account field has the focus: the clerk just types.
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("data-testid").await.unwrap().as_deref(),
        Some("signin-account")
    );
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the sign-in screen: {axe:?}");
    // Nobody signed in: the window's commands are refused by the desk itself.
    let refused = invoke(&c, "case_create", serde_json::json!({ "ticket": null }))
        .await
        .unwrap_err();
    assert_eq!(refused["code"], "auth.signed_out", "{refused}");

    // Each answer is counted on the error line, so a try starts only after the one before
    // was answered.
    for i in 1..=4 {
        sign_in(&c, CLERK, "9999").await.unwrap();
        wait_attr(&c, "signin-error", "data-refusals", &i.to_string(), 15)
            .await
            .unwrap();
        wait_text(&c, "signin-error", "工号或密码不正确")
            .await
            .unwrap();
    }
    // The fifth wrong PIN uses up the allowance: the answer says the account is locked.
    sign_in(&c, CLERK, "9999").await.unwrap();
    wait_attr(&c, "signin-error", "data-refusals", "5", 15)
        .await
        .unwrap();
    wait_text(&c, "signin-error", "锁定").await.unwrap();
    // Locked: even the right PIN is refused now (the back office refuses it unverified).
    sign_in(&c, CLERK, PIN).await.unwrap();
    wait_attr(&c, "signin-error", "data-refusals", "6", 15)
        .await
        .unwrap();
    wait_text(&c, "signin-error", "锁定").await.unwrap();
    assert!(c.find(Locator::Css(&testid("workstation"))).await.is_err());
    screenshot(&c, "e2e-sign-in-locked").await.unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn the_idle_lock_keeps_the_case_and_a_second_person_cannot_take_it() {
    let driver = Driver::start(&[("ONEWINDOW_AUTH__IDLE_LOCK_SECONDS", "4")])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    assert!(text(&c, "clerk").await.contains(CLERK));
    open_new_case(&c, 10).await.unwrap();
    let name = c
        .find(Locator::Css(&testid("applicant-name")))
        .await
        .unwrap();
    name.send_keys("王小明").await.unwrap();
    wait_attr(&c, "save-state", "data-state", "saved", 10)
        .await
        .unwrap();

    // Quiet: the screen locks over the case and shows only the window and the person.
    let lock = wait_for(&c, "lock-screen", 15).await.unwrap();
    assert_eq!(
        lock.attr("data-person").await.unwrap().as_deref(),
        Some(CLERK)
    );
    assert!(!lock.text().await.unwrap().contains("王小明"));
    // Locked: the desk refuses the window's commands too.
    let refused = invoke(&c, "case_recent", serde_json::json!({ "limit": 5 }))
        .await
        .unwrap_err();
    assert_eq!(refused["code"], "auth.screen_locked", "{refused}");
    screenshot(&c, "e2e-idle-lock").await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the lock screen: {axe:?}");

    // The same person unlocks and finds the case exactly as it was.
    let secret = wait_for(&c, "unlock-secret", 5).await.unwrap();
    secret.send_keys(&format!("{PIN}\u{E007}")).await.unwrap();
    // The work stays mounted behind the lock: wait for the lock itself to lift.
    wait_attr(&c, "behind-lock", "data-locked", "false", 10)
        .await
        .unwrap();
    assert!(c.find(Locator::Css(&testid("lock-screen"))).await.is_err());
    let value = c
        .find(Locator::Css(&testid("applicant-name")))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("王小明"));

    // Locked again; another clerk signs in over the lock: the first clerk's case is not theirs.
    wait_for(&c, "lock-screen", 15).await.unwrap();
    wait_for(&c, "lock-switch", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    sign_in(&c, SECOND_CLERK, PIN).await.unwrap();
    wait_attr(&c, "clerk", "data-id", SECOND_CLERK, 10)
        .await
        .unwrap();
    wait_for(&c, "home", 10).await.unwrap();
    assert!(!text(&c, "workstation").await.contains("王小明"));
    let recent = invoke(&c, "case_recent", serde_json::json!({ "limit": 20 }))
        .await
        .unwrap();
    assert_eq!(recent.as_array().map(Vec::len), Some(0), "{recent}");

    // The second clerk signs out; the first signs in and their case is offered again.
    wait_for(&c, "sign-out", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    sign_in(&c, CLERK, PIN).await.unwrap();
    wait_attr(&c, "clerk", "data-id", CLERK, 10).await.unwrap();
    let resumed = invoke(&c, "case_resume", Value::Null).await.unwrap();
    assert_eq!(
        resumed["applicant"]["name"], "王小明",
        "the first clerk's draft: {resumed}"
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_lead_gets_the_hall_and_a_clerk_calling_it_directly_is_refused() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    // A clerk has no hall console, and calling its command directly is refused by the desk.
    assert!(c.find(Locator::Css(&testid("places"))).await.is_err());
    let refused = invoke(&c, "hall_overview", Value::Null).await.unwrap_err();
    assert_eq!(refused["code"], "auth.forbidden", "{refused}");
    assert_eq!(refused["details"]["needed"], "lead", "{refused}");

    // The clerk leaves a case open and signs out: it stays theirs.
    open_new_case(&c, 10).await.unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("张三")
        .await
        .unwrap();
    wait_attr(&c, "save-state", "data-state", "saved", 10)
        .await
        .unwrap();

    // The lead: the window and the hall console, the queues from the back office.
    wait_for(&c, "sign-out", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    sign_in(&c, LEAD, PIN).await.unwrap();
    wait_for(&c, "places", 10).await.unwrap();
    wait_for(&c, "place-hall", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "hall-queues", 15).await.unwrap();
    let queues = c
        .find_all(Locator::Css(&testid("hall-queue")))
        .await
        .unwrap();
    assert!(
        queues.len() >= 12,
        "every department's queue: {}",
        queues.len()
    );
    // The clerk's open case is listed for the lead, with whose it is.
    let drafts = wait_count(&c, "hall-draft", 1, 10).await.unwrap();
    assert_eq!(
        drafts[0].attr("data-owner").await.unwrap().as_deref(),
        Some(CLERK)
    );
    screenshot(&c, "e2e-hall-console").await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the hall console: {axe:?}");
    c.close().await.unwrap();
}
