//! The lead's floor in the real window: two windows (this app's, reporting through its own
//! presence beat, and another driven through the API), the lines, a waiting ticket moved from
//! the keyboard to another window, a misrouted case sent to another department's queue — and
//! a clerk calling the same commands directly is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, Utc};
use fantoccini::{Client, Locator};
use ow_e2e::flows::{invoke, press, wait_focus_id};
use ow_e2e::hall::{Hall, APP_WINDOW};
use ow_e2e::{
    axe_serious, lead_at_console, screenshot, testid, wait_attr, wait_for, Driver, LEAD,
    SECOND_CLERK,
};
use reqwest::Method;
use serde_json::{json, Value};

const DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";

fn late_case() -> Value {
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    json!({
        "window_case_no": "PX-W03-0100",
        "item_code": "000173001001",
        "item_name": "市外迁入（投靠配偶）",
        "queue": "huzheng",
        "clerk_id": "1024",
        "applicant": {"name": "陈思远", "id_kind": "resident_id", "id_number": "11010519491231002X"},
        "materials": [{"code": "applicant_id", "name": "申请人居民身份证", "data_check": true}],
        "accepted_at": Utc::now(),
        "promised_by": (today - Duration::days(10)).to_string(),
    })
}

/// The floor's row for `window`, once it has the status `status`.
async fn window_row(c: &Client, window: &str, status: &str) -> String {
    let css = format!(
        "{}[data-window='{window}'][data-status='{status}']",
        testid("floor-window")
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Ok(row) = c.find(Locator::Css(&css)).await {
            return row.text().await.unwrap();
        }
        assert!(std::time::Instant::now() < deadline, "no row {css}");
        // The console asks again every 10 s; the refresh button asks at once.
        if let Ok(b) = c.find(Locator::Css(&testid("hall-refresh"))).await {
            let _ = b.click().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// The button `id` once it is enabled (its dialog's fields are filled).
async fn enabled(c: &Client, id: &str) -> fantoccini::elements::Element {
    ow_e2e::wait_css(c, &format!("{}:not([disabled])", testid(id)), 10)
        .await
        .unwrap_or_else(|e| panic!("{id} stays disabled: {e}"))
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_lead_sees_the_floor_moves_a_ticket_and_reassigns_a_case() {
    let hall = Hall::open().await.unwrap();
    let other = hall.other_window().await.unwrap();
    // The other window: its clerk signed in there, a case in hand.
    hall.send(
        Method::POST,
        &other,
        "/windows/presence",
        Some(&json!({"clerk_id": SECOND_CLERK, "open_cases": 1,
                     "in_hand": {"item_name": "个体工商户设立登记", "step": "materials",
                                 "since": Utc::now()}})),
    )
    .await
    .unwrap();
    let mut tickets = Vec::new();
    for _ in 0..2 {
        let t = hall
            .send(
                Method::POST,
                "",
                "/kiosk/tickets",
                Some(&json!({"group": "huzheng"})),
            )
            .await
            .unwrap();
        tickets.push(t["id"].as_str().unwrap().to_owned());
    }
    let case = hall
        .send(Method::POST, &other, "/cases", Some(&late_case()))
        .await
        .unwrap();
    let number = case["case_number"].as_str().unwrap().to_owned();

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    // The clerk at the keyboard: refused by the desk, not just hidden.
    for (command, args) in [
        ("hall_now", Value::Null),
        (
            "hall_move_ticket",
            json!({"id": tickets[0], "request": {"group": "huzheng", "workstation_id": null, "reason": "x"}}),
        ),
        (
            "hall_move_case",
            json!({"caseNumber": number, "request": {"queue": "shuiwu", "clerk": null, "reason": "x"}}),
        ),
    ] {
        let refused = invoke(&c, command, args).await.unwrap_err().to_string();
        assert!(refused.contains("auth.forbidden"), "{command}: {refused}");
    }

    lead_at_console(&c).await.unwrap();
    wait_for(&c, "floor-now", 20).await.unwrap();
    // The other window, as its presence says; and this one, through the app's own beat (the
    // lead holds the clerk role too, so the window counts as staffed).
    let row = window_row(&c, "sandbox-window-1", "open").await;
    assert!(
        row.contains("培训收件员二") && row.contains("个体工商户设立登记"),
        "{row}"
    );
    let row = window_row(&c, APP_WINDOW, "open").await;
    assert!(row.contains("培训值班长"), "{row}");
    let line = format!(
        "{}[data-group='huzheng'][data-waiting='2']",
        testid("floor-group")
    );
    ow_e2e::wait_css(&c, &line, 10).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the floor: {axe:?}");
    screenshot(&c, "hall-floor").await.unwrap();

    // Alt+M: the oldest ticket; Tab to the window list, the first window, a reason.
    press(&c, "\u{E00A}m\u{E00A}").await.unwrap();
    wait_attr(&c, "transfer-form", "data-loaded", "true", 10)
        .await
        .unwrap();
    // Focus lands on the group list; Tab to the window list, ↓ opens it on its first entry.
    wait_focus_id(&c, "transfer-group", 10).await.unwrap();
    press(&c, TAB).await.unwrap();
    wait_focus_id(&c, "transfer-window", 10).await.unwrap();
    press(&c, DOWN).await.unwrap();
    press(&c, ENTER).await.unwrap();
    ow_e2e::fill(&c, "transfer-reason", "户政窗口排长队")
        .await
        .unwrap();
    screenshot(&c, "hall-floor-move").await.unwrap();
    enabled(&c, "transfer-ok").await.click().await.unwrap();
    let moved = format!(
        "{}[data-for-window]:not([data-for-window=''])",
        testid("floor-ticket")
    );
    let row = ow_e2e::wait_css(&c, &moved, 15).await.unwrap();
    let to = row.attr("data-for-window").await.unwrap().unwrap();
    let lead = hall.clerk(LEAD).await.unwrap();
    let listed = hall
        .send(Method::GET, &lead, "/tickets", None)
        .await
        .unwrap();
    let first = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == json!(tickets[0]))
        .unwrap();
    assert_eq!(first["for_window"], json!(to), "{listed}");
    assert_eq!(first["state"], "waiting");

    // The misrouted case: from the at-risk list to another department's queue.
    wait_for(&c, "risk-move", 10)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "move-case-form", 5).await.unwrap();
    wait_focus_id(&c, "move-case-queue", 10).await.unwrap();
    press(&c, DOWN).await.unwrap();
    press(&c, ENTER).await.unwrap();
    ow_e2e::fill(&c, "move-case-reason", "应由税务受理")
        .await
        .unwrap();
    enabled(&c, "move-case-ok").await.click().await.unwrap();
    let v = hall
        .case_when(&lead, &number, |v| v["queue"] != "huzheng")
        .await
        .unwrap();
    let history = v["history"].to_string();
    assert!(history.contains("应由税务受理"), "{v}");

    // Alt+F: the figures, drawn; Alt+E saves the workbook where the app says.
    press(&c, "\u{E00A}f\u{E00A}").await.unwrap();
    let total = wait_for(&c, "figures-total", 20).await.unwrap();
    assert_eq!(
        total.attr("data-issued").await.unwrap().as_deref(),
        Some("2")
    );
    // The chart is drawn: the canvas holds pixels of the first series' colour (#1f5fbf).
    let drawn = c
        .execute(
            "const cv = document.querySelector('[data-testid=chart-hour] canvas');\
             const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;\
             let n = 0; for (let i = 0; i < d.length; i += 4)\
               if (d[i] === 31 && d[i + 1] === 95 && d[i + 2] === 191) n++;\
             return n;",
            vec![],
        )
        .await
        .unwrap();
    assert!(drawn.as_u64().unwrap() > 100, "bars drawn: {drawn}");
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the figures: {axe:?}");
    screenshot(&c, "hall-figures").await.unwrap();
    press(&c, "\u{E00A}e\u{E00A}").await.unwrap();
    let saved = wait_for(&c, "figures-saved", 20).await.unwrap();
    let path = saved.attr("data-path").await.unwrap().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        path.ends_with(".xlsx") && bytes.starts_with(b"PK"),
        "{path}"
    );
    std::fs::remove_file(&path).unwrap();
    c.close().await.unwrap();
}
