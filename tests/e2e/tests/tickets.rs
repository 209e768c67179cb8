//! The hall's queue at the window, in the real window against a real back office on loopback:
//! tickets issued through the API, F12 calls the green-channel one first and opens its case,
//! recall and no-show, the ordinary ticket next, transfer to another group with a reason; the
//! back office records every time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, Locator};
use ow_api::{GreenReason, HallSetup, SignedIn, Ticket, TicketRequest, TicketState, API_PREFIX};
use ow_backoffice::{seed, ServerInfo};
use ow_e2e::{axe_serious, flows, screenshot, testid, wait_for, Driver};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const F12: &str = "\u{E03C}";
const SHIFT: &str = "\u{E008}";
const CONTROL: &str = "\u{E009}";
const ALT: &str = "\u{E00A}";
const RELEASE: &str = "\u{E000}";
const DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";

struct Hall {
    addr: SocketAddr,
    http: reqwest::Client,
    lead: String,
}

impl Hall {
    async fn open() -> Self {
        let addr = ow_backoffice::spawn("127.0.0.1:0".parse().unwrap(), ServerInfo::sandbox())
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let signed: SignedIn = http
            .post(format!("http://{addr}{API_PREFIX}/auth/clerk"))
            .json(&serde_json::json!({ "clerk_id": seed::LEAD, "secret": seed::PIN }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Self {
            addr,
            http,
            lead: signed.token,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn issue(&self, group: &str, green: Option<GreenReason>) -> Ticket {
        let resp = self
            .http
            .post(format!("http://{}{API_PREFIX}/tickets", self.addr))
            .bearer_auth(&self.lead)
            .json(&TicketRequest {
                group: group.into(),
                green,
            })
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
        resp.json().await.unwrap()
    }

    async fn tickets(&self) -> Vec<Ticket> {
        self.http
            .get(format!("http://{}{API_PREFIX}/tickets", self.addr))
            .bearer_auth(&self.lead)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn ticket(&self, id: &str) -> Ticket {
        self.tickets()
            .await
            .into_iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no ticket {id}"))
    }
}

/// Waits until the element's text holds `needle`.
async fn wait_text(c: &Client, id: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = match c.find(Locator::Css(&testid(id))).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if now.contains(needle) {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "{id} never said {needle:?}; it says {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Presses a key with a modifier held, wherever the focus is.
async fn chord(c: &Client, modifier: &str, key: &str) {
    flows::press(c, &format!("{modifier}{key}{RELEASE}"))
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn f12_calls_green_first_then_recall_no_show_and_a_transfer_are_recorded() {
    let hall = Hall::open().await;
    let plain = hall.issue("huzheng", None).await;
    let green = hall.issue("huzheng", Some(GreenReason::Senior)).await;
    assert_eq!(green.ahead, 0, "a green ticket goes before the plain one");

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_text(&c, "ticket-waiting", "等候 2 人").await;

    // F12: the green-channel ticket, although issued second; its case opens with it.
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-current", &green.number).await;
    wait_text(&c, "ticket-green", "老年人").await;
    wait_text(&c, "ticket-display", &green.number).await;
    wait_for(&c, "case-green", 10).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core with a called ticket: {axe:?}");
    screenshot(&c, "ticket-called").await.unwrap();

    // Nobody comes: two recalls, then 过号.
    chord(&c, SHIFT, F12).await;
    wait_text(&c, "ticket-bar", "已重呼 1 次").await;
    chord(&c, SHIFT, F12).await;
    wait_text(&c, "ticket-bar", "已重呼 2 次").await;
    chord(&c, CONTROL, F12).await;
    wait_text(&c, "ticket-current", "未叫号").await;
    let gone = hall.ticket(&green.id).await;
    assert_eq!(gone.state, TicketState::NoShow);
    assert_eq!(gone.recalls, 2);
    assert!(gone.called_at.is_some() && gone.ended_at.is_some());
    assert_eq!(gone.clerk_id.as_deref(), Some("1024"));

    // F12 again: the plain ticket.
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-current", &plain.number).await;
    // Alt+F12: transfer to the first group in the list that is not this one, with a reason.
    let setup: HallSetup = hall
        .http
        .get(format!("http://{}{API_PREFIX}/hall/setup", hall.addr))
        .bearer_auth(&hall.lead)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let index = setup
        .groups
        .iter()
        .position(|g| g.code != plain.group)
        .unwrap();
    chord(&c, ALT, F12).await;
    wait_for(&c, "transfer-reason", 10).await.unwrap();
    flows::press(&c, &format!("{}{ENTER}", DOWN.repeat(index + 1)))
        .await
        .unwrap();
    let reason = wait_for(&c, "transfer-reason", 10).await.unwrap();
    reason.send_keys("需社保窗口办理").await.unwrap();
    reason.send_keys(&format!("{TAB}")).await.unwrap();
    c.find(Locator::Css(&testid("transfer-ok")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, "ticket-current", "未叫号").await;
    let moved = hall.ticket(&plain.id).await;
    assert_eq!(moved.state, TicketState::Waiting);
    assert_eq!(moved.group, setup.groups[index].code);
    screenshot(&c, "ticket-transferred").await.unwrap();
}
