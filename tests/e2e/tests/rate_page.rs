//! 好差评 later, in a real browser: the page a citizen's phone opens from the QR code on the
//! receipt (headless Chromium through chromedriver, on a sandbox back office). A visit the
//! window left unrated is rated 不满意 with a reason; the back office holds it once, for the
//! window and clerk of the visit; opened again, the page says it is rated; axe-core finds no
//! serious accessibility problem.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Locator;
use ow_backoffice::{seed, ServerInfo};
use ow_e2e::axe_serious;
use ow_e2e::chrome::{wait_css, Chrome};
use serde_json::{json, Value};
use std::time::Duration;

async fn token(http: &reqwest::Client, url: String, body: Value) -> String {
    let v: Value = http
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["token"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_rates_a_visit_later_from_the_receipts_qr_code() {
    let addr = ow_backoffice::spawn("127.0.0.1:0".parse().unwrap(), ServerInfo::sandbox())
        .await
        .unwrap();
    let origin = format!("http://{addr}");
    let api = format!("{origin}/api/v1");
    let http = reqwest::Client::new();

    let page = http.get(format!("{origin}/rate")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");

    // The window's citizen left without rating: the window invites a later rating.
    let window = token(
        &http,
        format!("{api}/auth/workstation"),
        json!({"workstation_id": seed::WORKSTATION_ID, "secret": seed::WORKSTATION_SECRET}),
    )
    .await;
    let code = "M4K7QX2R9TZ8";
    let r = http
        .post(format!("{api}/ratings/invitations"))
        .bearer_auth(&window)
        .json(&json!({
            "code": code, "ticket": "A023", "cases": ["WIN-0001"],
            "clerk_id": seed::WINDOW_CLERK, "served_at": chrono::Utc::now()
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);

    let chrome = Chrome::start()
        .await
        .unwrap_or_else(|e| panic!("the rating page test needs a browser: {e}"));
    let c = chrome.session().await.unwrap();

    // A code that does not exist is said plainly.
    c.goto(&format!("{origin}/rate?c=ZZZZZZZZZZZZ"))
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//p[@id='visit' and contains(., '未找到本次服务')]",
        ))
        .await
        .unwrap();

    c.goto(&format!("{origin}/rate?c={code}")).await.unwrap();
    wait_css(&c, "#form:not([hidden])").await;
    let visit = wait_css(&c, "#visit").await.text().await.unwrap();
    assert!(
        visit.contains("排队号 A023") && visit.contains("共 1 项业务"),
        "{visit}"
    );
    let found = axe_serious(&c).await.unwrap();
    assert!(found.is_empty(), "axe-core on the rating form: {found:#?}");

    // 不满意 without a reason is refused on the page, before anything is sent.
    wait_css(&c, "input[name=grade][value=dissatisfied]")
        .await
        .click()
        .await
        .unwrap();
    wait_css(&c, "#reasons:not([hidden])").await;
    wait_css(&c, "#send").await.click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath(
            "//p[@id='message' and contains(., '至少选择一个')]",
        ))
        .await
        .unwrap();
    wait_css(&c, "input[name=reason][value=come_again]")
        .await
        .click()
        .await
        .unwrap();
    wait_css(&c, "#text")
        .await
        .send_keys("材料清单没说清楚，跑了两趟")
        .await
        .unwrap();
    wait_css(&c, "#send").await.click().await.unwrap();
    let done = wait_css(&c, "#done:not([hidden])")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(done, "感谢您的评价！");
    let found = axe_serious(&c).await.unwrap();
    assert!(found.is_empty(), "axe-core on the thanks view: {found:#?}");

    // Stored once, for the visit's window and clerk, as a 差评 to follow up.
    let lead = token(
        &http,
        format!("{api}/auth/clerk"),
        json!({"clerk_id": seed::LEAD, "secret": "0000"}),
    )
    .await;
    let ratings: Vec<Value> = http
        .get(format!("{api}/ratings?bad=true"))
        .bearer_auth(&lead)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ratings.len(), 1, "{ratings:?}");
    let r = &ratings[0];
    assert_eq!(r["workstation_id"], seed::WORKSTATION_ID);
    assert_eq!(r["rating"]["clerk_id"], seed::WINDOW_CLERK);
    assert_eq!(r["rating"]["reasons"], json!(["come_again"]));
    assert_eq!(r["rating"]["text"], "材料清单没说清楚，跑了两趟");
    assert!(r["follow_up_by"].is_string());

    // Scanned again: already rated, no form.
    c.goto(&format!("{origin}/rate?c={code}")).await.unwrap();
    let again = wait_css(&c, "#done:not([hidden])")
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains("已经评价过了"), "{again}");
    assert!(!c
        .find(Locator::Css("#form"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    c.close().await.unwrap();
}
