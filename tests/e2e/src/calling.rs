//! The hall's calling queue as the ticket tests drive it from outside the window: the shared
//! back office with the app's window calling from three groups, tickets issued and read as
//! the shift lead, and the one rating the window's outbox delivers.

// Test support that asserts as it goes: a failed call here is the calling test's failure, and
// the panic names it (these helpers were the ticket test's own before it grew too long).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::hall::APP_WINDOW;
use ow_api::{GreenReason, RatingRecord, Ticket, TicketRequest, API_PREFIX};
use ow_backoffice::seed;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub struct CallingHall {
    /// Keeps the back office (with the app's window enrolled) for the test's length.
    _shared: crate::hall::Hall,
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    /// The shift lead's token: tickets are issued and read as the lead.
    pub lead: String,
}

impl CallingHall {
    /// The shared test back office, with the groups the app's window calls from.
    pub async fn open() -> Self {
        let shared = crate::hall::Hall::open().await.unwrap();
        let lead = shared.clerk(seed::LEAD).await.unwrap();
        let groups = serde_json::json!({
            "workstation_id": APP_WINDOW, "groups": ["huzheng", "renshe", "yibao"]
        });
        shared
            .send(
                reqwest::Method::PUT,
                seed::ADMIN_TOKEN,
                &format!("/admin/windows/{APP_WINDOW}/groups"),
                Some(&groups),
            )
            .await
            .unwrap();
        Self {
            addr: shared.addr(),
            _shared: shared,
            http: reqwest::Client::new(),
            lead,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn issue(&self, group: &str, green: Option<GreenReason>) -> Ticket {
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

    pub async fn tickets(&self) -> Vec<Ticket> {
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

    /// The one rating the back office got through the window's outbox, waiting for it; fails
    /// when none comes or more than one does.
    pub async fn the_one_rating(&self) -> RatingRecord {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let r: Vec<RatingRecord> = self
                .http
                .get(format!("http://{}{API_PREFIX}/ratings", self.addr))
                .bearer_auth(&self.lead)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert!(r.len() <= 1, "a rating sent twice: {r:?}");
            if let Some(one) = r.into_iter().next() {
                return one;
            }
            assert!(Instant::now() < deadline, "the rating never arrived");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn ticket(&self, id: &str) -> Ticket {
        self.tickets()
            .await
            .into_iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no ticket {id}"))
    }
}
