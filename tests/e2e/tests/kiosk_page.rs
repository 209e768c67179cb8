//! The kiosk page (取号机) in a real browser: headless Chromium through chromedriver, on a
//! sandbox back office. A green-channel ticket and a walk-in are taken by clicking, the printed
//! view is read back, the back office's list confirms both, and axe-core finds no serious
//! accessibility problem.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, Locator};
use ow_backoffice::ServerInfo;
use ow_e2e::axe_serious;
use ow_e2e::chrome::{wait_css, Chrome};
use serde_json::{json, Value};
use std::time::Duration;

async fn text(c: &Client, css: &str) -> String {
    wait_css(c, css).await.text().await.unwrap()
}

/// Chooses the green reason (or none), presses the group's button, and reads the ticket.
async fn take(c: &Client, green: &str, group: &str) -> (String, String, String) {
    wait_css(c, "#choose:not([hidden])").await;
    wait_css(c, &format!("#green-{green}"))
        .await
        .click()
        .await
        .unwrap();
    wait_css(c, &format!("#group-{group}"))
        .await
        .click()
        .await
        .unwrap();
    wait_css(c, "#ticket:not([hidden])").await;
    (
        text(c, "#ticket-number").await,
        text(c, "#ticket-ahead").await,
        text(c, "#ticket-service").await,
    )
}

async fn serious(c: &Client, view: &str) {
    let found = axe_serious(c).await.unwrap();
    assert!(found.is_empty(), "axe-core on the {view}: {found:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_takes_a_green_channel_ticket_and_a_walk_in_at_the_kiosk() {
    let addr = ow_backoffice::spawn("127.0.0.1:0".parse().unwrap(), ServerInfo::sandbox())
        .await
        .unwrap();
    let origin = format!("http://{addr}");
    let api = format!("{origin}/api/v1");
    let http = reqwest::Client::new();

    // The page is locked down: its own inline script and style only.
    let page = http.get(format!("{origin}/kiosk")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-"),
        "{csp}"
    );
    assert!(page.text().await.unwrap().contains("lang=\"zh-CN\""));

    // Two citizens already wait in 户政.
    for _ in 0..2 {
        let r = http
            .post(format!("{api}/kiosk/tickets"))
            .json(&json!({"group": "huzheng"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }

    let chrome = Chrome::start()
        .await
        .unwrap_or_else(|e| panic!("the kiosk page test needs a browser: {e}"));
    let c = chrome.session().await.unwrap();
    c.goto(&format!("{origin}/kiosk")).await.unwrap();
    // The groups come from the back office through the page's own script (so the CSP hash
    // matched): one button per group.
    wait_css(&c, "#groups[data-loaded]").await;
    let buttons = c.find_all(Locator::Css("#groups button")).await.unwrap();
    let groups: Vec<Value> = http
        .get(format!("{api}/kiosk/groups"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(buttons.len(), groups.len());
    serious(&c, "choice view").await;

    let (green_number, green_ahead, service) = take(&c, "senior", "huzheng").await;
    assert!(service.contains("户政"), "{service}");
    assert_eq!(green_ahead, "前面没有人，请留意叫号");
    assert_eq!(text(&c, "#ticket-green").await, "绿色通道：老年人");
    serious(&c, "ticket view").await;

    wait_css(&c, "#ticket-done").await.click().await.unwrap();
    let (walk_in_number, walk_in_ahead, _) = take(&c, "none", "huzheng").await;
    assert_ne!(walk_in_number, green_number);
    // The two before it, and the green ticket that goes first.
    assert_eq!(walk_in_ahead, "前面还有 3 人");
    assert!(!c
        .find(Locator::Css("#ticket-green"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());

    // The back office has both, with the right green flag.
    let signed: Value = http
        .post(format!("{api}/auth/clerk"))
        .json(&json!({"clerk_id": "2001", "secret": "0000"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lead = signed["token"].as_str().unwrap();
    let tickets: Vec<Value> = http
        .get(format!("{api}/tickets"))
        .bearer_auth(lead)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let find = |n: &str| {
        tickets
            .iter()
            .find(|t| t["number"] == n)
            .unwrap_or_else(|| panic!("{n} not in {tickets:?}"))
            .clone()
    };
    assert_eq!(find(&green_number)["green"], "senior");
    assert!(find(&walk_in_number)["green"].is_null());
    assert_eq!(tickets.len(), 4);

    // A wrong appointment code is said plainly, in Chinese.
    wait_css(&c, "#ticket-done").await.click().await.unwrap();
    wait_css(&c, "#checkin-code")
        .await
        .send_keys("000000")
        .await
        .unwrap();
    wait_css(&c, "#checkin-submit").await.click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//p[@id='message' and contains(., '未找到今日的预约')]",
        ))
        .await
        .unwrap();
    c.close().await.unwrap();
}
